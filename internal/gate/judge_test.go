package gate

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/syncbench/syncbench/internal/gate/sequential"
)

// simRound feeds a row paired rounds whose log ratio is shift plus noise
// drawn from a heavy-tailed distribution (a Student t with 3 degrees of
// freedom, scaled), as the noisiest contended rows measured here are.
func simRound(rng *rand.Rand, r *sequential.Row, shift, noise float64) {
	tdist := func() float64 {
		z := rng.NormFloat64()
		var c float64
		for range 3 {
			x := rng.NormFloat64()
			c += x * x
		}
		return z / math.Sqrt(c/3)
	}
	common := math.Exp(0.5 * rng.NormFloat64()) // the load of the round, both sides
	d := shift + noise*tdist()
	r.Add(100*common, 100*common*math.Exp(d))
}

// simulate runs one simulated gate: rows (in families of 5) with the
// given log shifts, until decided or the plan's last round, and returns
// the verdict.
func simulate(rng *rand.Rand, plan sequential.Plan, shifts []float64, noise float64, lookAll bool) Verdict {
	rows := make([]*sequential.Row, len(shifts))
	for i := range rows {
		rows[i] = &sequential.Row{Name: string(rune('a' + i)), Unit: "cpu-ns/op", Family: string(rune('A' + i/5))}
	}
	for n := 1; n <= plan.Max; n++ {
		for i, r := range rows {
			if r.State == sequential.Open {
				simRound(rng, r, shifts[i], noise)
			}
		}
		var done bool
		if lookAll {
			// The mistake the plan guards against: look after every
			// round at the full error rate.
			if n >= 2 {
				sequential.Look(rows, plan, 1)
			}
			done = true
			for _, r := range rows {
				done = done && r.State != sequential.Open
			}
		} else {
			done = sequential.Step(rows, plan, n, false)
		}
		if done {
			break
		}
	}
	v, _ := Judge(rows, plan)
	return v
}

// TestSequentialErrorControl shows by simulation that the sequential rule
// keeps its error rates: with nothing slower, the chance of a FAIL over
// the whole run (every look, every row) stays at most Alpha, where looking
// after every round at the full rate does not; a row 20% slower fails
// almost always and is passed at most at rate Beta.
func TestSequentialErrorControl(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	plan := sequential.DefaultPlan
	plan.Alpha = 0.05 // large enough to see in a few hundred trials
	plan.Max = 48     // three looks: 12, 24, 48
	rng := rand.New(rand.NewPCG(7, 11))
	const trials = 200
	null := make([]float64, 10)
	// Noise of ±30% per round (sd of the log ratio 0.15, heavy tailed)
	// makes false FAILs frequent enough to count; ±6% is a quiet row.
	count := func(shifts []float64, noise float64, lookAll bool) map[Verdict]int {
		c := map[Verdict]int{}
		for range trials {
			c[simulate(rng, plan, shifts, noise, lookAll)]++
		}
		return c
	}
	// Binomial margin: 3 standard errors above the rate.
	margin := func(p float64) float64 { return p + 3*math.Sqrt(p*(1-p)/trials) }
	noisy := count(null, 0.15, false)
	if rate := float64(noisy[Fail]) / trials; rate > margin(plan.Alpha) {
		t.Errorf("no change: FAIL in %.1f%% of runs, want at most %g%%", 100*rate, 100*plan.Alpha)
	}
	quiet := count(null, 0.03, false)
	if rate := float64(quiet[Pass]) / trials; rate < 0.9 {
		t.Errorf("no change, quiet rows: PASS in only %.1f%% of runs", 100*rate)
	}
	naive := count(null, 0.15, true)
	if rate := float64(naive[Fail]) / trials; rate <= margin(plan.Alpha) {
		t.Errorf("looking every round at the full rate: FAIL in %.1f%%; the simulation cannot tell the plan's control from none", 100*rate)
	}
	slow := append([]float64{math.Log(1.2)}, null[1:]...)
	c := count(slow, 0.03, false)
	if rate := float64(c[Fail]) / trials; rate < 0.95 {
		t.Errorf("one row 20%% slower: FAIL in %.1f%% of runs, want at least 95%%", 100*rate)
	}
	// Just past the margin, noisy enough that the interval often reaches
	// below it: a PASS must stay rare.
	edge := append([]float64{math.Log(1.12)}, null[1:]...)
	c = count(edge, 0.1, false)
	if rate := float64(c[Pass]) / trials; rate > margin(plan.Beta) {
		t.Errorf("one row 12%% slower: PASS in %.1f%% of runs, want at most %g%%", 100*rate, 100*plan.Beta)
	}
	t.Logf("FAIL with no change (noisy rows): %d/%d, looking every round at the full rate: %d/%d", noisy[Fail], trials, naive[Fail], trials)
}

// TestJudgeExact checks rows constant on both sides: decided without a
// test, an allocation where there was none fails.
func TestJudgeExact(t *testing.T) {
	same := &sequential.Row{Name: "x", Unit: "allocs/op", Old: []float64{1, 1, 1}, New: []float64{1, 1, 1}}
	more := &sequential.Row{Name: "y", Unit: "allocs/op", Old: []float64{0, 0, 0}, New: []float64{1, 1, 1}}
	sequential.Look([]*sequential.Row{same, more}, sequential.DefaultPlan, 1)
	if same.State != sequential.Passed || more.State != sequential.Failed {
		t.Errorf("same: %v, one more allocation: %v", same.State, more.State)
	}
	if v, reason := Judge([]*sequential.Row{same, more}, sequential.DefaultPlan); v != Fail {
		t.Errorf("verdict %v: %s", v, reason)
	}
}
