// Package sequential is the gate's decision: a sequential signed-rank
// test of paired rounds. Each row (one benchmark in one unit) holds, for every
// round it ran in, the new/old ratio of its two sides measured side by
// side in that round; the gate decides on the log of those ratios, d_k.
// Within a round the order of the two sides is random, so under "no
// change" each d_k is as likely positive as negative whatever the load of
// the machine was in that round: the Wilcoxon signed-rank test of the d_k
// is exact, and its inversion (the Hodges–Lehmann interval, from the
// Walsh averages) is an interval for the ratio that carries the noise of
// both sides. Rounds are paired because the machine's load moves both
// sides of a round together (see results/gate-eval.md for how much).
//
// A row is decided at a look:
//
//   - FAIL when the signed-rank test says the new side is slower, with
//     the p-values of all rows adjusted by compare's multiplicity control
//     (fdr.Hierarchical: families, then rows) at Alpha/Looks, and the
//     Hodges–Lehmann estimate of the slowdown is at least Threshold;
//   - PASS when the test at shift 1+Margin says the new side is faster
//     than that, at Beta/Looks: the data rule out a regression of Margin
//     (a row between Threshold and Margin may go either way: the
//     indifference zone of a sequential test);
//   - otherwise the row stays open and runs again in the next rounds.
//
// Looks happen at fixed rounds (Plan: the first, then each time the rounds
// double); splitting the error rates evenly over the Plan's looks
// (Bonferroni) bounds the chance of a wrong FAIL over the whole sequential
// run by Alpha, and that of a PASS of a real regression of more than
// Margin by Beta (TestSequentialErrorControl shows it by simulation).
package sequential

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/montanaflynn/stats"

	"github.com/syncbench/syncbench/internal/compare/fdr"
	"github.com/syncbench/syncbench/internal/option"
)

// Plan is the schedule of looks of a sequential gate run.
type Plan struct {
	// The plan looks after rounds First, 2·First, 4·First, … and Max,
	// the last round.
	First, Max int
	// Alpha bounds the rate of a false FAIL (no row slower) over the
	// whole run; Beta that of a PASS of a row more than Margin slower.
	Alpha, Beta float64
	// Threshold is the smallest slowdown, as a fraction, that fails;
	// Margin the slowdown a PASS rules out (at least Threshold).
	Threshold, Margin float64
}

// DefaultPlan is the gate's default schedule and error rates.
var DefaultPlan = Plan{First: 12, Max: 384, Alpha: 0.01, Beta: 0.05, Threshold: 0.05, Margin: 0.10}

// Looks returns the number of looks the plan allows.
func (p Plan) Looks() int {
	n := 1 // at Max
	for r := p.First; r > 0 && r < p.Max; r *= 2 {
		n++
	}
	return n
}

// IsLook reports whether the plan looks after round n.
func (p Plan) IsLook(n int) bool {
	if n == p.Max {
		return true
	}
	for r := p.First; r > 0 && r < p.Max; r *= 2 {
		if n == r {
			return true
		}
	}
	return false
}

// Check returns an error naming a bad field of the plan, an
// *option.Error for the fields that are options of the gate.
func (p Plan) Check() error {
	switch {
	case p.First < 2:
		return fmt.Errorf("the first look needs at least 2 rounds, not %d", p.First)
	case p.Max < p.First:
		return option.New("max-rounds", "%d is below the first look at round %d", p.Max, p.First)
	case !(p.Alpha > 0 && p.Alpha < 1):
		return option.New("alpha", "want a probability between 0 and 1, not %v", p.Alpha)
	case !(p.Beta > 0 && p.Beta < 1):
		return option.New("beta", "want a probability between 0 and 1, not %v", p.Beta)
	case !(p.Threshold > 0):
		return option.New("threshold", "want a positive percentage, not %v%%", p.Threshold*100)
	case !(p.Margin >= p.Threshold):
		return option.New("margin", "%v%% is below the threshold of %v%%: a PASS must rule out at least the slowdown that fails", p.Margin*100, p.Threshold*100)
	}
	return nil
}

// State is where a row stands.
type State int

// The states of a row.
const (
	// Open is a row not decided yet.
	Open State = iota
	// Passed is a row that rules out a slowdown of the plan's Margin.
	Passed
	// Failed is a row slower by at least the plan's Threshold.
	Failed
)

// String returns the state as the gate's table prints it.
func (s State) String() string {
	switch s {
	case Passed:
		return "pass"
	case Failed:
		return "fail"
	}
	return "open"
}

// Row is one benchmark in one unit, with its paired measurements.
type Row struct {
	Name, Unit string
	// Family is the top-level benchmark, for the multiplicity control.
	Family string
	// Old[k] and New[k] were measured side by side in the row's k-th round.
	Old, New []float64
	State    State
	// Round is the number of rounds the row had when decided (or at the
	// last look).
	Round int
	// Est is the Hodges–Lehmann estimate of the new/old ratio, Lo and Hi
	// the bounds of its interval at the last look (Lo at the FAIL
	// level, Hi at the PASS level).
	Est, Lo, Hi float64
	// PFail is the signed-rank p-value of "slower" at the last look,
	// PAdj after the multiplicity control.
	PFail, PAdj float64
	// Exact is set for rows constant on both sides (allocation counts),
	// decided without a test.
	Exact bool
}

// Add records the row's measurements of one round.
func (r *Row) Add(old, new float64) {
	r.Old = append(r.Old, old)
	r.New = append(r.New, new)
}

// logRatios returns the rounds' log new/old ratios (pairs with a side at
// or below 0 count as no change, or as the sign of their difference).
func (r *Row) logRatios() []float64 {
	d := make([]float64, len(r.Old))
	for k := range r.Old {
		o, n := r.Old[k], r.New[k]
		switch {
		case o > 0 && n > 0:
			d[k] = math.Log(n / o)
		case n > o:
			d[k] = math.Inf(1)
		case n < o:
			d[k] = math.Inf(-1)
		}
	}
	return d
}

func constant(xs []float64) bool {
	for _, x := range xs {
		if x != xs[0] {
			return false
		}
	}
	return len(xs) > 0
}

// Look decides the open rows of rows after a look of plan, with looks the
// number of looks the error rates are split over (plan.Looks(), or 1 for
// a single look at the end of a fixed-round run).
func Look(rows []*Row, plan Plan, looks int) {
	aF := plan.Alpha / float64(looks)
	aP := plan.Beta / float64(looks)
	up := math.Log1p(plan.Threshold)
	passAt := math.Log1p(plan.Margin)
	var tested []*Row
	for _, r := range rows {
		if r.State != Open {
			if !r.Exact {
				tested = append(tested, r)
			}
			continue
		}
		r.Round = len(r.Old)
		if constant(r.Old) && constant(r.New) && len(r.Old) >= 2 {
			// Deterministic (allocation counts): any change of at least
			// the threshold is a verdict.
			r.Exact = true
			r.Est = ratio(r.New[0], r.Old[0])
			r.Lo, r.Hi, r.PFail, r.PAdj = r.Est, r.Est, 1, 1
			r.State = Passed
			if r.Est >= 1+plan.Threshold || (r.Old[0] == 0 && r.New[0] > 0) {
				r.State = Failed
			}
			continue
		}
		d := r.logRatios()
		w := walsh(d)
		r.Est = math.Exp(median(w))
		r.PFail = signedRankP(len(d), above(w, 0))
		r.Lo = math.Exp(lowerBound(w, len(d), aF))
		r.Hi = math.Exp(upperBound(w, len(d), aP))
		tested = append(tested, r)
	}
	// As compare does, each unit is a family of hypotheses of its own.
	byUnit := map[string][]*Row{}
	for _, r := range tested {
		byUnit[r.Unit] = append(byUnit[r.Unit], r)
	}
	for _, rows := range byUnit {
		ps := make([]float64, len(rows))
		fams := make([]string, len(rows))
		for i, r := range rows {
			ps[i], fams[i] = r.PFail, r.Family
		}
		adj, _, _ := fdr.Hierarchical(ps, fams, aF)
		for i, r := range rows {
			if r.State != Open {
				continue
			}
			r.PAdj = adj[i]
			switch {
			case adj[i] <= aF && math.Log(r.Est) >= up:
				r.State = Failed
			case math.Log(r.Hi) < passAt:
				r.State = Passed
			}
		}
	}
}

func ratio(n, o float64) float64 {
	switch {
	case o > 0:
		return n / o
	case n > 0:
		return math.Inf(1)
	}
	return 1
}

// walsh returns the sorted Walsh averages (d_i+d_j)/2, i <= j, of d.
func walsh(d []float64) []float64 {
	w := make([]float64, 0, len(d)*(len(d)+1)/2)
	for i := range d {
		for j := i; j < len(d); j++ {
			w = append(w, (d[i]+d[j])/2)
		}
	}
	sort.Float64s(w)
	return w
}

// median is the median of s (0 for none), s left as it is.
func median(s []float64) float64 {
	m, err := stats.Median(s)
	if err != nil {
		return 0
	}
	return m
}

// above returns the signed-rank statistic of w's sample against shift θ:
// the number of Walsh averages above θ, those equal to θ counting half.
func above(w []float64, theta float64) float64 {
	var c float64
	for _, x := range w {
		switch {
		case x > theta:
			c++
		case x == theta:
			c += 0.5
		}
	}
	return c
}

// signedRankTail returns P(W >= w) for the Wilcoxon signed-rank statistic
// W of n pairs symmetric about 0 (the exact distribution for n <= 400, a
// normal approximation with continuity correction beyond).
func signedRankTail(n int, w float64) float64 {
	N := n * (n + 1) / 2
	k := int(math.Ceil(w - 1e-9))
	if k <= 0 {
		return 1
	}
	if k > N {
		return 0
	}
	if n > 400 {
		mu := float64(N) / 2
		sd := math.Sqrt(float64(n*(n+1)*(2*n+1)) / 24)
		return 0.5 * math.Erfc((float64(k)-0.5-mu)/sd/math.Sqrt2)
	}
	dist := signedRankDist(n)
	var p float64
	for s := k; s <= N; s++ {
		p += dist[s]
	}
	return math.Min(1, p)
}

var (
	distMu    sync.Mutex
	distCache = map[int][]float64{}
)

// signedRankDist returns the probabilities of W = 0..n(n+1)/2 (shared:
// not to be modified).
func signedRankDist(n int) []float64 {
	distMu.Lock()
	defer distMu.Unlock()
	if d, ok := distCache[n]; ok {
		return d
	}
	d := newSignedRankDist(n)
	distCache[n] = d
	return d
}

func newSignedRankDist(n int) []float64 {
	N := n * (n + 1) / 2
	dist := make([]float64, N+1)
	dist[0] = 1
	top := 0
	for r := 1; r <= n; r++ {
		for s := top; s >= 0; s-- {
			dist[s+r] += dist[s] * 0.5
			dist[s] *= 0.5
		}
		top += r
	}
	return dist
}

// signedRankP is the one-sided p-value of a signed-rank statistic w of n
// pairs: the chance of w or more under symmetry about the tested shift.
func signedRankP(n int, w float64) float64 { return signedRankTail(n, w) }

// critical returns the smallest c with P(W >= c) <= a, or N+1 when even
// W = N is more likely than a.
func critical(n int, a float64) int {
	N := n * (n + 1) / 2
	if n <= 400 {
		dist := signedRankDist(n)
		var p float64
		for c := N; c >= 0; c-- {
			p += dist[c]
			if p > a {
				return c + 1
			}
		}
		return 0
	}
	for c := N / 2; c <= N; c++ {
		if signedRankTail(n, float64(c)) <= a {
			return c
		}
	}
	return N + 1
}

// lowerBound is the lower end of the one-sided 1-a signed-rank interval
// for the shift: the largest θ the test of "shift <= θ" rejects at a.
func lowerBound(w []float64, n int, a float64) float64 {
	c := critical(n, a)
	if c > len(w) {
		return math.Inf(-1)
	}
	return w[len(w)-c]
}

// upperBound is the upper end of the one-sided 1-a interval.
func upperBound(w []float64, n int, a float64) float64 {
	c := critical(n, a)
	if c > len(w) {
		return math.Inf(1)
	}
	return w[c-1]
}

// Step is called after each round (the n-th of the run): at a look of the
// plan, or when last is set because no further round will run (the time
// budget is spent; that look takes the place of the plan's next one), it
// decides what it can. It reports whether the run is over: every row
// decided, or one failed (the verdict is FAIL whatever the others do).
func Step(rows []*Row, plan Plan, n int, last bool) bool {
	if plan.IsLook(n) || (last && n >= 2) {
		Look(rows, plan, plan.Looks())
	}
	done := true
	for _, r := range rows {
		switch r.State {
		case Failed:
			return true
		case Open:
			done = false
		}
	}
	return done
}
