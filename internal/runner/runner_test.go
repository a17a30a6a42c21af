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
func (r *recorder) println(line string)             { r.printed = append(r.printed, line) }
func (r *recorder) calibrating(int, string, string) {}
func (r *recorder) step(rounds.Step, string)        {}
func (r *recorder) done(bool)                       {}

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

// steps returns the steps of rounds rounds of units, as the engine
// gives them.
func steps(units []rounds.Unit, n int) []rounds.Step {
	var out []rounds.Step
	for r := 1; r <= n; r++ {
		for _, u := range units {
			out = append(out, rounds.Step{Round: r, Rounds: n, Done: len(out), Total: n * len(units), Unit: u})
		}
	}
	return out
}

func TestBarProgress(t *testing.T) {
	var out syncBuffer
	p := newBarProgress(&out, newPlan(2), 120)
	p.calibrating(0, "BenchmarkA", "")
	units := []rounds.Unit{{Top: "BenchmarkA", Name: "A/k=1-2", Bench: "^BenchmarkA$/^k=1$", CPU: 2}, {Top: "BenchmarkB", Name: "B-2", Bench: "^BenchmarkB$", CPU: 2}}
	st := steps(units, 1)
	p.step(st[0], "")
	res, err := results.ParseResultLine("BenchmarkA/k=1-2 \t 100 \t 10 ns/op")
	if err != nil {
		t.Fatal(err)
	}
	p.result(res.Result())
	p.step(st[1], "")
	p.println("    b_test.go:1: a log line")
	p.done(true)
	s := out.String()
	for _, want := range []string{
		`calibrating 1/2, 0s · calibrating BenchmarkA`,
		`round 1/1, run 0/2, 0s · A/k=1-2`,
		`round 1/1, run 1/2, 0s, about 0s left · B-2`,
		`    b_test\.go:1: a log line\n`,
	} {
		if !regexp.MustCompile(want).MatchString(s) {
			t.Errorf("progress output lacks %s:\n%q", want, s)
		}
	}
}

// TestPlainProgress checks the log's lines: one per top-level benchmark
// calibrated, one per round, and one per configuration once all its
// samples (one per round) are in, whatever the order.
func TestPlainProgress(t *testing.T) {
	var out syncBuffer
	p := newPlainProgress(&out, newPlan(2))
	p.calibrating(0, "BenchmarkA", "")
	p.calibrating(1, "BenchmarkB", "")
	units := []rounds.Unit{{Top: "BenchmarkA", Bench: "a", CPU: 2}, {Top: "BenchmarkB", Bench: "b", CPU: 1}}
	st := steps(units, 2)
	for i, line := range []string{
		"BenchmarkA-2 \t 100 \t 10 ns/op",
		"BenchmarkB \t 100 \t 2 fairness",
		"BenchmarkA-2 \t 100 \t 30 ns/op",
		"BenchmarkB \t 100 \t 4 fairness",
	} {
		p.step(st[i], "")
		res, err := results.ParseResultLine(line)
		if err != nil {
			t.Fatal(err)
		}
		p.result(res.Result())
	}
	p.done(true)
	want := "[calibrating 1/2, 0s] calibrating BenchmarkA\n" +
		"[calibrating 2/2, 0s] calibrating BenchmarkB\n" +
		"[round 1/2, run 0/4, 0s] round 1 of 2: 2 runs in a new order\n" +
		"[round 2/2, run 2/4, 0s, about 0s left] round 2 of 2: 2 runs in a new order\n" +
		"[round 2/2, run 2/4, 0s, about 0s left] BenchmarkA-2: 2 samples, median 20.00ns/op\n" +
		"[round 2/2, run 3/4, 0s, about 0s left] BenchmarkB: 2 samples, median 3.000 fairness\n"
	if got := out.String(); got != want {
		t.Errorf("plain progress:\n%s\nwant:\n%s", got, want)
	}
}

// TestPlanLeft checks the estimate of the time left: in the first round
// at the pace so far, later from each unit's time in the round before.
func TestPlanLeft(t *testing.T) {
	now := time.Unix(0, 0)
	p := newPlan(1)
	p.now = func() time.Time { return now }
	p.start = now
	p.calibrating(0)
	if _, ok := p.left(); ok {
		t.Errorf("an estimate while calibrating")
	}
	if got := p.status(); got != "calibrating 1/1, 0s" {
		t.Errorf("status = %q", got)
	}
	units := []rounds.Unit{{Bench: "a", CPU: 1}, {Bench: "b", CPU: 1}, {Bench: "c", CPU: 1}}
	st := steps(units, 3)
	now = now.Add(10 * time.Second) // calibration
	p.step(st[0])
	if _, ok := p.left(); ok {
		t.Errorf("an estimate before any run")
	}
	// Round 1: a takes 1s, b 5s: 7 runs left at 3s each.
	now = now.Add(time.Second)
	p.step(st[1])
	now = now.Add(5 * time.Second)
	p.step(st[2])
	if d, ok := p.left(); !ok || d != 21*time.Second {
		t.Errorf("left in round 1 = %v, %v; want 21s", d, ok)
	}
	if got := p.status(); got != "round 1/3, run 2/9, 16s, about 21s left" {
		t.Errorf("status = %q", got)
	}
	// c takes 3s: a round is 9s; in round 2, after a (1s), 8s of this
	// round and 9s of the last are left.
	now = now.Add(3 * time.Second)
	p.step(st[3])
	now = now.Add(time.Second)
	p.step(st[4])
	if d, ok := p.left(); !ok || d != 17*time.Second {
		t.Errorf("left in round 2 = %v, %v; want 17s", d, ok)
	}
	// 2s into b (5s last time): 3s of it left.
	now = now.Add(2 * time.Second)
	if d, ok := p.left(); !ok || d != 15*time.Second {
		t.Errorf("left 2s into b = %v, %v; want 15s", d, ok)
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
