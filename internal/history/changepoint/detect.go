package changepoint

import (
	"math"
	"slices"
	"sort"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/compare/ranktest"
)

// Options are the detector's settings.
type Options struct {
	// Alpha is the false discovery rate over the series (0.05).
	Alpha float64
	// Threshold is the smallest step reported, as a fraction (0.05).
	Threshold float64
	// MinSegment is the fewest points on each side of a change (4).
	MinSegment int
}

// DefaultOptions are the detector's defaults.
func DefaultOptions() Options { return Options{Alpha: 0.05, Threshold: 0.05, MinSegment: 4} }

// Series is one benchmark configuration's points in position order; each
// point is the samples of one run.
type Series [][]float64

// Change is one change point of a series.
type Change struct {
	// Index is the first point after the change.
	Index int
	// Ratio is the step, after over before (Hodges–Lehmann over the two
	// segments' points); Lo and Hi bound it at 95%.
	Ratio, Lo, Hi float64
	// Before and After are the medians of the two segments' points.
	Before, After float64
	// P is the test's p-value for the split; PAdj adjusted over every
	// series screened.
	P, PAdj float64
}

// Detect returns the change points of every series, in position order.
func Detect(series []Series, opt Options) [][]Change {
	if opt.MinSegment < 1 {
		opt.MinSegment = 1
	}
	logs := make([][]float64, len(series))
	samples := make([][][]float64, len(series))
	screen := make([]float64, len(series))
	for i, s := range series {
		samples[i] = logSamples(s)
		logs[i] = Medians(samples[i])
		_, screen[i] = split(samples[i], opt.MinSegment)
	}
	adj := compare.BH(screen)
	r := 0
	for _, a := range adj {
		if a <= opt.Alpha {
			r++
		}
	}
	out := make([][]Change, len(series))
	if r == 0 {
		return out
	}
	level := opt.Alpha * float64(r) / float64(len(series))
	scale := float64(len(series)) / float64(r)
	for i := range series {
		if adj[i] > opt.Alpha {
			continue
		}
		var cuts []int
		var ps []float64
		segment(samples[i], logs[i], 0, len(logs[i]), opt.MinSegment, level, &cuts, &ps)
		out[i] = describe(logs[i], cuts, ps, adj[i], scale, opt.Threshold)
	}
	return out
}

// logSamples is the logarithm of each point's positive samples.
func logSamples(s Series) [][]float64 {
	out := make([][]float64, len(s))
	for i, p := range s {
		for _, v := range p {
			if v > 0 {
				out[i] = append(out[i], math.Log(v))
			}
		}
	}
	return out
}

// Medians is each point's median (NaN for a point without samples).
func Medians(s Series) []float64 {
	out := make([]float64, len(s))
	for i, p := range s {
		out[i] = median(slices.Clone(p))
	}
	return out
}

// Median is the median of v (NaN when v is empty); it sorts v.
func Median(v []float64) float64 { return median(v) }

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// segment splits the points lo to hi recursively while the split's test
// passes at level, appending the cuts (absolute indices) and their
// p-values; pts are the points' samples and x their medians.
func segment(pts [][]float64, x []float64, lo, hi, m int, level float64, cuts *[]int, ps *[]float64) {
	tau, p := split(pts[lo:hi], m)
	if tau < 0 || p > level {
		return
	}
	// The rank statistic finds that there is a step; where it is, the
	// split of least absolute deviation near it says, and a step closer
	// to an end than m points is not yet confirmed.
	if tau = locate(x[lo:hi], tau, m); tau < m || hi-lo-tau < m {
		return
	}
	*cuts = append(*cuts, lo+tau)
	*ps = append(*ps, p)
	segment(pts, x, lo, lo+tau, m, level, cuts, ps)
	segment(pts, x, lo+tau, hi, m, level, cuts, ps)
}

// pointBits is the bits of a sampleKey that hold the point's index.
const pointBits = 20

// sampleKey is a sample's value and its point's index as one integer whose
// order is the values' order: the float's bits made to sort as unsigned
// integers, the last pointBits bits of the mantissa (a relative 2⁻³², far
// below the digits a benchmark writes) given to the index. Sorting these
// is several times faster than sorting pairs with a comparison function.
func sampleKey(v float64, point int) uint64 {
	b := math.Float64bits(v)
	if b>>63 == 1 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return b&^(1<<pointBits-1) | uint64(point)
}

// split returns the split of the points pts (the first point of its
// second side) with the largest standardized rank-sum statistic over every
// sample, and the p-value of that maximum over every split leaving m
// points a side; -1 and 1 when there are too few points (or more than
// 2^20, which a key holds; see sampleKey).
//
// The samples are ranked together; the statistic of a split is the sum of
// the first side's ranks about their expectation, its variance that of
// independent samples times the design effect of the points: how much more
// the points' mean ranks vary about their side's mean than the samples
// within a point would make them vary (see the package documentation).
func split(pts [][]float64, m int) (int, float64) {
	n := len(pts)
	if n < 2*m || n < 3 {
		return -1, 1
	}
	// The samples, sorted once by value with the point each is of (see
	// sampleKey); ties get their mean rank.
	total := 0
	for _, p := range pts {
		total += len(p)
	}
	if total < 3 || n > 1<<pointBits {
		return -1, 1
	}
	big := float64(total)
	all := make([]uint64, 0, total)
	for i, p := range pts {
		for _, v := range p {
			all = append(all, sampleKey(v, i))
		}
	}
	slices.Sort(all)
	// S[i] is point i's sum of ranks about their mean; sq collects each
	// point's squared ranks, for the sum of squares of the ranks about
	// their point's mean (within).
	S := make([]float64, n)
	sq := make([]float64, n)
	cnt := make([]float64, n)
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j]>>pointBits == all[i]>>pointBits {
			j++
		}
		rank := float64(i+j+1) / 2
		for _, e := range all[i:j] {
			pt := e & (1<<pointBits - 1)
			S[pt] += rank
			sq[pt] += rank * rank
			cnt[pt]++
		}
		i = j
	}
	var within, sumM2 float64
	mid := (big + 1) / 2
	for i := range S {
		sumM2 += cnt[i] * cnt[i]
		if cnt[i] > 0 {
			within += sq[i] - S[i]*S[i]/cnt[i]
		}
		S[i] -= cnt[i] * mid
	}
	var sumSq2 float64 // Σ S²/m over every point
	for i := range S {
		if cnt[i] > 0 {
			sumSq2 += S[i] * S[i] / cnt[i]
		}
	}
	msw := math.NaN()
	if big > float64(n) {
		msw = within / (big - float64(n))
	}
	// m0 is the points' effective size (the one-way analysis of
	// variance's n0): the design effect is at most that, every point
	// counting as one observation.
	m0 := (big - sumM2/big) / float64(n-1)
	var w, nA float64
	best, bestZ := -1, 0.0
	for tau := 1; tau < n; tau++ {
		w += S[tau-1]
		nA += cnt[tau-1]
		if tau < m || n-tau < m {
			continue
		}
		nB := big - nA
		if nA == 0 || nB == 0 {
			continue
		}
		v := nA * nB * (big + 1) / 12
		d := 1.0
		if !math.IsNaN(msw) {
			msb := (sumSq2 - w*w/nA - w*w/nB) / float64(n-2)
			switch {
			case msw > 0:
				d = math.Min(m0, math.Max(1, msb/msw))
			default:
				d = m0
			}
		}
		if z := math.Abs(w) / math.Sqrt(v*d); z > bestZ {
			best, bestZ = tau, z
		}
	}
	if best < 0 {
		return -1, 1
	}
	t0 := float64(m) / float64(n)
	t1 := 1 - t0
	return best, maxBridgeP(bestZ, t0, t1)
}

// locate returns the split of x within m points of tau, ends included,
// whose two sides deviate least from their medians (the sum of absolute
// deviations).
func locate(x []float64, tau, m int) int {
	best, bestCost := tau, math.Inf(1)
	for t := max(1, tau-m); t <= min(len(x)-1, tau+m); t++ {
		if c := deviation(x[:t]) + deviation(x[t:]); c < bestCost {
			best, bestCost = t, c
		}
	}
	return best
}

// deviation is the sum of absolute deviations of x from its median.
func deviation(x []float64) float64 {
	v := finite(x)
	med := median(v)
	var s float64
	for _, e := range v {
		s += math.Abs(e - med)
	}
	return s
}

// maxBridgeP approximates P(max over [t0, t1] of |Z(t)| > b) for the
// standardized Brownian bridge Z (see the package documentation).
func maxBridgeP(b, t0, t1 float64) float64 {
	single := math.Erfc(b / math.Sqrt2)
	if t1 <= t0 {
		return math.Min(1, single)
	}
	phi := math.Exp(-b*b/2) / math.Sqrt(2*math.Pi)
	p := b*phi*math.Log(t1*(1-t0)/(t0*(1-t1))) + single
	return math.Min(1, math.Max(p, single))
}

// describe turns the cuts of one series into its reported changes: each
// step measured between the segments on either side, kept when it reaches
// the threshold.
func describe(x []float64, cuts []int, ps []float64, seriesAdj, scale, threshold float64) []Change {
	order := make([]int, len(cuts))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return cuts[order[a]] < cuts[order[b]] })
	bounds := []int{0}
	for _, k := range order {
		bounds = append(bounds, cuts[k])
	}
	bounds = append(bounds, len(x))
	var out []Change
	floor := math.Log1p(threshold)
	for j, k := range order {
		before, after := finite(x[bounds[j]:bounds[j+1]]), finite(x[bounds[j+1]:bounds[j+2]])
		est, lo, hi := ranktest.Shift(before, after)
		if math.Abs(est) < floor {
			continue
		}
		out = append(out, Change{
			Index: cuts[k], Ratio: math.Exp(est), Lo: math.Exp(lo), Hi: math.Exp(hi),
			Before: math.Exp(median(before)), After: math.Exp(median(after)),
			P: ps[k], PAdj: math.Min(1, math.Max(seriesAdj, ps[k]*scale)),
		})
	}
	return out
}

func finite(v []float64) []float64 {
	out := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}
