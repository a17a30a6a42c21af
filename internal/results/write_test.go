package results

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

func TestWriterRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "run.txt")
	w, err := Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Config("go-version", "go1.26.8"))
	mustOK(t, w.Config("kernel", "Linux 6.8.0"))
	mustOK(t, w.Unit("Unit fairness better=higher"))
	mustOK(t, w.Unit("Unit p99-ns better=lower"))
	for _, line := range []string{
		"BenchmarkCounter/impl=mutex/goroutines=4-2   \t 1000000\t      25.50 ns/op\t         0.9900 fairness",
		"BenchmarkCounter/impl=atomic/goroutines=4-2  \t 5000000\t       5.10 ns/op\t         1.000 fairness",
	} {
		if err := writeResult(w, line); err != nil {
			t.Fatal(err)
		}
	}
	if w.Results() != 2 {
		t.Errorf("Results() = %d, want 2", w.Results())
	}
	mustOK(t, w.Close())

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(bytes.NewReader(data), path)
	var names []string
	units := 0
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			names = append(names, string(rec.Name))
			if got := string(rec.GetConfig("kernel")); got != "Linux 6.8.0" {
				t.Errorf("kernel config = %q", got)
			}
		case *benchfmt.UnitMetadata:
			units++
		case *benchfmt.SyntaxError:
			t.Errorf("syntax error: %v", rec)
		}
	}
	if len(names) != 2 || units != 2 {
		t.Errorf("read back %d results %v and %d unit lines, want 2 and 2\n%s", len(names), names, units, data)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Errorf("file does not end in a newline")
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.txt")
	if err := os.WriteFile(path, []byte("old\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := Create(path, false)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Create existing without force: err = %v", err)
	}

	// With force, the old contents stay until something is written.
	w, err := Create(path, true)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Abort())
	if data, _ := os.ReadFile(path); string(data) != "old\n" {
		t.Errorf("aborted forced writer changed the file: %q", data)
	}
	w, err = Create(path, true)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Config("date", "2026-01-01T00:00:00Z"))
	mustOK(t, w.Close())
	if data, _ := os.ReadFile(path); string(data) != "date: 2026-01-01T00:00:00Z\n" {
		t.Errorf("forced writer left %q", data)
	}
}

func TestAbortRemovesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.txt")
	w, err := Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Abort())
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("aborted empty file still there: %v", err)
	}

	w, err = Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Config("goos", "linux"))
	mustOK(t, w.Abort())
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("aborted file with config lines but no result still there: %v", err)
	}

	w, err = Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Config("goos", "linux"))
	if err := writeResult(w, "BenchmarkX 1 5 ns/op"); err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Abort())
	if data, _ := os.ReadFile(path); string(data) != "goos: linux\nBenchmarkX 1 5 ns/op\n" {
		t.Errorf("aborted file with a result: %q", data)
	}
}

func TestCreateUnwritable(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	// A path under a regular file can never be created, even by root.
	_, err := Create(filepath.Join(blocker, "x", "run.txt"), false)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "cannot create results directory") {
		t.Errorf("err = %v", err)
	}
}

func TestWriterRejects(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.txt")
	w, err := Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"", "Goos", "go version", "9x", "a:b"} {
		if err := w.Config(key, "v"); err == nil {
			t.Errorf("Config(%q) accepted", key)
		}
	}
	if err := w.Config("k", ""); err == nil {
		t.Errorf("empty value accepted")
	}
	if err := w.Config("k", "a\nb"); err == nil {
		t.Errorf("two-line value accepted")
	}
	if err := w.Unit("fairness better=higher"); err == nil {
		t.Errorf("unit line without Unit accepted")
	}
	for _, line := range []string{
		"BenchmarkX-2   \t",                // a result that has not arrived yet
		"BenchmarkX-2 100",                 // no measurements
		"BenchmarkX-2 100 5 ns/op\n" + "x", // two lines
		"PASS",
	} {
		if err := writeResult(w, line); err == nil {
			t.Errorf("Result(%q) accepted", line)
		}
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("rejected lines made the file %s (stat: %v)", path, err)
	}
}

func TestParseResultLine(t *testing.T) {
	l, err := ParseResultLine("BenchmarkPool/impl=sync-8 \t 100 \t 12.5 ns/op \t 3.00 B/goroutine")
	if err != nil {
		t.Fatal(err)
	}
	r := l.Result()
	if string(r.Name) != "Pool/impl=sync-8" || r.Iters != 100 || len(r.Values) != 2 {
		t.Errorf("got %s %d %v", r.Name, r.Iters, r.Values)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// halfWriter writes half of what it is given to its file, then fails, as
// a write to a full disk does.
type halfWriter struct{ f *os.File }

func (h halfWriter) Write(p []byte) (int, error) {
	n, _ := h.f.Write(p[:len(p)/2])
	return n, errors.New("no space left on device")
}

func TestShortWriteLeavesWholeLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.txt")
	w, err := Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Config("goos", "linux"))
	if err := writeResult(w, "BenchmarkA-2 \t 100 \t 5.0 ns/op"); err != nil {
		t.Fatal(err)
	}
	w.w = halfWriter{w.f}
	if err := writeResult(w, "BenchmarkX-2 \t 100 \t 5.0 ns/op"); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("short write: err = %v", err)
	}
	if err := w.Config("goarch", "amd64"); err == nil {
		t.Errorf("write after a failed write succeeded")
	}
	w.Close()
	if data, _ := os.ReadFile(path); string(data) != "goos: linux\nBenchmarkA-2 \t 100 \t 5.0 ns/op\n" {
		t.Errorf("file after a short write: %q", data)
	}
}

// TestCommentOnFullDisk checks that a comment line is one line, that a
// reader passes over it, and that a comment a full disk cuts leaves the
// file at its last whole line without failing Close.
func TestCommentOnFullDisk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.txt")
	w, err := Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Comment("a\nb"); err == nil {
		t.Errorf("two-line comment accepted")
	}
	mustOK(t, w.Comment("load average (1, 5, 15 min) at the start: 1.00 2.00 3.00"))
	mustOK(t, writeResult(w, "BenchmarkA-2 \t 100 \t 5.0 ns/op"))
	f, err := ReadFile(path)
	if err != nil || len(f.Warnings) > 0 {
		t.Fatalf("reading a file with a comment: %v %v", err, f)
	}
	real := w.w
	w.w = halfWriter{w.f}
	if err := w.Comment("load average (1, 5, 15 min) at the end: 1.00 2.00 3.00"); err == nil {
		t.Errorf("short write of a comment: no error")
	}
	w.w = real
	mustOK(t, writeResult(w, "BenchmarkB-2 \t 100 \t 6.0 ns/op"))
	if err := w.Close(); err != nil {
		t.Errorf("Close after a failed comment: %v", err)
	}
	want := "# load average (1, 5, 15 min) at the start: 1.00 2.00 3.00\nBenchmarkA-2 \t 100 \t 5.0 ns/op\nBenchmarkB-2 \t 100 \t 6.0 ns/op\n"
	if data, _ := os.ReadFile(path); string(data) != want {
		t.Errorf("file: %q\nwant %q", data, want)
	}
}

// TestNoFileBeforeFirstResult checks that the results file appears only
// with its first result, with the lines before it, so that a process
// killed before (during the build, say) leaves no file without a result.
func TestNoFileBeforeFirstResult(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.txt")
	w, err := Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, w.Config("goos", "linux"))
	mustOK(t, w.Unit("Unit fairness better=higher"))
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("results file exists before its first result: %v", err)
	}
	if err := writeResult(w, "BenchmarkX 1 5 ns/op"); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "goos: linux\nUnit fairness better=higher\nBenchmarkX 1 5 ns/op\n" {
		t.Errorf("file after the first result: %q", data)
	}
	mustOK(t, w.Close())
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want the results file only", len(ents))
	}
}

// TestTwoForcedWritersDoNotShare checks that two writers forced onto one
// file never both write it: the second is refused while the first holds
// an existing file, and when the file did not exist the second's results
// go to a name of their own.
func TestTwoForcedWritersDoNotShare(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.txt")
	if err := os.WriteFile(path, []byte("BenchmarkOld 1 1 ns/op\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	a, err := Create(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Create(path, true); err == nil || !strings.Contains(err.Error(), "being written by another syncbench run") {
		t.Fatalf("second forced writer on a held file: err = %v", err)
	}
	if err := writeResult(a, "BenchmarkA 1 5 ns/op"); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(path, true); err == nil || !strings.Contains(err.Error(), "being written by another syncbench run") {
		t.Fatalf("second forced writer while the first writes: err = %v", err)
	}
	mustOK(t, a.Close())

	fresh := filepath.Join(dir, "new.txt")
	a, err = Create(fresh, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Create(fresh, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeResult(a, "BenchmarkA 1 5 ns/op"); err != nil {
		t.Fatal(err)
	}
	err = writeResult(b, "BenchmarkB 1 5 ns/op")
	if err == nil || !strings.Contains(err.Error(), "new-1.txt") {
		t.Fatalf("second writer of a file made meanwhile: err = %v", err)
	}
	mustOK(t, a.Close())
	b.Abort()
	if data, _ := os.ReadFile(fresh); string(data) != "BenchmarkA 1 5 ns/op\n" {
		t.Errorf("%s holds %q, want the first writer's line only", fresh, data)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "new-1.txt")); string(data) != "BenchmarkB 1 5 ns/op\n" {
		t.Errorf("new-1.txt holds %q, want the second writer's line", data)
	}
}

// writeResult parses line and writes it to w.
func writeResult(w *Writer, line string) error {
	l, err := ParseResultLine(line)
	if err != nil {
		return err
	}
	return w.Result(l)
}
