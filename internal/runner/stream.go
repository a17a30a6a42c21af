package runner

import (
	"github.com/syncbench/syncbench/internal/runner/progress"

	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/rounds"
)

// passConfig are the config keys the test binary prints (as go test
// does) that go into the results file as they come.
var passConfig = map[string]bool{"goos": true, "goarch": true, "pkg": true, "cpu": true}

// maxShown is how many lines of a failing benchmark's output are shown.
const maxShown = 60

// A stream takes the test binary's standard output apart: result lines
// and its goos/goarch/pkg/cpu config lines go to the results file (after
// the run's own header, which is written just before the first result),
// the start of a benchmark goes to the progress display, and everything
// else (benchmark logs, failures) is kept to be shown.
type stream struct {
	w      *results.Writer
	header []kv
	// notes are comment lines written after the header, such as the load
	// at the start of the run.
	notes []string
	prog  progress.Reporter
	// onFail is called once when a benchmark fails or the file cannot be
	// written, to stop the test binary.
	onFail func()

	headerDone bool
	pending    []kv // config lines of the binary seen before the first result
	written    map[string]string

	// current is the benchmark the binary is running (its name printed,
	// its result not yet); failed is the first benchmark that failed.
	current, failed string
	// output keeps the lines that are neither results nor config: from
	// the first failure on, or before any failure the first ones.
	output   []string
	dropped  int
	stderr   limitedBuffer
	writeErr error
	// calibration is a failure while calibrating, whose output
	// showFailure prints.
	calibration *rounds.Failure
}

// kv is one config line.
type kv struct{ key, value string }

// consume reads r to its end, handling each complete line. A last line
// without its newline (a benchmark that was running when the binary
// stopped) only names the benchmark running.
func (s *stream) consume(r io.Reader) error {
	buf := make([]byte, 0, 64<<10)
	chunk := make([]byte, 32<<10)
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		for {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				break
			}
			s.line(strings.TrimRight(string(buf[:i]), "\r"))
			buf = buf[i+1:]
		}
		if len(buf) > 0 {
			s.partial(string(buf))
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// partial handles the start of a line whose end has not arrived: the
// testing package prints a benchmark's name before running it.
func (s *stream) partial(text string) {
	// The name is complete once the tab after it has arrived.
	if !strings.HasPrefix(text, "Benchmark") || !strings.HasSuffix(text, "\t") {
		return
	}
	name := strings.TrimSpace(text)
	if name == "" || strings.ContainsAny(name, " \t") || name == s.current {
		return
	}
	s.current = name
	s.prog.Running(name)
}

// line handles one complete line of the test binary's output.
func (s *stream) line(line string) {
	if strings.HasPrefix(line, "Benchmark") {
		if strings.Contains(line, "--- FAIL:") || strings.Contains(line, "--- SKIP:") {
			// "BenchmarkX-2   \t--- FAIL: BenchmarkX-2": the name part
			// was printed before the benchmark ran.
			name, rest, _ := strings.Cut(line, "\t")
			if strings.Contains(rest, "--- FAIL:") {
				s.fail(strings.TrimSpace(name))
			}
			s.other(strings.TrimSpace(rest))
			s.current = ""
			return
		}
		if rl, err := results.ParseResultLine(line); err == nil {
			if s.failed != "" || s.writeErr != nil {
				// The run stopped at the failure; the binary has not
				// seen the signal yet.
				return
			}
			if err := s.writeHeader(); err != nil {
				s.writeFailed(err)
				return
			}
			if err := s.w.Result(rl); err != nil {
				s.writeFailed(err)
				return
			}
			s.current = ""
			s.prog.Result(rl.Result())
			return
		}
	}
	if key, value, ok := configLine(line); ok && passConfig[key] {
		s.config(key, value)
		return
	}
	if strings.HasPrefix(line, "--- FAIL:") {
		s.fail(strings.TrimSpace(strings.TrimPrefix(line, "--- FAIL:")))
	}
	switch line {
	case "PASS", "FAIL", "":
		return
	}
	if strings.HasPrefix(line, "ok  \t") || strings.HasPrefix(line, "FAIL\t") {
		return
	}
	s.other(line)
}

// other keeps a line of benchmark output; before any failure it is also
// shown at once (it is a benchmark's log), after one it waits for the
// failure report.
func (s *stream) other(line string) {
	if s.failed == "" {
		s.prog.Println(line)
	}
	if len(s.output) >= maxShown {
		s.dropped++
		return
	}
	s.output = append(s.output, line)
}

// fail records a failing benchmark and stops the binary.
func (s *stream) fail(name string) {
	if s.failed != "" {
		return
	}
	if name == "" {
		name = s.current
	}
	s.failed = name
	// Show what the benchmark printed from its failure on.
	s.output, s.dropped = nil, 0
	if s.onFail != nil {
		s.onFail()
	}
}

// writeFailed records an error writing the file and stops the binary.
func (s *stream) writeFailed(err error) {
	if s.writeErr == nil {
		s.writeErr = err
		if s.onFail != nil {
			s.onFail()
		}
	}
}

// config handles a config line printed by the binary (goos, goarch, pkg,
// cpu): before the first result it joins the header; after it, it is
// written if its value changed.
func (s *stream) config(key, value string) {
	if !s.headerDone {
		s.pending = append(s.pending, kv{key, value})
		return
	}
	if s.written[key] == value {
		return
	}
	if err := s.w.Config(key, value); err != nil {
		s.writeFailed(err)
		return
	}
	s.written[key] = value
}

// writeHeader writes, once, the run's config lines, the binary's own
// config lines seen so far, the Unit lines and the notes.
func (s *stream) writeHeader() error {
	if s.headerDone {
		return nil
	}
	s.headerDone = true
	s.written = map[string]string{}
	for _, c := range append(s.header, s.pending...) {
		if s.written[c.key] == c.value {
			continue
		}
		if err := s.w.Config(c.key, c.value); err != nil {
			return err
		}
		s.written[c.key] = c.value
	}
	for _, u := range results.UnitLines() {
		if err := s.w.Unit(u); err != nil {
			return err
		}
	}
	for _, n := range s.notes {
		if err := s.w.Comment(n); err != nil {
			return err
		}
	}
	return nil
}

// showFailure prints the failing benchmark's output and the binary's
// standard error.
func (s *stream) showFailure(w io.Writer) {
	if f := s.calibration; f != nil {
		io.WriteString(w, f.Output)
		return
	}
	if s.failed != "" {
		fmt.Fprintf(w, "--- FAIL: %s\n", s.failed)
	}
	for _, l := range s.output {
		if s.failed != "" && strings.HasPrefix(l, "--- FAIL: "+s.failed) {
			continue
		}
		fmt.Fprintln(w, l)
	}
	if s.dropped > 0 {
		fmt.Fprintf(w, "... (%d more lines)\n", s.dropped)
	}
	if s.stderr.Len() > 0 {
		s.stderr.WriteTo(w)
	}
}

// running names the benchmark that was running when the binary stopped:
// the one whose name was printed without a result, else the benchmark
// function at the top of a panic's stack (a benchmark's first run, with
// b.N = 1, happens before its name is printed).
func (s *stream) running() string {
	if s.current != "" {
		return s.current
	}
	if m := panicFuncRE.FindStringSubmatch(s.stderr.String()); m != nil {
		return m[1]
	}
	return ""
}

// panicFuncRE finds a benchmark function in a stack trace.
var panicFuncRE = regexp.MustCompile(`\.(Benchmark[\pL\pN_]*)(?:\.func[0-9.]+)?\(`)

// configLine parses a benchfmt config line "key: value".
func configLine(line string) (key, value string, ok bool) {
	key, value, ok = strings.Cut(line, ":")
	if !ok || !results.ValidConfigKey(key) {
		return "", "", false
	}
	if value != "" && value[0] != ' ' && value[0] != '\t' {
		return "", "", false
	}
	return key, strings.TrimSpace(value), true
}

// limitedBuffer keeps the first lines of the test binary's standard
// error (a panic's trace, a timeout's goroutine dump can be huge).
type limitedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	lines   int
	dropped int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		var l []byte
		if i < 0 {
			l, p = p, nil
		} else {
			l, p = p[:i+1], p[i+1:]
		}
		if b.lines >= maxShown {
			if i >= 0 {
				b.dropped++
			}
			continue
		}
		b.buf.Write(l)
		if i >= 0 {
			b.lines++
		}
	}
	return n, nil
}

// String returns what was kept.
func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// panicked reports whether the output kept is that of a Go panic or fatal
// runtime error.
func (b *limitedBuffer) panicked() bool {
	s := b.String()
	return strings.HasPrefix(s, "panic: ") || strings.Contains(s, "\npanic: ") ||
		strings.HasPrefix(s, "fatal error: ") || strings.Contains(s, "\nfatal error: ")
}

// Reset forgets what was kept.
func (b *limitedBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
	b.lines, b.dropped = 0, 0
}

// Len returns the number of bytes kept.
func (b *limitedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// WriteTo writes what was kept, and how much was not.
func (b *limitedBuffer) WriteTo(w io.Writer) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := w.Write(b.buf.Bytes())
	if err == nil && b.buf.Len() > 0 && !bytes.HasSuffix(b.buf.Bytes(), []byte("\n")) {
		w.Write([]byte("\n"))
	}
	if err == nil && b.dropped > 0 {
		fmt.Fprintf(w, "... (%d more lines of stderr)\n", b.dropped)
	}
	return int64(n), errors.Join(err)
}
