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

	"github.com/syncbench/syncbench/internal/filelock"
)

// A Writer writes a results file line by line as results arrive, each line
// in one write; the file is made, with the lines held before it, only with
// the first result, so that no file without results is left behind.
type Writer struct {
	w    io.Writer // nil until the file is made
	f    *os.File  // nil when writing to a plain io.Writer
	name string
	// path is the file Create was asked for; force allows replacing it.
	path  string
	force bool
	// old is the existing file force will replace, locked so that no other
	// run replaces it too.
	old *os.File
	// pending holds the lines written before the file is made.
	pending bytes.Buffer
	// results counts the benchmark result lines written.
	results int
	// size is the length of the file's whole lines.
	size int64
	err  error
}

// Create prepares path for writing a results file, creating its directory
// if needed; the file itself is made with the first result (see Writer).
// An existing file is an error unless force is set; with force, the old
// file stays as it was until the first result, and an existing file that
// another run is writing is an error even so. Errors are one line naming
// the path.
func Create(path string, force bool) (*Writer, error) {
	dir := filepath.Dir(path)
	if dir != "." {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return nil, pathError("cannot create results directory", dir, err)
		}
	}
	w := &Writer{name: path, path: path, force: force}
	if st, err := os.Stat(path); err == nil {
		if !force {
			return nil, fmt.Errorf("%s already exists (use -force to overwrite it)", path)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", path)
		}
		if w.old, err = lockExisting(path); err != nil {
			return nil, err
		}
	}
	// Check now, not after the build, that the directory takes a file.
	probe, err := os.CreateTemp(dir, "."+filepath.Base(path)+".probe-*")
	if err != nil {
		w.closeOld()
		return nil, pathError("cannot create results file", path, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return w, nil
}

// lockExisting opens the existing results file path and locks it, or
// says that another run holds it.
func lockExisting(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, pathError("cannot open results file", path, err)
	}
	ok, err := filelock.TryLock(f)
	if err != nil {
		f.Close()
		return nil, pathError("cannot lock results file", path, err)
	}
	if !ok {
		f.Close()
		return nil, fmt.Errorf("%s is being written by another syncbench run", path)
	}
	return f, nil
}

func (w *Writer) closeOld() {
	if w.old != nil {
		w.old.Close()
		w.old = nil
	}
}

// publish makes the results file: the pending lines go to a new, locked
// file in the target's directory, which is then linked to the target's
// name (which must not exist) or, with force, renamed over it. When
// another run made the target meanwhile, the lines go to a free name
// beside it, which the error names.
func (w *Writer) publish() error {
	dir, base := filepath.Split(w.path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".syncbench-*.tmp")
	if err != nil {
		return pathError("cannot create results file", w.path, err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if _, err := filelock.TryLock(tmp); err != nil {
		return fail(pathError("cannot lock results file", w.path, err))
	}
	if _, err := tmp.Write(w.pending.Bytes()); err != nil {
		return fail(pathError("cannot write results file", w.path, err))
	}
	err = os.Link(tmp.Name(), w.path)
	switch {
	case err == nil:
		os.Remove(tmp.Name())
	case errors.Is(err, fs.ErrExist) && w.force:
		// Replace the old file, holding its lock while doing so.
		if w.old == nil {
			if w.old, err = lockExisting(w.path); err != nil {
				return w.elsewhere(tmp, err)
			}
		}
		if err := os.Rename(tmp.Name(), w.path); err != nil {
			return fail(pathError("cannot create results file", w.path, err))
		}
	case errors.Is(err, fs.ErrExist):
		return w.elsewhere(tmp, fmt.Errorf("%s was created by another run meanwhile", w.path))
	default:
		// No hard links here: create the file exclusively instead.
		f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err != nil {
			return fail(pathError("cannot create results file", w.path, err))
		}
		tmp.Close()
		os.Remove(tmp.Name())
		if _, err := f.Write(w.pending.Bytes()); err != nil {
			f.Close()
			os.Remove(w.path)
			return pathError("cannot write results file", w.path, err)
		}
		tmp = f
	}
	w.closeOld()
	w.f, w.w = tmp, tmp
	w.size = int64(w.pending.Len())
	w.pending = bytes.Buffer{}
	return nil
}

// elsewhere keeps the lines of tmp under a free name beside the target
// (name-1.txt, name-2.txt, ...) and returns why, with that name.
func (w *Writer) elsewhere(tmp *os.File, why error) error {
	tmp.Close()
	ext := filepath.Ext(w.path)
	stem := strings.TrimSuffix(w.path, ext)
	for i := 1; i < 1000; i++ {
		alt := fmt.Sprintf("%s-%d%s", stem, i, ext)
		if os.Link(tmp.Name(), alt) == nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("%v; the %d result(s) of this run are in %s", why, w.results+1, alt)
		}
	}
	return fmt.Errorf("%v; the results of this run are in %s", why, tmp.Name())
}

// pathError makes one line of what failed on which path.
func pathError(what, path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s %s: %w", what, path, err)
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

// Comment writes the line "# text", which benchfmt readers (benchstat,
// syncbench) pass over: for facts about the run that are not a
// configuration of its results, such as the machine's load. A comment
// that cannot be written is left out and its error returned, but does not
// fail the writes after it or Close: the file still ends with its last
// whole line.
func (w *Writer) Comment(text string) error {
	if err := checkLine(text); err != nil {
		return err
	}
	if w.err != nil {
		return w.err
	}
	err := w.line("# " + strings.TrimSpace(text))
	w.err = nil
	return err
}

// Result writes one benchmark result line as the test binary printed it.
func (w *Writer) Result(l ResultLine) error {
	if err := w.line(l.text); err != nil {
		return err
	}
	if w.w == nil {
		if err := w.publish(); err != nil {
			w.err = err
			return err
		}
	}
	w.results++
	return nil
}

// A ResultLine is one benchmark result line, its text and what benchfmt
// reads from it; only ParseResultLine makes one.
type ResultLine struct {
	text string
	res  *benchfmt.Result
}

// Result returns the parsed result.
func (l ResultLine) Result() *benchfmt.Result { return l.res }

// ParseResultLine parses one benchmark result line (without its newline).
// It returns an error if the line is not a complete, well-formed result.
func ParseResultLine(line string) (ResultLine, error) {
	line = strings.TrimRight(line, "\r\n")
	if err := checkLine(line); err != nil {
		return ResultLine{}, err
	}
	if !strings.HasPrefix(line, "Benchmark") {
		return ResultLine{}, fmt.Errorf("not a benchmark result line: %q", line)
	}
	r := benchfmt.NewReader(strings.NewReader(line), "")
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			return ResultLine{line, rec}, nil
		case *benchfmt.SyntaxError:
			return ResultLine{}, fmt.Errorf("bad benchmark result line %q: %s", line, rec.Msg)
		}
	}
	return ResultLine{}, fmt.Errorf("not a benchmark result line: %q", line)
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
	var buf bytes.Buffer
	buf.Grow(len(s) + 1)
	buf.WriteString(s)
	buf.WriteByte('\n')
	if w.w == nil {
		w.pending.Write(buf.Bytes())
		return nil
	}
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

// Close makes the file if no result has made it yet (it then holds the
// lines written: a file closed on purpose is wanted), syncs and closes it.
// It returns the first write error, if any, or the error of closing.
func (w *Writer) Close() error {
	if w.w == nil && w.path != "" && w.err == nil {
		if err := w.publish(); err != nil {
			w.err = err
		}
	}
	w.closeOld()
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

// Abort closes the file. Before the first result nothing was made, so
// nothing is left behind and an existing file opened with force keeps its
// old contents; a file holding a result is kept.
func (w *Writer) Abort() error {
	w.closeOld()
	w.pending = bytes.Buffer{}
	if w.f == nil {
		return nil
	}
	f := w.f
	w.f = nil
	return f.Close()
}
