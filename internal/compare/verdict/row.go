package verdict

import (
	"math"
	"slices"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/syncbench/syncbench/internal/compare/ranktest"
	"github.com/syncbench/syncbench/internal/intern"
	"github.com/syncbench/syncbench/internal/results"
)

// Verdict is the outcome for one row.
type Verdict int

// The verdicts, in the order the markdown report lists them.
const (
	// NoChange: not significant, or smaller than the threshold.
	NoChange Verdict = iota
	// Slower: a regression (worse in the unit's direction).
	Slower
	// Faster: an improvement (better in the unit's direction).
	Faster
	// NotEnoughData: too few samples for the test to reach alpha.
	NotEnoughData
)

// String returns the verdict as the reports print it.
func (v Verdict) String() string {
	switch v {
	case Slower:
		return "slower"
	case Faster:
		return "faster"
	case NotEnoughData:
		return "not enough data"
	}
	return "no change"
}

// MarshalText makes verdicts readable in JSON.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// Row is the comparison of one benchmark in one unit.
type Row struct {
	// Name is the full benchmark name, with sub-benchmarks and the
	// GOMAXPROCS suffix, as in the files.
	Name string
	// Unit is the tidied unit (benchstat's: ns/op becomes sec/op).
	Unit string
	// Old and New summarize the two samples: the center (median, or the
	// mode for assume=exact units), its confidence interval and the
	// sample size.
	Old, New Summary
	// Change is the change of the centers in percent, (new/old-1)*100:
	// +Inf when old is 0 and new is not, NaN when undefined.
	Change float64
	// P is the Mann–Whitney U test p-value benchstat prints; against a
	// machine's shift (Shift) the larger of that test's against no change
	// and against the shift; -1 when no test applies (deterministic
	// units).
	P float64
	// PAdj is P adjusted for the number of rows and families screened
	// (Decide); the row is significant when PAdj <= Alpha. -1 when no
	// test applies.
	PAdj float64
	// Config is the file configuration that keeps this row apart from
	// same-named benchmarks ("pkg=a", "note=before"), or empty.
	Config string
	// Family is the row's family for the multiplicity control: its
	// configuration and top-level benchmark name.
	Family string
	// DerivedFrom names the unit this row is a fixed function of
	// ("sec/op" for msgs/s): it takes that row's verdict, untested.
	DerivedFrom string
	// Better is +1 when higher values are better, -1 when lower values
	// are, 0 when the direction is unknown.
	Better int
	// Exact is true for deterministic units constant on both sides,
	// compared without a test.
	Exact bool
	// Shift is the machine's shift between the two runs (percent) that
	// the row's test and verdict are judged against, 0 for none (Shifts,
	// Tester.RowAgainst): its old samples are moved by it before the test.
	Shift float64
	// Floor is the smallest difference of the centers, in the unit (not
	// a percentage), that the row's verdict can be slower or faster for
	// (Tester.Floor): a clock's resolution. 0 for none.
	Floor   float64
	Verdict Verdict
	// Warnings are benchmath's notes about the samples, such as too few
	// samples for an interval.
	Warnings []string
	// u is the centered U statistic and its variance the family test
	// needs (package ranktest), for the rows tested.
	u ranktest.U
	// beyond are the same statistic of the new side divided by 1+t and
	// multiplied by 1+t (t the threshold): the tests of "the change
	// reaches the threshold" up and down.
	beyond [2]ranktest.U32
	tested bool
}

// Summary is one side of a row.
type Summary struct {
	Center, Lo, Hi float64
	// N is the number of samples.
	N int
}

// Range is benchstat's "± x%" text for the interval ("∞" when there are
// too few samples for one).
func (s Summary) Range() string {
	return benchmath.Summary{Center: s.Center, Lo: s.Lo, Hi: s.Hi}.PctRangeString()
}

// Regression reports whether the row is a regression.
func (r *Row) Regression() bool { return r.Verdict == Slower }

// UnderFloor reports whether the row's centers, the old one moved by the
// machine's shift, differ by less than its floor.
func (r *Row) UnderFloor() bool {
	return r.Floor > 0 && math.Abs(r.New.Center-r.Old.Center*(1+r.Shift/100)) < r.Floor
}

// Worse reports whether the new center is worse than the old one in the
// unit's direction, significant or not.
func (r *Row) Worse() bool {
	c := r.Judged()
	return r.Better != 0 && !math.IsNaN(c) && c*float64(r.Better) < 0
}

// Tester summarizes and tests rows one at a time, as benchstat does,
// reusing its buffers from row to row.
type Tester struct {
	units                 benchfmt.UnitMetadataMap
	thr                   benchmath.Thresholds
	confidence, threshold float64
	in                    *intern.Table
	scratch               []ranktest.Obs
	floor                 func(unit string) float64
}

// Floor sets each unit's floor (Row.Floor): floor returns it for a tidied
// unit, 0 for none.
func (t *Tester) Floor(floor func(unit string) float64) { t.floor = floor }

// NewTester returns a Tester for rows of the given units: intervals at
// confidence, tests at alpha, and the tests of "the change reaches the
// threshold" (a fraction) that the family decision needs. Each row's
// warnings are interned in in.
func NewTester(units benchfmt.UnitMetadataMap, alpha, confidence, threshold float64, in *intern.Table) *Tester {
	return &Tester{units: units, thr: benchmath.Thresholds{CompareAlpha: alpha}, confidence: confidence, threshold: threshold, in: in}
}

// Row summarizes the row of unit whose old and new samples are ov and
// nv, and computes its test unless the unit is deterministic and
// constant on both sides. The caller names the row.
func (t *Tester) Row(unit string, ov, nv []float64) *Row {
	return t.RowAgainst(unit, ov, nv, 1)
}

// RowAgainst is Row with the row judged against a machine that moved by
// the ratio shift (new/old) between the runs: the summaries and the change
// are those of the samples, the tests those of the old samples multiplied
// by shift against the new, and Shift records it.
func (t *Tester) RowAgainst(unit string, ov, nv []float64, shift float64) *Row {
	assume := t.units.GetAssumption(unit)
	os := benchmath.NewSample(append([]float64(nil), ov...), &t.thr)
	ns := benchmath.NewSample(append([]float64(nil), nv...), &t.thr)
	osum, nsum := assume.Summary(os, t.confidence), assume.Summary(ns, t.confidence)
	row := &Row{
		Unit:   unit,
		Old:    summary(osum, len(os.Values)),
		New:    summary(nsum, len(ns.Values)),
		Better: results.Better(t.units, unit),
		Exact:  results.Exact(t.units, unit) && constant(ov) && constant(nv),
		P:      -1,
		PAdj:   -1,
	}
	if t.floor != nil {
		row.Floor = t.floor(unit)
	}
	warnings := append(osum.Warnings, nsum.Warnings...)
	row.Change = change(row.Old.Center, row.New.Center)
	if !row.Exact {
		var unshifted float64 // the test against no change, when there is a shift
		if shift != 1 {
			unshifted = assume.Compare(os, ns).P
			ov = slices.Clone(ov)
			for i := range ov {
				ov[i] *= shift
			}
			os = benchmath.NewSample(ov, &t.thr) // sorts ov, a copy: the rank tests below need no order
			row.Shift = (shift - 1) * 100
		}
		c := assume.Compare(os, ns)
		// Against a shift the row is significant only when it is against
		// no change too: the shift excuses and never accuses (Judged).
		row.P = max(c.P, unshifted)
		warnings = append(warnings, c.Warnings...)
		row.u, t.scratch = ranktest.UStat(ov, nv, t.scratch)
		row.beyond, t.scratch = ranktest.Beyond(ov, nv, t.threshold, t.scratch)
		row.tested = true
	}
	row.Warnings = t.in.Errors(warnings)
	return row
}
func summary(s benchmath.Summary, n int) Summary {
	return Summary{Center: s.Center, Lo: s.Lo, Hi: s.Hi, N: n}
}

// change is benchstat's percent change of the centers.
func change(old, new float64) float64 {
	switch {
	case old == new:
		return 0
	case old == 0:
		if new > 0 {
			return math.Inf(1)
		}
		return math.NaN()
	}
	return (new/old - 1) * 100
}

// constant reports whether a side has at least two samples, all equal:
// only then is a deterministic unit known to be deterministic here.
func constant(vs []float64) bool {
	if len(vs) < 2 {
		return false
	}
	for _, v := range vs[1:] {
		if v != vs[0] {
			return false
		}
	}
	return true
}
