package compare

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/compare/ranktest"
	"github.com/syncbench/syncbench/internal/compare/rowset"
	"github.com/syncbench/syncbench/internal/compare/verdict"
)

// The report's sentences: its summary line, and the notes that say which
// families moved and what would decide those that cannot be decided.

// Summary returns a one-line count of the verdicts, with the number of
// families each unit's test screened.
func (r *Report) Summary() string {
	var units []string
	for _, u := range r.unitFamilies {
		units = append(units, fmt.Sprintf("%s %d", u.Unit, u.Families))
	}
	s := fmt.Sprintf("%d slower, %d faster, %d no change, %d not enough data (threshold %s either way, false discovery rate %g over %d tests in %d families: %s; %d selected)",
		r.Count(Slower), r.Count(Faster), r.Count(NoChange), r.Count(NotEnoughData),
		FormatPercent(r.Options.Threshold), r.Options.Alpha, r.Tested, len(r.Families), strings.Join(units, ", "), r.Selected)
	if d := r.Derived(); d > 0 {
		s += fmt.Sprintf("; %d rate rows follow their sec/op rows", d)
	}
	if len(r.Mixed) > 0 {
		s += fmt.Sprintf("; rows moved both ways in %d families: not trusted", len(r.Mixed))
	}
	return s
}

// maxFamilyLines is how many families of one kind the notes list.
const maxFamilyLines = 10

// Notes are the lines about families: those found slower or faster as a
// whole (and the rows -wait-floor made no change), then those that cannot
// be decided, at most maxFamilyLines of each, and about the rows too few
// samples keep from being decided on their own: the text and markdown
// outputs print them after the table.
func (r *Report) Notes() []string {
	var found, open []string
	if s := r.shiftNote(); s != "" {
		found = append(found, s)
	}
	nFound, nOpen := 0, 0
	for _, f := range r.Families {
		switch f.Verdict {
		case Slower, Faster:
			if nFound++; nFound <= maxFamilyLines {
				against := ""
				if f.Shift != 0 {
					against = fmt.Sprintf("; %s against the machine's %s", FormatChange(f.Judged()), FormatChange(f.Shift))
				}
				found = append(found, fmt.Sprintf("family %s %s: %s (geometric mean of %d rows%s), p adj %.2g: %s", f.Name, f.Unit, FormatChange(f.Change), f.Rows, against, f.PAdj, f.Verdict))
			}
		case NoChange:
			if !math.IsNaN(f.WithUnit) {
				apart := "no row apart"
				if f.WithUnitRows > 0 {
					apart = fmt.Sprintf("%d rows apart its way, within %s of the median", f.WithUnitRows, FormatPercent(r.Options.Threshold))
				}
				found = append(found, fmt.Sprintf("family %s %s: %s (geometric mean of %d rows), p adj %.2g, %s: moved with its unit (median family %s), the machine between the runs as much as the code; not counted", f.Name, f.Unit, FormatChange(f.Change), f.Rows, f.PAdj, apart, FormatChange(f.WithUnit)))
			}
		case NotEnoughData:
			if nOpen++; nOpen <= maxFamilyLines {
				open = append(open, "not enough data: "+r.Because(f))
			}
		}
	}
	if nFound > maxFamilyLines {
		found = append(found, fmt.Sprintf("and %d more families slower or faster", nFound-maxFamilyLines))
	}
	if s := r.floorNote(); s != "" {
		found = append(found, s)
	}
	if nOpen > maxFamilyLines {
		open = append(open, fmt.Sprintf("and %d more families that cannot be decided", nOpen-maxFamilyLines))
	}
	if n := r.alone(); n > 0 {
		open = append(open, "not enough data: "+r.rowsBecause(n))
	}
	return append(found, open...)
}

// floorNote says how many rows were significant and beyond the
// threshold but moved by less than their floor (-wait-floor), which makes
// them no change.
func (r *Report) floorNote() string {
	n := 0
	var worst *Row
	for _, row := range r.Rows {
		if row.Verdict == NoChange && row.PAdj >= 0 && row.PAdj <= r.Options.Alpha && verdict.Beyond(row.Judged(), r.Options.Threshold) && row.UnderFloor() {
			if n++; worst == nil || math.Abs(row.Change) > math.Abs(worst.Change) {
				worst = row
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d lock-wait rows moved beyond the threshold, significant, but by less than -wait-floor %v, the clock's resolution: no change (the largest: %s %s %s, %s → %s)",
		n, r.Options.WaitFloor, worst.Name, worst.Unit, FormatChange(worst.Change), time.Duration(worst.Old.Center*1e9), time.Duration(worst.New.Center*1e9))
}

// minShiftNote is the smallest machine shift, in percent, that the notes
// mention.
const minShiftNote = 1.0

// shiftNote says how far the machine moved between the runs, in the units
// whose rows were judged against it by at least minShiftNote percent.
func (r *Report) shiftNote() string {
	var parts []string
	for _, u := range r.unitFamilies {
		k, ok := r.Shifts[u.Unit]
		if pct := (k - 1) * 100; ok && math.Abs(pct) >= minShiftNote {
			parts = append(parts, fmt.Sprintf("%s %s (median of %d families)", u.Unit, FormatChange(pct), u.Families))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "the machine moved between the runs: " + strings.Join(parts, ", ") +
		"; every row and family is judged against that (a change of the code that moves most families alike looks the same: syncbench gate, which interleaves the two sides, can tell)"
}

// alone counts the rows that are not enough data in families that are
// decided: rows whose samples are too few for them to be found on their
// own. They are listed and said, but their families can show a change.
func (r *Report) alone() int {
	n := 0
	for _, f := range r.Families {
		if f.Verdict != NotEnoughData {
			n += f.NotEnough
		}
	}
	return n
}

// rowsBecause explains the n rows that are not enough data in families
// that are decided: rows whose samples are too few for the U test to
// reach alpha even alone, with the -count that would.
func (r *Report) rowsBecause(n int) string {
	alpha := r.Options.Alpha
	var worst *Row
	for _, row := range r.Rows {
		if row.Verdict == NotEnoughData && row.DerivedFrom == "" && MinP(row.Old.N, row.New.N) > alpha && (worst == nil || MinP(row.Old.N, row.New.N) > MinP(worst.Old.N, worst.New.N)) {
			worst = row
		}
	}
	s := fmt.Sprintf("%d row(s) cannot be decided on their own (their families can), e.g. %s %s with %d and %d samples: the smallest p-value they allow is %.3g, above the %g a row needs",
		n, rowset.Label(worst.Config, worst.Name), worst.Unit, worst.Old.N, worst.New.N, MinP(worst.Old.N, worst.New.N), alpha)
	for c := 2; c <= 100; c++ {
		if MinP(c, c) <= alpha {
			s += fmt.Sprintf("; use -count %d or more on both sides", c)
			break
		}
	}
	return s
}

// Because explains why family f is not enough data and what would decide
// it: the smallest p-value its sample sizes allow, the level a change of
// this family alone needs, and the -count or -filter that would reach it,
// found with the same family test.
func (r *Report) Because(f *Family) string {
	alpha := r.Options.Alpha
	level := alpha / float64(f.Of)
	samples := fmt.Sprintf("%d samples a side", f.MinN)
	if f.MaxN != f.MinN {
		samples = fmt.Sprintf("%d to %d samples a side", f.MinN, f.MaxN)
	}
	s := fmt.Sprintf("%s %s (%d rows, %s) could not show a change of %s (twice the threshold): the smallest p-value its samples allow is %.2g, and a change in one of the %d families of %s needs p <= %.2g",
		f.Name, f.Unit, f.Rows, samples, FormatPercent(2*r.Options.Threshold), f.PBest, f.Of, f.Unit, level)
	var fixes []string
	for c := f.MinN + 1; c <= 100; c++ {
		if ranktest.BestCaseP(f.Rows, c) <= level {
			fixes = append(fixes, fmt.Sprintf("-count %d or more on both sides", c))
			break
		}
	}
	if k := int(alpha / f.PBest); k >= 1 && k < f.Of {
		fixes = append(fixes, fmt.Sprintf("-filter to at most %d families of %s", k, f.Unit))
	}
	if len(fixes) > 0 {
		s += "; use " + fixes[0]
		if len(fixes) > 1 {
			s += ", or " + fixes[1]
		}
	}
	return s
}
