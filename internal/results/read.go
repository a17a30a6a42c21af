// Reading results files: the files `syncbench run` writes, plain
// `go test -bench` output, or results from another project entirely.
//
// Reading is forgiving where a human would be: a UTF-16 file (as
// PowerShell redirection writes) is decoded, CRLF line ends are accepted,
// and a malformed line, a NaN or a negative measurement is dropped with a
// Warning that names the file and line. It is strict where nothing useful
// is left: a missing, empty or result-less file is an error.

package results

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// MaxLineWarnings is the number of per-line warnings Scan keeps for one
// file; beyond it, one more warning counts the lines left unreported.
const MaxLineWarnings = 20

// Warning is a problem in an input file that did not stop reading: a
// malformed line, a NaN or negative value (dropped), a UTF-16 file
// decoded, etc.
type Warning struct {
	File string
	Line int // 1-based; 0 when the warning is about the whole file
	Msg  string
}

// String formats w as "file:line: msg", or "file: msg" when Line is 0.
func (w Warning) String() string {
	if w.Line == 0 {
		return w.File + ": " + w.Msg
	}
	return w.File + ":" + strconv.Itoa(w.Line) + ": " + w.Msg
}

// File is one results file read whole.
type File struct {
	// Name is the name the file was read under (its path for ReadFile).
	Name string
	// Results are the file's benchmark results, cloned, in file order,
	// with dropped (NaN or negative) values already removed.
	Results []*benchfmt.Result
	// Units is the unit metadata from the file's Unit lines.
	Units benchfmt.UnitMetadataMap
	// Warnings are the problems that did not stop reading.
	Warnings []Warning
}

// ReadFile reads the results file at path.
//
// It returns an error (one line that names the file) when the file is missing or unreadable, empty, or holds no
// benchmark result lines. Anything less serious becomes a Warning in the
// returned File.
func ReadFile(path string) (*File, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(path, f)
}

// FIFOWait is how long a named pipe with no writer is waited for before
// reading it fails with ErrNoWriter.
const FIFOWait = 5 * time.Second

// ErrNoWriter is the error of reading a named pipe that nothing was
// written to within FIFOWait.
var ErrNoWriter = fmt.Errorf("named pipe: nothing written to it within %v (no writer, or one that wrote nothing)", FIFOWait)

// Open opens a results file for reading: a regular file, or a pipe (a
// shell's <(go test -bench .)). A device such as /dev/zero, a directory or
// a socket is refused, and a named pipe without a writer is waited for
// FIFOWait, then fails with ErrNoWriter instead of blocking forever.
// Errors are one line naming the file.
func Open(path string) (io.ReadCloser, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, openError(path, err)
	}
	flag := os.O_RDONLY
	switch mode := st.Mode(); {
	case mode.IsRegular():
	case mode&fs.ModeNamedPipe != 0:
		flag |= syscall.O_NONBLOCK
	case mode.IsDir():
		return nil, fmt.Errorf("%s: is a directory, not a results file", path)
	default:
		return nil, fmt.Errorf("%s: not a regular file or pipe (a device or socket)", path)
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, openError(path, err)
	}
	if flag&syscall.O_NONBLOCK != 0 {
		return &fifoReader{f: f, deadline: time.Now().Add(FIFOWait)}, nil
	}
	return f, nil
}

// fifoReader reads a named pipe opened without waiting for a writer: until
// the first bytes arrive, the end of input that means "no writer yet" is
// retried until the deadline, and then is ErrNoWriter.
type fifoReader struct {
	f        *os.File
	started  bool
	deadline time.Time
}

func (r *fifoReader) Read(p []byte) (int, error) {
	for {
		n, err := r.f.Read(p)
		if n > 0 {
			r.started = true
		}
		if err == io.EOF && n == 0 && !r.started {
			if time.Now().Before(r.deadline) {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			return 0, ErrNoWriter
		}
		return n, err
	}
}

func (r *fifoReader) Close() error { return r.f.Close() }

// openError turns an error from os.Open or a read into one line naming
// the file once.
func openError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", name)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// Read reads a results file from r; name is used in warnings and errors.
// It fails and warns as ReadFile does.
func Read(name string, r io.Reader) (*File, error) {
	f := &File{Name: name}
	// Results share one copy of the file configuration while it stays the
	// same (it rarely changes within a file): a million results keep one,
	// not a million. Nothing may change a read result's Config in place.
	var config []benchfmt.Config
	units, warnings, err := Scan(name, r, func(res *benchfmt.Result) {
		c := res.Clone()
		if sameConfig(c.Config, config) {
			c.Config = config
		} else {
			config = c.Config
		}
		f.Results = append(f.Results, c)
	})
	f.Units, f.Warnings = units, warnings
	if err != nil {
		return nil, err
	}
	return f, nil
}

// sameConfig reports whether a equals the configuration b kept so far
// (none when b is nil).
func sameConfig(a, b []benchfmt.Config) bool { return b != nil && SameConfig(a, b) }

// SameConfig reports whether two configurations are equal, key by key in
// order: readers that stream results compare each result's configuration
// with the previous one's, which rarely changes, to skip the work that
// depends on it.
func SameConfig(a, b []benchfmt.Config) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || a[i].File != b[i].File || !bytes.Equal(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

// Scan streams the results of one file to fn, which must clone a result to
// keep it; NaN, infinite and negative values are dropped with a warning.
// It returns the unit metadata and warnings even with its error.
func Scan(name string, r io.Reader, fn func(r *benchfmt.Result)) (units benchfmt.UnitMetadataMap, warnings []Warning, err error) {
	s := scanner{name: name}
	units, err = s.scan(r, fn)
	return units, s.warnings, err
}

// scanner holds the state of one Scan.
type scanner struct {
	name     string
	warnings []Warning
	// lineWarnings counts per-line warnings, reported or not.
	lineWarnings int
	// firstBad is the first per-line warning, for the error message when
	// nothing usable is left.
	firstBad *Warning
}

// warnLine records a warning about one line, keeping at most
// MaxLineWarnings of them.
func (s *scanner) warnLine(line int, msg string) {
	s.lineWarnings++
	w := Warning{File: s.name, Line: line, Msg: msg}
	if s.firstBad == nil {
		s.firstBad = &w
	}
	if s.lineWarnings <= MaxLineWarnings {
		s.warnings = append(s.warnings, w)
	}
}

func (s *scanner) scan(r io.Reader, fn func(*benchfmt.Result)) (benchfmt.UnitMetadataMap, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, openError(s.name, err)
	}
	if len(head) == 0 {
		return nil, fmt.Errorf("%s: empty file", s.name)
	}
	var in io.Reader = br
	switch enc, bom := detectEncoding(head); enc {
	case "UTF-8 with BOM":
		br.Discard(bom)
	case "":
	default:
		s.warnings = append(s.warnings, Warning{File: s.name, Msg: "decoded " + enc + " text (as PowerShell redirection writes)"})
		endian := unicode.LittleEndian
		if enc == "UTF-16BE" {
			endian = unicode.BigEndian
		}
		// ExpectBOM would reject BOM-less text; UseBOM honours a BOM and
		// otherwise uses the detected byte order.
		dec := unicode.UTF16(endian, unicode.UseBOM).NewDecoder()
		in = transform.NewReader(br, dec)
	}

	// benchfmt's line scanner gives up on the whole file at a line longer
	// than its buffer; drop such lines here instead (each replaced by an
	// empty line, so that benchfmt's line numbers stay right).
	in = &lineLimiter{br: bufio.NewReaderSize(in, MaxLineBytes+1), drop: func(line, n int) {
		s.warnLine(line, fmt.Sprintf("line of %d bytes skipped: longer than %d bytes", n, MaxLineBytes))
	}}
	limiter := in.(*lineLimiter)
	rd := benchfmt.NewReader(in, s.name)
	n, dropped := 0, 0
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			s.warnLine(rec.Line, "malformed line skipped: "+rec.Msg)
		case *benchfmt.Result:
			if !s.clean(rec) {
				dropped++
				continue
			}
			n++
			fn(rec)
		}
	}
	if s.lineWarnings > MaxLineWarnings {
		s.warnings = append(s.warnings, Warning{File: s.name,
			Msg: fmt.Sprintf("%d more problem lines not listed", s.lineWarnings-MaxLineWarnings)})
	}
	units := rd.Units()
	if limiter.endless {
		return units, fmt.Errorf("%s:%d: no line end in %d MiB: not a results file", s.name, limiter.line, MaxNoNewline>>20)
	}
	if err := rd.Err(); err != nil {
		// benchfmt's error already reads "name:line: problem".
		return units, err
	}
	if n == 0 {
		switch {
		case s.firstBad != nil:
			return units, fmt.Errorf("%s: no usable benchmark results (%d problem lines; first: %s)",
				s.name, s.lineWarnings, s.firstBad)
		case dropped > 0:
			return units, fmt.Errorf("%s: no usable benchmark results", s.name)
		}
		return units, fmt.Errorf("%s: no benchmark results (no lines of the form \"BenchmarkName N value unit ...\")", s.name)
	}
	return units, nil
}

// clean removes NaN, infinite and negative values from res in place,
// warning about each, and reports whether any value is left.
func (s *scanner) clean(res *benchfmt.Result) bool {
	vals := res.Values[:0]
	for _, v := range res.Values {
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Value < 0 {
			_, line := res.Pos()
			unit := v.Unit
			orig := v.Value
			if v.OrigUnit != "" {
				unit, orig = v.OrigUnit, v.OrigValue
			}
			what := "negative"
			if math.IsNaN(v.Value) {
				what = "NaN"
			} else if math.IsInf(v.Value, 0) {
				what = "infinite"
			}
			s.warnLine(line, fmt.Sprintf("%s value %v %s of %s dropped", what, orig, unit, res.Name))
			continue
		}
		vals = append(vals, v)
	}
	res.Values = vals
	return len(vals) > 0
}

// MaxLineBytes is the longest line Scan passes on (not counting its line
// end): benchfmt's scanner fails on a longer one, so it is dropped with a
// warning instead.
const MaxLineBytes = bufio.MaxScanTokenSize - 1

// MaxNoNewline is how far Scan reads into a line without finding its end
// before it gives up on the input (a binary file, /dev/zero on standard
// input) with an error.
const MaxNoNewline = 64 << 20

// lineLimiter passes its input on line by line, replacing each line longer
// than MaxLineBytes by an empty line and calling drop with its 1-based
// number and length.
type lineLimiter struct {
	br   *bufio.Reader // of size MaxLineBytes+1
	drop func(line, n int)

	line     int    // lines started so far
	pending  []byte // the rest of the current chunk, in br's buffer
	skipping bool   // inside an over-long line
	skipped  int    // bytes of it so far
	endless  bool   // a line went on past MaxNoNewline
	err      error
}

var newline = []byte{'\n'}

func (l *lineLimiter) Read(p []byte) (int, error) {
	for len(l.pending) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		chunk, err := l.br.ReadSlice('\n')
		complete := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
		switch {
		case l.skipping:
			l.skipped += len(chunk)
			if l.skipped > MaxNoNewline && !complete {
				// Not text: a device or binary file that would be read
				// to its (possibly never coming) end.
				l.endless = true
				l.err = fmt.Errorf("no line end in %d MiB", MaxNoNewline>>20)
				return 0, l.err
			}
			if complete || (err != nil && err != bufio.ErrBufferFull) {
				if complete {
					l.skipped--
				}
				l.drop(l.line, l.skipped)
				l.skipping = false
				l.pending = newline
			}
		case err == bufio.ErrBufferFull:
			// No line end within MaxLineBytes+1 bytes.
			l.line++
			l.skipping, l.skipped = true, len(chunk)
		default:
			if len(chunk) > 0 {
				l.line++
			}
			l.pending = chunk
		}
		if err != nil && err != bufio.ErrBufferFull {
			l.err = err
		}
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// detectEncoding looks at the first bytes of a file and names its
// encoding when it is not plain UTF-8: "UTF-16LE" or "UTF-16BE" (with or
// without a byte order mark), or "UTF-8 with BOM", whose mark is bom bytes
// long.
func detectEncoding(head []byte) (enc string, bom int) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return "UTF-8 with BOM", 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "UTF-16LE", 2
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "UTF-16BE", 2
	}
	// Without a mark, ASCII text in UTF-16 has a zero byte in every other
	// position; Go benchmark output is (nearly all) ASCII.
	if len(head) < 4 {
		return "", 0
	}
	var evenZero, oddZero, pairs int
	for i := 0; i+1 < len(head); i += 2 {
		pairs++
		if head[i] == 0 {
			evenZero++
		}
		if head[i+1] == 0 {
			oddZero++
		}
	}
	switch {
	case oddZero*10 >= pairs*9 && evenZero == 0:
		return "UTF-16LE", 0
	case evenZero*10 >= pairs*9 && oddZero == 0:
		return "UTF-16BE", 0
	}
	return "", 0
}
