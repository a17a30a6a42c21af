package verdict

import (
	"fmt"
	"math"
	"sort"

	"github.com/montanaflynn/stats"

	"github.com/syncbench/syncbench/internal/compare/fdr"
	"github.com/syncbench/syncbench/internal/compare/ranktest"
)

// Family is the decision for one family (a top-level benchmark, with its
// file configuration) in one unit.
type Family struct {
	// Unit is the tidied unit and Name the family's label, as in Row.
	Unit, Name string
	// Rows is the number of rows tested; MinN and MaxN the fewest and
	// most samples any of them has on either side.
	Rows, MinN, MaxN int
	// Change is the geometric mean of the rows' ratios of centers, as a
	// change in percent; NaN when no row has two positive centers.
	Change float64
	// P is the family test's p-value for "no row changed", and PAdj that
	// adjusted over the Of families of the unit (Benjamini–Hochberg).
	P, PAdj float64
	Of      int
	// PBest is the p-value the family test would give if every row's
	// samples were told apart, as a change of twice the threshold in
	// steady samples does: the family is Decided when PBest is at most
	// alpha/Of, the level a change of this family alone must reach to be
	// found.
	PBest   float64
	Decided bool
	// PBeyond is the one-sided p-value of the van Elteren test of the
	// rows with the new side divided by 1+t (for a change up, multiplied
	// for one down), t the threshold: small when the family moved beyond
	// the threshold, not only away from no change. A family of more than
	// one row is slower or faster as a whole only when PBeyond is at most
	// alpha/Of.
	PBeyond float64
	// NotEnough is how many of its rows are not enough data: all that are
	// not slower or faster when the family is undecided, else those too
	// few samples keep from being found on their own.
	NotEnough int
	// Better is the unit's direction (as Row.Better).
	Better int
	// Shift is the machine's shift (percent) the family's rows were
	// judged against (Row.Shift), 0 for none; its verdict holds Change
	// against it (Judged).
	Shift   float64
	Verdict Verdict
	// WithUnit is the change of the unit's median family when this family
	// moved as a whole with no row apart, the same way as most families
	// of its unit (at least MinUnitFamilies of them) and the median beyond
	// the threshold: a shift of the machine between two runs, which the
	// family test cannot tell from the code's, so it is said and not
	// counted (compare's doc.go, "A unit that moved as a whole"); NaN otherwise.
	WithUnit float64
	// WithUnitRows is how many rows apart of a family that moved with its
	// unit are no change for it (withUnit).
	WithUnitRows int
}

// MinUnitFamilies is how many families a unit needs before a shift of
// its median family is taken for the machine's rather than the code's.
const MinUnitFamilies = 3

// UnitFamilies is how many families a unit's test screened and selected.
type UnitFamilies struct {
	Unit               string
	Families, Selected int
}

// Decision is the outcome of Decide besides the verdicts it sets.
type Decision struct {
	// Tested is the number of rows tested, Selected how many families the
	// first stage selected.
	Tested, Selected int
	// Families are the families tested, unit by unit, with their verdicts.
	Families []*Family
	// Mixed describes the families whose rows moved significantly both
	// ways (see MixedRows).
	Mixed []string
	// Units is how many families were screened and selected per unit, in
	// order.
	Units []UnitFamilies
}

// Decide tests every unit of rows on its own, families first and then the
// rows of the families found (compare's doc.go, "How rows are decided"),
// at false discovery rate alpha with threshold (a fraction), and sets the
// verdicts of families and rows. It holds a few words per row and per
// family, whatever their numbers: the rows are sorted by unit and family
// and each family is decided as its run of rows is met.
func Decide(rows []*Row, alpha, threshold float64) Decision {
	var dec Decision
	type entry struct{ row, unit int32 }
	unitOrder := map[string]int32{}
	var units []string
	var tested []entry
	for i, r := range rows {
		if !r.tested || r.DerivedFrom != "" {
			continue
		}
		u, ok := unitOrder[r.Unit]
		if !ok {
			u = int32(len(units))
			unitOrder[r.Unit] = u
			units = append(units, r.Unit)
		}
		tested = append(tested, entry{int32(i), u})
	}
	unitOrder = nil
	dec.Tested = len(tested)
	sort.Slice(tested, func(i, j int) bool {
		a, b := tested[i], tested[j]
		if a.unit != b.unit {
			return a.unit < b.unit
		}
		if fa, fb := rows[a.row].Family, rows[b.row].Family; fa != fb {
			return fa < fb
		}
		return a.row < b.row
	})
	// runs[k] is where the k-th family's rows start in tested.
	var runs []int
	for i, e := range tested {
		if i == 0 || e.unit != tested[i-1].unit || rows[e.row].Family != rows[tested[i-1].row].Family {
			runs = append(runs, i)
		}
	}
	runs = append(runs, len(tested))
	fams := make([]Family, len(runs)-1)
	var d decider
	for k := 0; k < len(fams); {
		// The families of one unit: k up to end.
		end := k
		for end < len(fams) && tested[runs[end]].unit == tested[runs[k]].unit {
			end++
		}
		first := make([]int32, end-k) // each family's first row, for the order
		for j := k; j < end; j++ {
			d.rows = d.rows[:0]
			for _, e := range tested[runs[j]:runs[j+1]] {
				d.rows = append(d.rows, rows[e.row])
			}
			first[j-k] = tested[runs[j]].row
			d.measure(&fams[j])
		}
		dec.decideUnit(fams[k:end], alpha, threshold, func(j int) []*Row {
			d.rows = d.rows[:0]
			for _, e := range tested[runs[k+j]:runs[k+j+1]] {
				d.rows = append(d.rows, rows[e.row])
			}
			return d.rows
		})
		// Families in order of first appearance.
		idx := make([]int, end-k)
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return first[idx[a]] < first[idx[b]] })
		for _, i := range idx {
			dec.Families = append(dec.Families, &fams[k+i])
		}
		k = end
	}
	for _, r := range rows {
		if r.P < 0 && r.DerivedFrom == "" {
			// A deterministic unit, constant on both sides: no test.
			r.Verdict = NoChange
			if r.Exact {
				r.Verdict = rowVerdict(r, true, threshold)
			}
		}
	}
	followTwins(rows)
	dec.Mixed = mixed(rows)
	return dec
}

// decider holds the buffers reused from family to family.
type decider struct {
	rows       []*Row
	test, best ranktest.Family
	beyond     [2]ranktest.Family // the rows shifted by the threshold: up, down
}

// measure fills in family f from its rows (d.rows): its size, change and
// family test as measured and in the best case.
func (d *decider) measure(f *Family) {
	r0 := d.rows[0]
	*f = Family{Unit: r0.Unit, Name: r0.Family, Better: r0.Better, Shift: r0.Shift, Rows: len(d.rows), MinN: math.MaxInt}
	d.test.Reset()
	d.best.Reset()
	d.beyond[0].Reset()
	d.beyond[1].Reset()
	var logs float64
	nlogs := 0
	for _, r := range d.rows {
		st := ranktest.Stat{S: r.u.S, V: r.u.V, P: r.P, N1: r.Old.N, N2: r.New.N}
		d.test.Add(&st)
		b := st.Best()
		d.best.Add(&b)
		for k := range d.beyond {
			u := r.beyond[k]
			d.beyond[k].Add(&ranktest.Stat{S: float64(u.S), V: float64(u.V), N1: r.Old.N, N2: r.New.N})
		}
		if o, n := r.Old.Center, r.New.Center; o > 0 && n > 0 && !math.IsInf(o, 0) && !math.IsInf(n, 0) {
			logs += math.Log(n / o)
			nlogs++
		}
		f.MinN = min(f.MinN, r.Old.N, r.New.N)
		f.MaxN = max(f.MaxN, r.Old.N, r.New.N)
	}
	f.P, f.PBest = d.test.P(), d.best.P()
	f.Change = math.NaN()
	f.PBeyond = 1
	if nlogs > 0 {
		f.Change = (math.Exp(logs/float64(nlogs)) - 1) * 100
		switch c := f.Judged(); {
		case c > 0:
			f.PBeyond = d.beyond[0].OneSided(true)
		case c < 0:
			f.PBeyond = d.beyond[1].OneSided(false)
		}
	}
}

// decideUnit screens the families of one unit (measured) with
// Benjamini–Hochberg at alpha over their family tests, then decides each
// family and its rows (rowsOf(j) are family j's).
func (dec *Decision) decideUnit(fams []Family, alpha, threshold float64, rowsOf func(j int) []*Row) {
	ps := make([]float64, len(fams))
	for i := range fams {
		ps[i] = fams[i].P
	}
	adj := fdr.BH(ps)
	uf := UnitFamilies{Unit: fams[0].Unit, Families: len(fams)}
	rowApart := make([]bool, len(fams)) // a row of the family is slower or faster
	for i := range fams {
		f := &fams[i]
		f.PAdj, f.Of = adj[i], len(fams)
		f.Decided = f.PBest <= alpha/float64(f.Of)
		sig := f.PAdj <= alpha
		if sig {
			uf.Selected++
		}
		rows := rowsOf(i)
		oneWay := testRows(rows, sig, f.PAdj, alpha, threshold)
		// As a whole: its rows moved one way and beyond the threshold,
		// at the level a family alone must reach (alpha/F).
		// A family whose every row is under its floor did not move.
		whole := sig && oneWay && f.Rows > 1 && f.PBeyond <= alpha/float64(f.Of) && !allUnderFloor(rows)
		f.Verdict = familyVerdict(f, whole, threshold)
		if f.Rows == 1 && (rows[0].Verdict == Slower || rows[0].Verdict == Faster) {
			f.Verdict = rows[0].Verdict // a family of one row is that row
		}
		f.NotEnough = markNotEnough(rows, f.Verdict == NotEnoughData, alpha)
		for _, r := range rows {
			rowApart[i] = rowApart[i] || r.Verdict == Slower || r.Verdict == Faster
		}
	}
	withUnit(fams, rowApart, threshold, rowsOf)
	dec.Selected += uf.Selected
	dec.Units = append(dec.Units, uf)
}

// withUnit takes back the verdicts of families that moved only with their
// unit: when the unit has at least MinUnitFamilies families and its median
// family's change is beyond the threshold, a family found slower or faster
// as a whole, with no row of it apart (rowApart), the same way as that
// median, is no change, its WithUnit the median's change. Two runs of one
// commit on a shared machine show such shifts in the tails of latency
// (testdata/rounds-aa-*.txt.gz): every family's p99 up 9-22% while no row
// moved beyond its own spread. In a unit other than ShiftUnit (whose
// shift the rows are judged against instead), a family with rows apart
// that moved the same way, by at most the median and the threshold, moved
// with its unit too: the tails move every family beyond the threshold
// between two such runs (results/replication-count10.md), and some rows of
// each far more, others not at all; its rows that
// moved the median's way are no change, and WithUnitRows counts them. (A
// family that moved less than the median, its way, moved with it too.)
func withUnit(fams []Family, rowApart []bool, threshold float64, rowsOf func(j int) []*Row) {
	for i := range fams {
		fams[i].WithUnit = math.NaN()
	}
	var changes []float64
	for _, f := range fams {
		if !math.IsNaN(f.Change) {
			changes = append(changes, f.Change)
		}
	}
	if len(changes) < MinUnitFamilies {
		return
	}
	median, _ := stats.Median(changes)
	if !Beyond(median, threshold) {
		return
	}
	for i := range fams {
		f := &fams[i]
		if f.Shift != 0 || math.IsNaN(f.Change) || f.Change*median <= 0 {
			continue // judged against the machine's shift already, or not its way
		}
		whole := f.Verdict == Slower || f.Verdict == Faster
		switch {
		case !rowApart[i]:
			if whole {
				f.WithUnit, f.Verdict = median, NoChange
			}
		case f.Unit != ShiftUnit && !beyondWay(against(f.Change, median), median, threshold):
			f.WithUnit = median
			if whole {
				f.Verdict = NoChange
			}
			for _, r := range rowsOf(i) {
				if (r.Verdict == Slower || r.Verdict == Faster) && r.Change*median > 0 {
					r.Verdict = NoChange
					f.WithUnitRows++
				}
			}
		}
	}
}

// allUnderFloor reports whether every row is under its floor.
func allUnderFloor(rows []*Row) bool {
	for _, r := range rows {
		if !r.UnderFloor() {
			return false
		}
	}
	return true
}

// beyondWay reports whether a change c (percent) reaches the threshold t
// in the direction of way's sign.
func beyondWay(c, way, t float64) bool { return c*way > 0 && Beyond(c, t) }

// familyVerdict is a family's verdict: slower or faster as a whole when
// it moved (significant, one way, beyond the threshold: see decideUnit)
// and its geometric-mean change reaches the threshold; no change when its
// samples could show a change of twice the threshold; otherwise not
// enough data.
func familyVerdict(f *Family, moved bool, threshold float64) Verdict {
	switch {
	case moved && f.Better != 0 && Beyond(f.Judged(), threshold):
		if f.Judged()*float64(f.Better) < 0 {
			return Slower
		}
		return Faster
	case f.Decided:
		return NoChange
	}
	return NotEnoughData
}

// testRows sets the rows' adjusted p-values and verdicts (slower, faster
// or no change). In a family whose test is significant (sig), the rows
// are tested with Benjamini–Hochberg at alpha, and a row's adjusted
// p-value is the larger of its own and the family's (famAdj); in the
// others every row takes the family's. It reports whether no two rows
// were found to move opposite ways.
func testRows(rows []*Row, sig bool, famAdj, alpha, threshold float64) (oneWay bool) {
	within := make([]float64, len(rows))
	for i, r := range rows {
		within[i] = r.P
	}
	if sig {
		within = fdr.BH(within)
	}
	var slower, faster bool
	for i, r := range rows {
		r.PAdj = famAdj
		if sig {
			r.PAdj = math.Max(famAdj, within[i])
		}
		r.Verdict = rowVerdict(r, r.PAdj <= alpha, threshold)
		slower = slower || r.Verdict == Slower
		faster = faster || r.Verdict == Faster
	}
	return !(slower && faster)
}

// markNotEnough makes "not enough data" of the rows left at no change
// when their family cannot be decided (undecided) or their samples are
// too few for them to be found on their own, and returns how many.
func markNotEnough(rows []*Row, undecided bool, alpha float64) (n int) {
	for _, r := range rows {
		if r.Verdict == NoChange && (undecided || ranktest.MinP(r.Old.N, r.New.N) > alpha) {
			r.Verdict = NotEnoughData
			n++
		}
	}
	return n
}

// rowVerdict is the verdict of a row whose change is significant or
// not: slower or faster when significant and beyond the threshold and its
// floor in a known direction, no change otherwise.
func rowVerdict(r *Row, sig bool, threshold float64) Verdict {
	if !sig || r.Better == 0 || !Beyond(r.Judged(), threshold) || r.UnderFloor() {
		return NoChange
	}
	if r.Worse() {
		return Slower
	}
	return Faster
}

// Beyond reports whether a change in percent reaches the threshold t (a
// fraction) either way, as a ratio: new/old at least 1+t or at most
// 1/(1+t), so that +5% one way is -4.76% the other and both count the
// same. NaN never does.
func Beyond(pct, t float64) bool {
	if math.IsNaN(pct) || pct == 0 {
		return false
	}
	return math.Abs(math.Log1p(pct/100)) >= math.Log1p(t)*(1-1e-12)
}

// rowKey identifies a row: the file configuration that sets it apart,
// the full benchmark name and the unit.
type rowKey struct{ config, name, unit string }

// followTwins gives each derived row the verdict and p-values of the row
// it follows (the same benchmark's sec/op).
func followTwins(rows []*Row) {
	twins := map[rowKey]*Row{}
	for _, r := range rows {
		if r.DerivedFrom != "" {
			twins[rowKey{r.Config, r.Name, r.DerivedFrom}] = nil
		}
	}
	if len(twins) == 0 {
		return
	}
	for _, r := range rows {
		if k := (rowKey{r.Config, r.Name, r.Unit}); r.DerivedFrom == "" {
			if _, ok := twins[k]; ok {
				twins[k] = r
			}
		}
	}
	for _, r := range rows {
		if r.DerivedFrom != "" {
			t := twins[rowKey{r.Config, r.Name, r.DerivedFrom}]
			r.Verdict, r.P, r.PAdj = t.Verdict, t.P, t.PAdj
		}
	}
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
