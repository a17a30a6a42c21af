package gate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestSignedRankTail checks the exact distribution against counts by hand:
// with 3 pairs, W takes 0..6 with 1,1,1,2,1,1,1 subsets of 8.
func TestSignedRankTail(t *testing.T) {
	for _, tc := range []struct {
		n    int
		w    float64
		want float64
	}{{3, 6, 1. / 8}, {3, 5, 2. / 8}, {3, 3, 5. / 8}, {3, 0, 1}, {3, 7, 0}, {10, 55, 1. / 1024}} {
		if got := signedRankTail(tc.n, tc.w); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("P(W >= %g | n=%d) = %g, want %g", tc.w, tc.n, got, tc.want)
		}
	}
	// The normal approximation beyond 400 pairs meets the exact tail.
	n := 400
	exact := signedRankTail(n, float64(n*(n+1)/4+2000))
	approx := 0.5 * math.Erfc((float64(n*(n+1)/4+2000)-0.5-float64(n*(n+1))/4)/math.Sqrt(float64(n*(n+1)*(2*n+1))/24)/math.Sqrt2)
	if math.Abs(exact-approx) > 0.002 {
		t.Errorf("n=400: exact %g, normal %g", exact, approx)
	}
}

// TestBounds checks the Hodges–Lehmann interval: it holds the estimate,
// and on a clear 10% shift its lower end is above 0.
func TestBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	d := make([]float64, 30)
	for i := range d {
		d[i] = math.Log(1.1) + 0.01*rng.NormFloat64()
	}
	w := walsh(d)
	lo, hi := lowerBound(w, len(d), 0.001), upperBound(w, len(d), 0.001)
	est := median(w)
	if !(lo < est && est < hi) || lo < math.Log(1.09) || hi > math.Log(1.11) {
		t.Errorf("interval [%g, %g], estimate %g, want around log 1.1 = %g", lo, hi, est, math.Log(1.1))
	}
	if lowerBound(w[:1], 1, 0.001) != math.Inf(-1) {
		t.Error("one pair: a finite lower bound at 0.001")
	}
}

// simRow feeds a row paired rounds whose log ratio is shift plus noise
// drawn from a heavy-tailed distribution (a Student t with 3 degrees of
// freedom, scaled), as the noisiest contended rows measured here are.
func simRound(rng *rand.Rand, r *Row, shift, noise float64) {
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

// sequential runs one simulated gate: rows (in families of 5) with the
// given log shifts, until decided or the plan's last round, and returns
// the verdict.
func sequential(rng *rand.Rand, plan Plan, shifts []float64, noise float64, lookAll bool) Verdict {
	rows := make([]*Row, len(shifts))
	for i := range rows {
		rows[i] = &Row{Name: string(rune('a' + i)), Unit: "cpu-ns/op", Family: string(rune('A' + i/5))}
	}
	for n := 1; n <= plan.Max; n++ {
		for i, r := range rows {
			if r.State == Open {
				simRound(rng, r, shifts[i], noise)
			}
		}
		var done bool
		if lookAll {
			// The mistake the plan guards against: look after every
			// round at the full error rate.
			if n >= 2 {
				Look(rows, plan, 1)
			}
			done = true
			for _, r := range rows {
				done = done && r.State != Open
			}
		} else {
			done = Step(rows, plan, n, false)
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
	plan := DefaultPlan
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
			c[sequential(rng, plan, shifts, noise, lookAll)]++
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
	same := &Row{Name: "x", Unit: "allocs/op", Old: []float64{1, 1, 1}, New: []float64{1, 1, 1}}
	more := &Row{Name: "y", Unit: "allocs/op", Old: []float64{0, 0, 0}, New: []float64{1, 1, 1}}
	Look([]*Row{same, more}, DefaultPlan, 1)
	if same.State != Passed || more.State != Failed {
		t.Errorf("same: %v, one more allocation: %v", same.State, more.State)
	}
	if v, reason := Judge([]*Row{same, more}, DefaultPlan); v != Fail {
		t.Errorf("verdict %v: %s", v, reason)
	}
}

// TestPlanLooks checks the schedule: the first look, each doubling, and
// the last round, counted by Looks as the error rates are split.
func TestPlanLooks(t *testing.T) {
	for _, tc := range []struct {
		plan Plan
		want []int
	}{
		{Plan{First: 12, Max: 384}, []int{12, 24, 48, 96, 192, 384}},
		{Plan{First: 12, Max: 100}, []int{12, 24, 48, 96, 100}},
		{Plan{First: 5, Max: 5}, []int{5}},
	} {
		var got []int
		for n := 1; n <= tc.plan.Max+10; n++ {
			if tc.plan.IsLook(n) {
				got = append(got, n)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || tc.plan.Looks() != len(tc.want) {
			t.Errorf("first %d, max %d: looks at %v (Looks %d), want %v", tc.plan.First, tc.plan.Max, got, tc.plan.Looks(), tc.want)
		}
	}
}

// TestMarginDecidesPass checks that a PASS rules out Margin, not
// Threshold: a row whose interval reaches past Threshold but not past
// Margin passes, and stays open once Margin is below its upper bound.
func TestMarginDecidesPass(t *testing.T) {
	row := func() *Row {
		r := &Row{Name: "x", Unit: "cpu-ns/op", Family: "X"}
		for k := range 40 {
			d := 1.0 * (float64(k%8)/7 - 0.5) // log ratios spread over ±50%
			r.Add(100, 100*math.Exp(d))
		}
		return r
	}
	probe := row()
	Look([]*Row{probe}, DefaultPlan, 1)
	hi := probe.Hi - 1
	if hi <= DefaultPlan.Threshold || hi >= DefaultPlan.Margin {
		t.Fatalf("the test row's upper bound is %+.1f%%; want it between the threshold and the margin", 100*hi)
	}
	if probe.State != Passed {
		t.Errorf("upper bound %+.1f%% below the %g%% margin: %v, want pass", 100*hi, 100*DefaultPlan.Margin, probe.State)
	}
	plan := DefaultPlan
	plan.Margin = hi - 0.005
	r := row()
	Look([]*Row{r}, plan, 1)
	if r.State != Open {
		t.Errorf("upper bound %+.1f%% above a %.1f%% margin: %v, want open", 100*hi, 100*plan.Margin, r.State)
	}
}
