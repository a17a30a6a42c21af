package compare

import (
	"github.com/syncbench/syncbench/internal/compare/fdr"

	"cmp"
	"math"
	"slices"
)

// The family test: one p-value for "no row of this family changed" whose
// power grows with the rows that move together. See doc.go ("How rows are
// decided") for why this test.

// uvar is a row's Mann–Whitney statistic: U of the new side (pairs new >
// old, ties counting one half) centered on its mean under the null, and
// its variance under the null (permutations of the pooled samples,
// corrected for ties).
type uvar struct{ s, v float64 }

// uvar32 is a uvar kept in less room, for the tests beyond the
// threshold (a row's U and its variance are far from float32's limits).
type uvar32 struct{ s, v float32 }

// beyondStats computes the U statistics of new/(1+t) and new·(1+t)
// against old: "new is 1+t times old" and "1/(1+t) times" as nulls.
func beyondStats(old, new []float64, t float64, buf []obs) ([2]uvar32, []obs) {
	var out [2]uvar32
	scaled := make([]float64, len(new)) // (a few values: one small allocation a row)
	for k, f := range [2]float64{1 / (1 + t), 1 + t} {
		for i, x := range new {
			scaled[i] = x * f
		}
		var s, v float64
		s, v, buf = uStat(old, scaled, buf)
		out[k] = uvar32{float32(s), float32(v)}
	}
	return out, buf
}

// rankStat is what the family test takes of a row: its statistic, its
// own two-sided p-value as benchmath computes it (exact for small
// samples, as benchstat prints it), and the sample sizes.
type rankStat struct {
	S, V, P float64
	n1, n2  int
}

// rankOf is row r's rankStat.
func rankOf(r *Row) rankStat {
	return rankStat{S: r.u.s, V: r.u.v, P: r.P, n1: r.Old.N, n2: r.New.N}
}

// obs is one sample of a row, pooled: its value and its side.
type obs struct {
	x     float64
	isNew bool
}

// uStat computes the centered U of new against old and its null
// variance, with midranks for ties; buf is scratch space, returned for
// reuse.
func uStat(old, new []float64, buf []obs) (s, v float64, _ []obs) {
	n1, n2 := len(old), len(new)
	n := n1 + n2
	if n1 == 0 || n2 == 0 {
		return 0, 0, buf
	}
	all := buf[:0]
	for _, x := range old {
		all = append(all, obs{x, false})
	}
	for _, x := range new {
		all = append(all, obs{x, true})
	}
	slices.SortFunc(all, func(a, b obs) int { return cmp.Compare(a.x, b.x) })
	var w, ties float64
	for i := 0; i < n; {
		j := i + 1
		for j < n && all[j].x == all[i].x {
			j++
		}
		rank := float64(i+j+1) / 2 // midrank of positions i..j-1, 1-based
		for k := i; k < j; k++ {
			if all[k].isNew {
				w += rank
			}
		}
		if t := float64(j - i); t > 1 {
			ties += t*t*t - t
		}
		i = j
	}
	fn1, fn2, fn := float64(n1), float64(n2), float64(n)
	s = w - fn2*(fn2+1)/2 - fn1*fn2/2
	if n > 1 {
		v = fn1 * fn2 / 12 * ((fn + 1) - ties/(fn*(fn-1)))
	}
	return s, v, all
}

// best is the statistic of a row of the same sample sizes whose samples
// are all told apart (every new sample above every old one): the most
// evidence of a change those sizes can carry.
func (st *rankStat) best() rankStat {
	fn1, fn2 := float64(st.n1), float64(st.n2)
	return rankStat{S: fn1 * fn2 / 2, V: fn1 * fn2 * (fn1 + fn2 + 1) / 12, P: MinP(st.n1, st.n2), n1: st.n1, n2: st.n2}
}

// familyTest accumulates the rows of one family: the van Elteren
// statistic (each row's U weighted by 1/(n1+n2+1), the locally most
// powerful combination for a shift the rows share) and its variance.
type familyTest struct {
	s, v, minW float64
	ps         []float64 // the rows' own p-values
}

// reset empties f, keeping its buffer.
func (f *familyTest) reset() { *f = familyTest{ps: f.ps[:0]} }

func (f *familyTest) add(st *rankStat) {
	w := 1 / float64(st.n1+st.n2+1)
	f.s += w * st.S
	f.v += w * w * st.V
	if f.minW == 0 || w < f.minW {
		f.minW = w
	}
	f.ps = append(f.ps, st.P)
}

// p is the family's two-sided p-value for "no row changed": with one row,
// that row's own; with more, the smaller of two tests, doubled
// (Bonferroni over the two):
//   - the van Elteren test, in its normal approximation (see z): rows
//     moving the same way add up, so that 32 rows
//     all 20% slower at 6 samples a side, each at the U test's floor of
//     0.0022, give p below 1e-20;
//   - the Simes combination of the rows' p-values, for a change of a few
//     rows, or of rows moving both ways, which cancel in the sum.
func (f *familyTest) p() float64 {
	switch len(f.ps) {
	case 0:
		return 1
	case 1:
		return f.ps[0]
	}
	ve := 1.0
	if z := f.z(math.Abs(f.s)); z > 0 {
		ve = math.Erfc(z / math.Sqrt2)
	}
	return math.Min(1, 2*math.Min(ve, fdr.Simes(f.ps)))
}

// z is the van Elteren statistic s (f.s or its opposite) standardized,
// with a continuity correction of half the smallest weight (the statistic
// moves by at least that much); 0 when the rows carry no variance.
func (f *familyTest) z(s float64) float64 {
	if f.v <= 0 {
		return 0
	}
	return (s - f.minW/2) / math.Sqrt(f.v)
}

// oneSided is the p-value, in the same normal approximation, that the
// rows' new sides lie above their old ones (up) or below: of the rows
// shifted by the threshold, a small value says the change is beyond it.
func (f *familyTest) oneSided(up bool) float64 {
	if f.v <= 0 {
		return 1
	}
	s := f.s
	if !up {
		s = -s
	}
	return math.Erfc(f.z(s)/math.Sqrt2) / 2
}

// bestCaseP is the family test's p-value for k rows of n samples a side
// all told apart: the smallest p-value such a family can reach.
func bestCaseP(k, n int) float64 {
	st := (&rankStat{n1: n, n2: n}).best()
	var f familyTest
	for range k {
		f.add(&st)
	}
	return f.p()
}
