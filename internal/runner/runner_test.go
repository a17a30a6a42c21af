package runner

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/results"
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

func TestProfiles(t *testing.T) {
	if got := ProfileNames(); !reflect.DeepEqual(got, []string{"quick", "standard", "full"}) {
		t.Errorf("ProfileNames() = %v", got)
	}
	for name, p := range Profiles {
		if p.Name != name || p.Count < 1 || CheckBenchtime(p.Benchtime) != nil || len(p.CPU) == 0 {
			t.Errorf("profile %s is malformed: %+v", name, p)
		}
	}
	if p := Profiles[DefaultProfile]; p.Count < 6 {
		t.Errorf("the default profile has %d samples: no confidence intervals", p.Count)
	}
	if _, err := LookupProfile("nope"); err == nil || !strings.Contains(err.Error(), "quick, standard, full") {
		t.Errorf("LookupProfile(nope) = %v", err)
	}
}

// recorder is a progress that records what it is told.
type recorder struct {
	running, results, printed []string
}

func (r *recorder) result(res *benchfmt.Result) {
	r.results = append(r.results, string(res.Name))
}
func (r *recorder) println(line string) { r.printed = append(r.printed, line) }
func (r *recorder) top(int, string)     {}
func (r *recorder) done(bool)           {}

type recProgress struct{ *recorder }

func (p recProgress) running(name string) { p.recorder.running = append(p.recorder.running, name) }

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

func TestBarProgress(t *testing.T) {
	var out syncBuffer
	p := newBarProgress(&out, newPlan([]string{"BenchmarkA", "BenchmarkB"}, map[string]int{"BenchmarkA": 1, "BenchmarkB": 1}), 120)
	p.top(0, "BenchmarkA")
	p.running("BenchmarkA/k=1-2")
	res, err := results.ParseResultLine("BenchmarkA/k=1-2 \t 100 \t 10 ns/op")
	if err != nil {
		t.Fatal(err)
	}
	p.result(res.Result())
	p.top(1, "BenchmarkB")
	p.running("BenchmarkB-2")
	p.println("    b_test.go:1: a log line")
	p.done(true)
	s := out.String()
	for _, want := range []string{
		`config 0/2, benchmark 1/2, 0s · A/k=1-2`,
		`config 1/2, benchmark 2/2, 0s, about 0s left · B-2`,
		`    b_test\.go:1: a log line\n`,
	} {
		if !regexp.MustCompile(want).MatchString(s) {
			t.Errorf("progress output lacks %s:\n%q", want, s)
		}
	}
}

func TestPlainProgress(t *testing.T) {
	var out syncBuffer
	p := newPlainProgress(&out, newPlan([]string{"BenchmarkA", "BenchmarkB"}, nil), 2)
	for i, line := range []string{
		"BenchmarkA-2 \t 100 \t 10 ns/op",
		"BenchmarkA-2 \t 100 \t 30 ns/op",
		"BenchmarkB \t 100 \t 2 fairness",
	} {
		if i == 2 {
			p.top(1, "BenchmarkB")
		}
		res, err := results.ParseResultLine(line)
		if err != nil {
			t.Fatal(err)
		}
		p.result(res.Result())
	}
	p.done(true)
	want := "[benchmark 1/2, 1 configs, 0s] BenchmarkA-2: 2 samples, median 20.00ns/op\n" +
		"[benchmark 2/2, 2 configs, 0s] BenchmarkB: 1 sample, median 2.000 fairness\n"
	if got := out.String(); got != want {
		t.Errorf("plain progress:\n%s\nwant:\n%s", got, want)
	}
}

// TestPlanLeft checks the estimate of the time left: the running
// benchmark at its own pace, later ones at the run's pace, and counts
// corrected by what a finished benchmark really ran.
func TestPlanLeft(t *testing.T) {
	now := time.Unix(0, 0)
	p := newPlan([]string{"BenchmarkA", "BenchmarkB"}, map[string]int{"BenchmarkA": 4, "BenchmarkB": 10})
	p.now = func() time.Time { return now }
	p.start, p.topAt = now, now
	p.startTop(0)
	if _, ok := p.left(); ok {
		t.Errorf("an estimate before any configuration")
	}
	for _, n := range []string{"A/k=1", "A/k=1", "A/k=2"} {
		now = now.Add(10 * time.Second)
		p.result(n)
	}
	// A: 2 of 4 configurations in 30s, 15s each: 30s more; B: 10 at the
	// run's pace (15s each).
	if d, ok := p.left(); !ok || d != 180*time.Second {
		t.Errorf("left = %v, %v; want 3m0s", d, ok)
	}
	if got := p.status(); got != "config 2/14, benchmark 1/2, 30s, about 3m0s left" {
		t.Errorf("status = %q", got)
	}
	// A ends after 3 configurations, not the 4 expected.
	now = now.Add(15 * time.Second)
	p.result("A/k=3")
	p.startTop(1)
	if done, total := p.progress(); done != 3 || total != 13 {
		t.Errorf("progress = %d/%d, want 3/13", done, total)
	}
	// B's first configuration took 5s: its other 9 at that pace.
	now = now.Add(5 * time.Second)
	p.result("B/k=1")
	if d, ok := p.left(); !ok || d != 45*time.Second {
		t.Errorf("left = %v, %v; want 45s", d, ok)
	}
}

// TestExpectedConfigs checks that configuration counts come from the
// newest results file that ran the same benchmarks at the same GOMAXPROCS.
func TestExpectedConfigs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Join(dir, "m"), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "m", name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("20260101T000000Z.txt", "BenchmarkA/k=1 1 1 ns/op\nBenchmarkA/k=1-2 1 1 ns/op\nBenchmarkB-2 1 1 ns/op\nBenchmarkB 1 1 ns/op\n")
	write("20260201T000000Z.txt", "BenchmarkA/k=1-4 1 1 ns/op\nBenchmarkB-4 1 1 ns/op\n") // other -cpu
	write("20250101T000000Z.txt", "BenchmarkA/k=1 1 1 ns/op\nBenchmarkA/k=2 1 1 ns/op\nBenchmarkA/k=1-2 1 1 ns/op\nBenchmarkB-2 1 1 ns/op\nBenchmarkB 1 1 ns/op\n")
	glob := filepath.Join(dir, "*", "*.txt")
	got := expectedConfigs(glob, []string{"BenchmarkA", "BenchmarkB"}, []int{2, 1})
	if got["BenchmarkA"] != 2 || got["BenchmarkB"] != 2 {
		t.Errorf("expectedConfigs = %v, want A 2, B 2 (the newest file at -cpu 1,2)", got)
	}
	if got := expectedConfigs(glob, []string{"BenchmarkA", "BenchmarkC"}, []int{1, 2}); got != nil {
		t.Errorf("expectedConfigs with an unknown benchmark = %v, want nil", got)
	}
}

// syncBuffer is a bytes.Buffer safe for the progress bar's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
