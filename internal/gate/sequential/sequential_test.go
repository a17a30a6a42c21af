package sequential

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
