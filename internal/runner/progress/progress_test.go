package progress

import (
	"bytes"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/rounds"
)

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
	p := newBar(&out, NewPlan(2), 120)
	p.Calibrating(0, "BenchmarkA", "")
	units := []rounds.Unit{{Top: "BenchmarkA", Name: "A/k=1-2", Bench: "^BenchmarkA$/^k=1$", CPU: 2}, {Top: "BenchmarkB", Name: "B-2", Bench: "^BenchmarkB$", CPU: 2}}
	st := steps(units, 1)
	p.Step(st[0], "")
	res, err := results.ParseResultLine("BenchmarkA/k=1-2 \t 100 \t 10 ns/op")
	if err != nil {
		t.Fatal(err)
	}
	p.Result(res.Result())
	p.Step(st[1], "")
	p.Println("    b_test.go:1: a log line")
	p.Done(true)
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
	p := newPlain(&out, NewPlan(2))
	p.Calibrating(0, "BenchmarkA", "")
	p.Calibrating(1, "BenchmarkB", "")
	units := []rounds.Unit{{Top: "BenchmarkA", Bench: "a", CPU: 2}, {Top: "BenchmarkB", Bench: "b", CPU: 1}}
	st := steps(units, 2)
	for i, line := range []string{
		"BenchmarkA-2 \t 100 \t 10 ns/op",
		"BenchmarkB \t 100 \t 2 fairness",
		"BenchmarkA-2 \t 100 \t 30 ns/op",
		"BenchmarkB \t 100 \t 4 fairness",
	} {
		p.Step(st[i], "")
		res, err := results.ParseResultLine(line)
		if err != nil {
			t.Fatal(err)
		}
		p.Result(res.Result())
	}
	p.Done(true)
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
	p := NewPlan(1)
	p.now = func() time.Time { return now }
	p.start = now
	p.Calibrating(0)
	if _, ok := p.left(); ok {
		t.Errorf("an estimate while calibrating")
	}
	if got := p.status(); got != "calibrating 1/1, 0s" {
		t.Errorf("status = %q", got)
	}
	units := []rounds.Unit{{Bench: "a", CPU: 1}, {Bench: "b", CPU: 1}, {Bench: "c", CPU: 1}}
	st := steps(units, 3)
	now = now.Add(10 * time.Second) // calibration
	p.Step(st[0])
	if _, ok := p.left(); ok {
		t.Errorf("an estimate before any run")
	}
	// Round 1: a takes 1s, b 5s: 7 runs left at 3s each.
	now = now.Add(time.Second)
	p.Step(st[1])
	now = now.Add(5 * time.Second)
	p.Step(st[2])
	if d, ok := p.left(); !ok || d != 21*time.Second {
		t.Errorf("left in round 1 = %v, %v; want 21s", d, ok)
	}
	if got := p.status(); got != "round 1/3, run 2/9, 16s, about 21s left" {
		t.Errorf("status = %q", got)
	}
	// c takes 3s: a round is 9s; in round 2, after a (1s), 8s of this
	// round and 9s of the last are left.
	now = now.Add(3 * time.Second)
	p.Step(st[3])
	now = now.Add(time.Second)
	p.Step(st[4])
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
