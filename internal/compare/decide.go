package compare

import (
	"github.com/syncbench/syncbench/internal/compare/fdr"
	"github.com/syncbench/syncbench/internal/compare/ranktest"
	"github.com/syncbench/syncbench/internal/compare/verdict"
)

// The decision rule lives in package verdict; these names keep it
// reachable as compare's, as the report, the gate and the history use it.

// Verdict is the outcome for one row (verdict.Verdict).
type Verdict = verdict.Verdict

// The verdicts, in the order the markdown report lists them.
const (
	NoChange      = verdict.NoChange
	Slower        = verdict.Slower
	Faster        = verdict.Faster
	NotEnoughData = verdict.NotEnoughData
)

// Row is the comparison of one benchmark in one unit (verdict.Row).
type Row = verdict.Row

// Summary is one side of a row (verdict.Summary).
type Summary = verdict.Summary

// Family is the decision for one family in one unit (verdict.Family).
type Family = verdict.Family

// UnitFamilies is how many families a unit's test screened and selected.
type UnitFamilies = verdict.UnitFamilies

// MinUnitFamilies is how many families a unit needs before a shift of
// its median family is taken for the machine's rather than the code's.
const MinUnitFamilies = verdict.MinUnitFamilies

// MixedRows is how many rows of one family and unit must be significantly
// slower, and as many significantly faster, for the comparison to be
// called mixed.
const MixedRows = verdict.MixedRows

// Beyond reports whether a change in percent reaches the threshold t (a
// fraction) either way, as a ratio (verdict.Beyond).
func Beyond(pct, t float64) bool { return verdict.Beyond(pct, t) }

// undecided returns the families that are not enough data.
func (r *Report) undecided() []*Family {
	var out []*Family
	for _, f := range r.Families {
		if f.Verdict == NotEnoughData {
			out = append(out, f)
		}
	}
	return out
}

// Hierarchical is fdr.Hierarchical, kept under its name for the gate and
// report's winners.
func Hierarchical(ps []float64, families []string, alpha float64) (adj []float64, F, R int) {
	return fdr.Hierarchical(ps, families, alpha)
}

// BH is fdr.BH, kept under its name for the packages that use it.
func BH(ps []float64) []float64 { return fdr.BH(ps) }

// MinP is ranktest.MinP, kept under its name for the packages that use
// it: the smallest two-sided p-value a Mann–Whitney U test can give for
// samples of sizes n1 and n2 without ties.
func MinP(n1, n2 int) float64 { return ranktest.MinP(n1, n2) }
