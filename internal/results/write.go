package results

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/exitcode"
)

// A Writer writes a results file in the Go benchmark format line by line,
// as results arrive, so that a run that stops early keeps every result it
// measured. Each line goes to the file in a single write: a reader of the
// file, even while it is being written, sees whole lines only.
//
// A Writer does not buffer: what its methods accepted is in the file when
// they return (in the operating system's page cache, that is; Close syncs
// it to disk).
type Writer struct {
	w    io.Writer
	f    *os.File // nil when writing to a plain io.Writer
	name string
	// created is true when Create made the file, so Abort may remove it.
	created bool
	// truncate is true while an existing file opened with force still
	// holds its old contents; the first write truncates it.
	truncate bool
	// results counts the benchmark result lines written.
	results int
	// size is the length of the file's whole lines.
	size int64
	err  error
}

// Create opens path for writing a results file, creating its directory if
// needed. An existing file is an error unless force is set; with force,
// the old contents stay until the first line is written, so that a run
// that fails before writing anything leaves the old file as it was.
//
// Errors are one line naming the path, with exit code 2.
func Create(path string, force bool) (*Writer, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return nil, pathError("cannot create results directory", dir, err)
		}
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE
	}
	existed := false
	if force {
		if st, err := os.Stat(path); err == nil {
			if !st.Mode().IsRegular() {
				return nil, exitcode.New(exitcode.Failure, "%s: not a regular file", path)
			}
			existed = true
		}
	}
	f, err := os.OpenFile(path, flags, 0o666)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, exitcode.New(exitcode.Failure, "%s already exists (use -force to overwrite it)", path)
		}
		return nil, pathError("cannot create results file", path, err)
	}
	return &Writer{w: f, f: f, name: path, created: !existed, truncate: existed}, nil
}

// pathError makes one line of what failed on which path.
func pathError(what, path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return exitcode.New(exitcode.Failure, "%s %s: %v", what, path, err)
}

// NewWriter returns a Writer that writes to w; name is used in errors.
func NewWriter(w io.Writer, name string) *Writer {
	return &Writer{w: w, name: name}
}

// Results returns the number of benchmark result lines written so far.
func (w *Writer) Results() int { return w.results }

// ValidConfigKey reports whether key can be the key of a config line:
// it starts with a lower-case letter and holds no space, upper-case letter
// or colon, as benchfmt requires.
func ValidConfigKey(key string) bool {
	if key == "" {
		return false
	}
	for i, r := range key {
		if i == 0 && !unicode.IsLower(r) {
			return false
		}
		if unicode.IsSpace(r) || unicode.IsUpper(r) || r == ':' || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// Config writes the config line "key: value". The key must be valid (see
// ValidConfigKey) and the value non-empty (an empty value would delete
// the key for a benchfmt reader) and on one line.
func (w *Writer) Config(key, value string) error {
	if !ValidConfigKey(key) {
		return fmt.Errorf("invalid config key %q", key)
	}
	value = strings.TrimSpace(value)
	if value == "" {
		return fmt.Errorf("config key %s: empty value", key)
	}
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("config key %s: value %q is not one line", key, value)
	}
	return w.line(key + ": " + value)
}

// Unit writes a unit metadata line such as "Unit fairness better=higher".
// The line must be one that benchfmt reads as unit metadata.
func (w *Writer) Unit(line string) error {
	line = strings.TrimSpace(line)
	if err := checkLine(line); err != nil {
		return err
	}
	r := benchfmt.NewReader(strings.NewReader(line), w.name)
	ok := false
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.UnitMetadata:
			ok = true
		case *benchfmt.SyntaxError:
			return fmt.Errorf("bad unit line %q: %s", line, rec.Msg)
		}
	}
	if !ok {
		return fmt.Errorf("not a unit line: %q", line)
	}
	return w.line(line)
}

// Result writes one benchmark result line, as the test binary printed it
// (without its newline). The line must be one that benchfmt reads as a
// result; the parsed result is returned (valid until the next call).
func (w *Writer) Result(line string) (*benchfmt.Result, error) {
	line = strings.TrimRight(line, "\r\n")
	if err := checkLine(line); err != nil {
		return nil, err
	}
	res, err := ParseResultLine(line)
	if err != nil {
		return nil, err
	}
	if err := w.line(line); err != nil {
		return nil, err
	}
	w.results++
	return res, nil
}

// ParseResultLine parses one benchmark result line. It returns an error
// if the line is not a complete, well-formed result.
func ParseResultLine(line string) (*benchfmt.Result, error) {
	if !strings.HasPrefix(line, "Benchmark") {
		return nil, fmt.Errorf("not a benchmark result line: %q", line)
	}
	r := benchfmt.NewReader(strings.NewReader(line), "")
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			return rec, nil
		case *benchfmt.SyntaxError:
			return nil, fmt.Errorf("bad benchmark result line %q: %s", line, rec.Msg)
		}
	}
	return nil, fmt.Errorf("not a benchmark result line: %q", line)
}

// checkLine rejects text that would not stay one line.
func checkLine(line string) error {
	if strings.ContainsAny(line, "\r\n") {
		return fmt.Errorf("line %q is not one line", line)
	}
	return nil
}

// line writes one line and its newline in one write.
func (w *Writer) line(s string) error {
	if w.err != nil {
		return w.err
	}
	if w.truncate {
		if err := w.f.Truncate(0); err != nil {
			w.err = pathError("cannot write results file", w.name, err)
			return w.err
		}
		w.truncate = false
	}
	var buf bytes.Buffer
	buf.Grow(len(s) + 1)
	buf.WriteString(s)
	buf.WriteByte('\n')
	if _, err := w.w.Write(buf.Bytes()); err != nil {
		// A short write (a full disk) must not leave part of a line:
		// cut the file back to its last whole line.
		if w.f != nil {
			w.f.Truncate(w.size)
			w.f.Seek(w.size, io.SeekStart)
		}
		w.err = pathError("cannot write results file", w.name, err)
		return w.err
	}
	w.size += int64(buf.Len())
	return nil
}

// Close syncs and closes the file. It returns the first write error, if
// any, or the error of closing.
func (w *Writer) Close() error {
	if w.f == nil {
		return w.err
	}
	f := w.f
	w.f = nil
	serr := f.Sync()
	cerr := f.Close()
	if w.err != nil {
		return w.err
	}
	if serr != nil && !errors.Is(serr, os.ErrInvalid) {
		return pathError("cannot write results file", w.name, serr)
	}
	if cerr != nil {
		return pathError("cannot write results file", w.name, cerr)
	}
	return nil
}

// Abort closes the file and, if no result was written to it, undoes
// Create: a file Create made is removed, even if it holds config lines,
// and an existing file opened with force and not yet written is left with
// its old contents. A file holding a result is kept.
func (w *Writer) Abort() error {
	if w.f == nil {
		return nil
	}
	f := w.f
	w.f = nil
	err := f.Close()
	if w.results == 0 && w.created {
		if rerr := os.Remove(w.name); rerr != nil && err == nil {
			err = rerr
		}
	}
	return err
}
