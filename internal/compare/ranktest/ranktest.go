// Package ranktest holds the rank statistics compare decides with: each
// row's Mann–Whitney U statistic with its null variance, and the family
// test, one p-value for "no row of this family changed" whose power grows
// with the rows that move together (internal/compare's doc.go, "How rows
// are decided", says why this test).
package ranktest

import (
	"cmp"
	"math"
	"slices"

	"github.com/syncbench/syncbench/internal/compare/fdr"
)

// U is a row's Mann–Whitney statistic: U of the new side (pairs new >
// old, ties counting one half) centered on its mean under the null, S, and
// its variance under the null (permutations of the pooled samples,
// corrected for ties), V.
type U struct{ S, V float64 }

// U32 is a U kept in less room, for the tests beyond the threshold (a
// row's U and its variance are far from float32's limits).
type U32 struct{ S, V float32 }

// Obs is one sample of a row, pooled: scratch space for UStat.
type Obs struct {
	x     float64
	isNew bool
}

// Beyond computes the U statistics of new/(1+t) and new·(1+t) against
// old: "new is 1+t times old" and "1/(1+t) times" as nulls. buf is
// scratch space, returned for reuse.
func Beyond(old, new []float64, t float64, buf []Obs) ([2]U32, []Obs) {
	var out [2]U32
	scaled := make([]float64, len(new)) // (a few values: one small allocation a row)
	for k, f := range [2]float64{1 / (1 + t), 1 + t} {
		for i, x := range new {
			scaled[i] = x * f
		}
		var u U
		u, buf = UStat(old, scaled, buf)
		out[k] = U32{float32(u.S), float32(u.V)}
	}
	return out, buf
}

// UStat computes the centered U of new against old and its null
// variance, with midranks for ties; buf is scratch space, returned for
// reuse.
func UStat(old, new []float64, buf []Obs) (U, []Obs) {
	n1, n2 := len(old), len(new)
	n := n1 + n2
	if n1 == 0 || n2 == 0 {
		return U{}, buf
	}
	all := buf[:0]
	for _, x := range old {
		all = append(all, Obs{x, false})
	}
	for _, x := range new {
		all = append(all, Obs{x, true})
	}
	slices.SortFunc(all, func(a, b Obs) int { return cmp.Compare(a.x, b.x) })
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
	var u U
	u.S = w - fn2*(fn2+1)/2 - fn1*fn2/2
	if n > 1 {
		u.V = fn1 * fn2 / 12 * ((fn + 1) - ties/(fn*(fn-1)))
	}
	return u, all
}

// Stat is what the family test takes of a row: its statistic (as U), its
// own two-sided p-value as benchmath computes it (exact for small
// samples, as benchstat prints it), and the sample sizes.
type Stat struct {
	S, V, P float64
	N1, N2  int
}

// Best is the statistic of a row of the same sample sizes whose samples
// are all told apart (every new sample above every old one): the most
// evidence of a change those sizes can carry.
func (st *Stat) Best() Stat {
	fn1, fn2 := float64(st.N1), float64(st.N2)
	return Stat{S: fn1 * fn2 / 2, V: fn1 * fn2 * (fn1 + fn2 + 1) / 12, P: MinP(st.N1, st.N2), N1: st.N1, N2: st.N2}
}

// Family accumulates the rows of one family for the family test: the van
// Elteren statistic (each row's U weighted by 1/(n1+n2+1), the locally
// most powerful combination for a shift the rows share), its variance and
// the rows' own p-values. The zero Family is empty.
type Family struct {
	s, v, minW float64
	ps         []float64 // the rows' own p-values
}

// Reset empties f, keeping its buffer.
func (f *Family) Reset() { *f = Family{ps: f.ps[:0]} }

// Add adds a row to the family.
func (f *Family) Add(st *Stat) {
	w := 1 / float64(st.N1+st.N2+1)
	f.s += w * st.S
	f.v += w * w * st.V
	if f.minW == 0 || w < f.minW {
		f.minW = w
	}
	f.ps = append(f.ps, st.P)
}

// P is the family's two-sided p-value for "no row changed": with one row,
// that row's own; with more, the smaller of two tests, doubled
// (Bonferroni over the two):
//   - the van Elteren test, in its normal approximation (see z): rows
//     moving the same way add up, so that 32 rows
//     all 20% slower at 6 samples a side, each at the U test's floor of
//     0.0022, give p below 1e-20;
//   - the Simes combination of the rows' p-values, for a change of a few
//     rows, or of rows moving both ways, which cancel in the sum.
func (f *Family) P() float64 {
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
func (f *Family) z(s float64) float64 {
	if f.v <= 0 {
		return 0
	}
	return (s - f.minW/2) / math.Sqrt(f.v)
}

// OneSided is the p-value, in the same normal approximation, that the
// rows' new sides lie above their old ones (up) or below: of the rows
// shifted by the threshold, a small value says the change is beyond it.
func (f *Family) OneSided(up bool) float64 {
	if f.v <= 0 {
		return 1
	}
	s := f.s
	if !up {
		s = -s
	}
	return math.Erfc(f.z(s)/math.Sqrt2) / 2
}

// BestCaseP is the family test's p-value for k rows of n samples a side
// all told apart: the smallest p-value such a family can reach.
func BestCaseP(k, n int) float64 {
	st := (&Stat{N1: n, N2: n}).Best()
	var f Family
	for range k {
		f.Add(&st)
	}
	return f.P()
}

// MinP is the smallest two-sided p-value a Mann–Whitney U test can give
// for samples of sizes n1 and n2 without ties: 2/C(n1+n2, n1).
func MinP(n1, n2 int) float64 {
	if n1 == 0 || n2 == 0 {
		return 1
	}
	// log C(n1+n2, n1)
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	lc := lg(n1+n2) - lg(n1) - lg(n2)
	return math.Min(1, 2*math.Exp(-lc))
}
