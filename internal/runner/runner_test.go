package runner

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/rounds"
)

func TestParseCPUList(t *testing.T) {
	got, err := ParseCPUList("1, 2,4,8")
	if err != nil || !reflect.DeepEqual(got, []int{1, 2, 4, 8}) {
		t.Errorf("ParseCPUList = %v, %v", got, err)
	}
	for _, bad := range []string{"", "1,", "x", "0", "-1", "1;2", "1.5"} {
		if _, err := ParseCPUList(bad); err == nil {
			t.Errorf("ParseCPUList(%q) accepted", bad)
		}
	}
}

func TestCheckBenchtime(t *testing.T) {
	for _, ok := range []string{"1s", "100ms", "1x", "250x"} {
		if err := CheckBenchtime(ok); err != nil {
			t.Errorf("CheckBenchtime(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "10", "0s", "-1s", "0x", "x", "1.5x"} {
		if err := CheckBenchtime(bad); err == nil {
			t.Errorf("CheckBenchtime(%q) accepted", bad)
		}
	}
}

// recorder is a progress that records what it is told.
type recorder struct {
	running, results, printed []string
}

func (r *recorder) Result(res *benchfmt.Result) {
	r.results = append(r.results, string(res.Name))
}
func (r *recorder) Println(line string)             { r.printed = append(r.printed, line) }
func (r *recorder) Calibrating(int, string, string) {}
func (r *recorder) Step(rounds.Step, string)        {}
func (r *recorder) Done(bool)                       {}

type recProgress struct{ *recorder }

func (p recProgress) Running(name string) { p.recorder.running = append(p.recorder.running, name) }

// slowReader returns its data in small pieces, as a pipe does.
type slowReader struct {
	data []byte
	n    int
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := min(r.n, len(p), len(r.data))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

func TestStream(t *testing.T) {
	out := "goos: linux\ngoarch: amd64\npkg: example.com/x\ncpu: Some CPU\n" +
		"BenchmarkA-2   \t     100\t        12.0 ns/op\n" +
		"BenchmarkB/k=1-2   \t     100\t        13.0 ns/op\t 0.9 fairness\n" +
		"    x_test.go:12: a log line\n" +
		"BenchmarkB/k=2-2   \t--- FAIL: BenchmarkB/k=2-2\n" +
		"    x_test.go:20: boom\n" +
		"BenchmarkC-2   \t     100\t        13.0 ns/op\n" +
		"FAIL\n" +
		"BenchmarkD-2   \t"
	for _, chunk := range []int{1, 7, 1 << 20} {
		path := filepath.Join(t.TempDir(), "file.txt")
		w, err := results.Create(path, false)
		if err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		failed := 0
		st := &stream{
			w:      w,
			header: []kv{{"date", "2026-01-01T00:00:00Z"}},
			prog:   recProgress{rec},
			onFail: func() { failed++ },
		}
		if err := st.consume(&slowReader{data: []byte(out), n: chunk}); err != nil {
			t.Fatal(err)
		}
		if failed != 1 || st.failed != "BenchmarkB/k=2-2" {
			t.Errorf("chunk %d: failed %d times, st.failed = %q", chunk, failed, st.failed)
		}
		if want := []string{"A-2", "B/k=1-2"}; !reflect.DeepEqual(rec.results, want) {
			t.Errorf("chunk %d: results %v, want %v", chunk, rec.results, want)
		}
		if st.current != "BenchmarkD-2" {
			t.Errorf("chunk %d: current = %q", chunk, st.current)
		}
		if want := []string{"    x_test.go:12: a log line"}; !reflect.DeepEqual(rec.printed, want) {
			t.Errorf("chunk %d: printed %q, want %q", chunk, rec.printed, want)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		file, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got := string(file)
		wantFile := "date: 2026-01-01T00:00:00Z\ngoos: linux\ngoarch: amd64\npkg: example.com/x\ncpu: Some CPU\n" +
			strings.Join(results.UnitLines(), "\n") + "\n" +
			"BenchmarkA-2   \t     100\t        12.0 ns/op\n" +
			"BenchmarkB/k=1-2   \t     100\t        13.0 ns/op\t 0.9 fairness\n"
		if got != wantFile {
			t.Errorf("chunk %d: file:\n%s\nwant:\n%s", chunk, got, wantFile)
		}
		var shown bytes.Buffer
		st.showFailure(&shown)
		if s := shown.String(); !strings.Contains(s, "--- FAIL: BenchmarkB/k=2-2\n    x_test.go:20: boom\n") {
			t.Errorf("chunk %d: failure shown as:\n%s", chunk, s)
		}
	}
}

func TestLimitedBuffer(t *testing.T) {
	var b limitedBuffer
	for i := 0; i < maxShown+10; i++ {
		b.Write([]byte("goroutine line\n"))
	}
	var out bytes.Buffer
	b.WriteTo(&out)
	if n := strings.Count(out.String(), "goroutine line"); n != maxShown {
		t.Errorf("kept %d lines, want %d", n, maxShown)
	}
	if !strings.Contains(out.String(), "(10 more lines of stderr)") {
		t.Errorf("no note of the dropped lines:\n%s", out.String())
	}
	st := &stream{}
	st.stderr.Write([]byte("panic: boom\n\ngoroutine 7 [running]:\nexample.com/x.BenchmarkFoo.func1(0x0)\n"))
	if !st.stderr.panicked() {
		t.Errorf("panic not recognized")
	}
	if got := st.running(); got != "BenchmarkFoo" {
		t.Errorf("running() = %q, want BenchmarkFoo", got)
	}
}

func TestOverCPUs(t *testing.T) {
	if got := overCPUs([]int{1, 2, 4, 8}, 2); !reflect.DeepEqual(got, []int{4, 8}) {
		t.Errorf("overCPUs = %v", got)
	}
	if got := overCPUs([]int{1, 2}, 2); got != nil {
		t.Errorf("overCPUs = %v", got)
	}
}
