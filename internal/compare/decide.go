package compare

import (
	"fmt"
	"math"
	"sort"
)

// The multiplicity control. A standard run of the suite has about 1,100
// time rows (and as many again of other units) in a dozen families,
// with 6 samples a row, so that the smallest Mann–Whitney p-value a row can
// reach is 2/C(12,6) = 0.0022. A family-wise correction over every row
// (Holm: 0.05/3076 = 1.6e-5) can then never reject anything, and a flat
// Benjamini–Hochberg over all rows rejects a family's rows only when the
// family is at least p/α = 4.4% of all rows. Benchmark results come in
// families (a top-level benchmark swept over its dimensions), and a real
// change usually moves many rows of one family together, so compare tests
// hierarchically (Benjamini & Bogomolov, 2014), each unit on its own as
// benchstat makes a table per unit (so the rate is controlled per unit):
//
//  1. each family's p-value is the Simes combination of its rows'
//     p-values, and the families are screened with Benjamini–Hochberg at
//     α; R of the F families are selected;
//  2. within each selected family the rows are tested with
//     Benjamini–Hochberg at α·R/F.
//
// This controls the expected average false discovery rate over the
// selected families at α (for independent or positively dependent
// p-values), and a change across one whole family of 6-sample rows is
// found whenever 0.0022 <= α/F, that is up to 22 families of one unit.

// decide runs the two stages for each unit over its tested rows and sets
// every row's verdict.
func decide(rep *Report) {
	opts := rep.Options
	byUnit := map[string][]*Row{}
	var units []string
	for _, r := range rep.Rows {
		if r.Exact || r.DerivedFrom != "" || r.P < 0 || MinP(r.Old.N, r.New.N) > opts.Alpha {
			continue
		}
		if _, ok := byUnit[r.Unit]; !ok {
			units = append(units, r.Unit)
		}
		byUnit[r.Unit] = append(byUnit[r.Unit], r)
		rep.Tested++
	}
	rep.unitFamilies = map[string]int{}
	for _, u := range units {
		F, R := screen(byUnit[u], opts.Alpha)
		rep.unitFamilies[u] = F
		rep.Families += F
		rep.Selected += R
	}
	// The rows derived rows take their verdict from (few or none).
	byKey := map[rowKey]*Row{}
	for _, r := range rep.Rows {
		if r.DerivedFrom != "" {
			byKey[rowKey{r.Config, r.Name, r.DerivedFrom}] = nil
		}
	}
	for _, r := range rep.Rows {
		k := rowKey{r.Config, r.Name, r.Unit}
		if _, ok := byKey[k]; ok {
			byKey[k] = r
		}
	}
	thrPct := opts.Threshold * 100
	for _, r := range rep.Rows {
		if r.DerivedFrom != "" {
			continue
		}
		r.Verdict = NoChange
		sig := r.Exact || (r.PAdj >= 0 && r.PAdj <= opts.Alpha)
		big := math.Abs(r.Change) >= thrPct && r.Change != 0
		switch {
		case sig && big && r.Better != 0 && !math.IsNaN(r.Change):
			if r.Worse() {
				r.Verdict = Slower
			} else {
				r.Verdict = Faster
			}
		case !sig && !r.Exact && !decidable(r.Old.N, r.New.N, opts.Alpha, rep.familiesOf(r.Unit)):
			r.Verdict = NotEnoughData
		}
	}
	for _, r := range rep.Rows {
		if r.DerivedFrom != "" {
			t := byKey[rowKey{r.Config, r.Name, r.DerivedFrom}]
			r.Verdict, r.P, r.PAdj = t.Verdict, t.P, t.PAdj
		}
	}
	rep.Mixed = mixed(rep.Rows)
}

// MixedRows is how many rows of one family and unit must be significantly
// slower, and as many significantly faster, for the comparison to be
// called mixed (see mixed).
const MixedRows = 3

// mixed describes the families (per unit) in which at least MixedRows rows
// are Slower and at least MixedRows Faster. One change of code rarely
// moves one family's rows both ways at once; two runs on a machine whose
// speed wandered between them do, because each row's samples are taken
// together and share the conditions of their moment, so its test sees
// none of that wander. Such verdicts are not to be trusted either way.
func mixed(rows []*Row) []string {
	type count struct{ slower, faster int }
	counts := map[[2]string]*count{}
	var order [][2]string
	for _, r := range rows {
		if r.DerivedFrom != "" || (r.Verdict != Slower && r.Verdict != Faster) {
			continue
		}
		k := [2]string{r.Family, r.Unit}
		c := counts[k]
		if c == nil {
			c = &count{}
			counts[k] = c
			order = append(order, k)
		}
		if r.Verdict == Slower {
			c.slower++
		} else {
			c.faster++
		}
	}
	var out []string
	for _, k := range order {
		if c := counts[k]; c.slower >= MixedRows && c.faster >= MixedRows {
			out = append(out, fmt.Sprintf("%s %s: %d rows slower, %d faster", k[0], k[1], c.slower, c.faster))
		}
	}
	return out
}

// familiesOf is the number of families screened in unit, at least 1.
func (r *Report) familiesOf(unit string) int {
	return max(r.unitFamilies[unit], 1)
}

// screen runs the two stages over the rows of one unit, setting their
// PAdj, and returns the number of families F and how many were selected.
func screen(rows []*Row, alpha float64) (F, R int) {
	ps := make([]float64, len(rows))
	fams := make([]string, len(rows))
	for i, r := range rows {
		ps[i], fams[i] = r.P, r.Family
	}
	adj, F, R := Hierarchical(ps, fams, alpha)
	for i, r := range rows {
		r.PAdj = adj[i]
	}
	return F, R
}

// Hierarchical runs the two-stage procedure over p-values ps, ps[i]
// belonging to family families[i]: Simes p-values of the families screened
// with Benjamini–Hochberg at alpha, then Benjamini–Hochberg within each of
// the R selected families (of F) at alpha·R/F. It returns adjusted
// p-values, in the order of ps, such that ps[i] is rejected exactly when
// adj[i] <= alpha (for a family not selected, its adjusted Simes p-value,
// above alpha).
func Hierarchical(ps []float64, families []string, alpha float64) (adj []float64, F, R int) {
	idx := map[string][]int{}
	var order []string
	for i, f := range families {
		if _, ok := idx[f]; !ok {
			order = append(order, f)
		}
		idx[f] = append(idx[f], i)
	}
	F = len(order)
	famP := make([]float64, F)
	for k, f := range order {
		famP[k] = simes(pick(ps, idx[f]))
	}
	famAdj := BH(famP)
	for _, q := range famAdj {
		if q <= alpha {
			R++
		}
	}
	adj = make([]float64, len(ps))
	for k, f := range order {
		if famAdj[k] > alpha {
			for _, i := range idx[f] {
				adj[i] = famAdj[k]
			}
			continue
		}
		within := BH(pick(ps, idx[f]))
		for j, i := range idx[f] {
			adj[i] = math.Min(1, within[j]*float64(F)/float64(R))
		}
	}
	return adj, F, R
}

func pick(ps []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for j, i := range idx {
		out[j] = ps[i]
	}
	return out
}

// decidable reports whether samples of sizes n1 and n2 can be significant
// when their family alone of F changed: its smallest p-value must pass the
// first stage, α/F (and then the second, α·1/F, at the same level).
func decidable(n1, n2 int, alpha float64, F int) bool {
	return MinP(n1, n2) <= alpha/float64(max(F, 1))
}

// simes is the Simes combination of ps, a valid p-value for "no
// hypothesis of ps is false" under independence or positive dependence:
// min over i of m·p(i)/i, p(i) the i-th smallest.
func simes(ps []float64) float64 {
	s := append([]float64(nil), ps...)
	sort.Float64s(s)
	m := float64(len(s))
	best := 1.0
	for i, p := range s {
		best = math.Min(best, m*p/float64(i+1))
	}
	return best
}

// BH returns the Benjamini–Hochberg adjusted p-values of ps, in the same
// order: min over j >= i of m·p(j)/j, capped at 1. A p-value is rejected
// at false discovery rate q exactly when its adjusted value is <= q.
func BH(ps []float64) []float64 {
	m := len(ps)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]] < ps[idx[b]] })
	adj := make([]float64, m)
	prev := 1.0
	for k := m - 1; k >= 0; k-- {
		i := idx[k]
		v := math.Min(prev, ps[i]*float64(m)/float64(k+1))
		adj[i] = v
		prev = v
	}
	return adj
}

// minP is the smallest two-sided p-value a Mann–Whitney U test can give
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

// minSamples is the smallest equal sample size whose smallest p-value is
// at most level, or 0 when none up to 100 is.
func minSamples(level float64) int {
	for n := 1; n <= 100; n++ {
		if MinP(n, n) <= level {
			return n
		}
	}
	return 0
}

// notEnough explains n undecidable rows: the smallest p-value their
// samples allow, the level a change in one family needs, and what would
// reach it.
func (r *Report) notEnough(n int) string {
	alpha := r.Options.Alpha
	var worst *Row
	for _, row := range r.Rows {
		if row.Verdict == NotEnoughData && row.DerivedFrom == "" && (worst == nil || MinP(row.Old.N, row.New.N) > MinP(worst.Old.N, worst.New.N)) {
			worst = row
		}
	}
	mp, F := MinP(worst.Old.N, worst.New.N), r.familiesOf(worst.Unit)
	s := fmt.Sprintf("%d row(s) cannot be decided, e.g. %s %s with %d and %d samples: the smallest p-value they allow is %.3g, and a change in one of %d families of %s needs p <= %.2g",
		n, label(worst.Config, worst.Name), worst.Unit, worst.Old.N, worst.New.N, mp, F, worst.Unit, alpha/float64(F))
	var fixes []string
	if c := minSamples(alpha / float64(F)); c > 0 {
		fixes = append(fixes, fmt.Sprintf("-count %d or more on both sides", c))
	}
	if k := int(alpha / mp); k >= 1 && k < F {
		fixes = append(fixes, fmt.Sprintf("-filter to at most %d families", k))
	}
	if len(fixes) > 0 {
		s += "; use " + fixes[0]
		if len(fixes) > 1 {
			s += ", or " + fixes[1]
		}
	}
	return s
}
