package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/syncbench/syncbench/internal/compare/ranktest"
	"github.com/syncbench/syncbench/internal/compare/rowset"
	"github.com/syncbench/syncbench/internal/intern"
	"github.com/syncbench/syncbench/internal/option"
	"github.com/syncbench/syncbench/internal/results"
)

// Options are the knobs of the decision rule.
type Options struct {
	// Alpha is the false discovery rate at which rows are called
	// significant (default 0.05).
	Alpha float64
	// Threshold is the smallest change, as a fraction (0.05 for 5%), that
	// counts as a regression or an improvement.
	Threshold float64
	// Confidence is the level of the intervals around the medians
	// (default 0.95, as benchstat).
	Confidence float64
	// Filter, when not empty, is a benchproc filter query (as benchstat's
	// -filter) that selects the results and units compared.
	Filter string
	// AllowMachineMismatch compares results from different kinds of
	// machine instead of failing.
	AllowMachineMismatch bool
	// Ignore lists file configuration keys whose variations within a
	// side are pooled instead of kept apart (as benchstat's -ignore).
	Ignore []string
	// Select, when not nil, keeps only the rows (full name and tidied
	// unit) it returns true for; the gate uses it to recheck suspects.
	Select func(name, unit string) bool
}

// DefaultOptions returns the defaults of `syncbench compare`.
func DefaultOptions() Options {
	return Options{Alpha: 0.05, Threshold: 0.05, Confidence: 0.95}
}

// Side is one side of a comparison: the results of one file (or of
// several runs collected together) and the unit metadata that came with
// them.
type Side struct {
	// Name labels the side in output, usually its file name.
	Name string
	// Results are the side's results, for a Side built in memory; a Side
	// from ReadSide keeps only its rows' values instead.
	Results []*benchfmt.Result
	// Units is the unit metadata of the side's results.
	Units benchfmt.UnitMetadataMap
	set   *rowset.Set // the rows of a Side from ReadSide
	taken bool        // set was taken by a comparison
}

// ReadSide reads the results file at path into a Side without keeping its
// results: each benchmark keeps only its values per unit, so that memory
// follows the number of rows, not of result lines. filter is a benchproc
// filter query (Options.Filter) applied while reading; the Side can then
// only be compared under that filter, and with one other side (grouping
// its rows merges them for that comparison). Reading warnings are
// returned; the error, with exit code 2, names the file.
func ReadSide(path, filter string) (*Side, []results.Warning, error) {
	set, units, warnings, err := rowset.Read(path, filter)
	if err != nil {
		return nil, warnings, err
	}
	return &Side{Name: path, Units: units, set: set}, warnings, nil
}

// setOf returns the rows of s under filter: those it was read into, or
// those of s.Results.
func setOf(s *Side, filter string, f *benchproc.Filter) (*rowset.Set, error) {
	if s.taken {
		return nil, fmt.Errorf("%s: compared already (a side from ReadSide is for one comparison)", s.Name)
	}
	if s.set != nil {
		if s.set.Filter() != filter {
			return nil, fmt.Errorf("%s: read with -filter %q, compared with %q", s.Name, s.set.Filter(), filter)
		}
		s.taken = true
		return s.set, nil
	}
	return rowset.New(s.Results, filter, f)
}

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
	// P is the Mann–Whitney U test p-value benchstat prints; -1 when no
	// test applies (deterministic units).
	P float64
	// PAdj is P adjusted for the number of rows and families screened
	// (decide.go); the row is significant when PAdj <= Alpha. -1 when no
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
	Exact   bool
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

// Worse reports whether the new center is worse than the old one in the
// unit's direction, significant or not.
func (r *Row) Worse() bool {
	return r.Better != 0 && !math.IsNaN(r.Change) && r.Change*float64(r.Better) < 0
}

// Report is the whole comparison.
type Report struct {
	OldName, NewName string
	Options          Options
	// Rows are the benchmarks and units present on both sides, in the
	// order they first appear in OLD.
	Rows []*Row
	// OnlyOld and OnlyNew name the benchmarks (full names) found on one
	// side only: listed, never failed.
	OnlyOld, OnlyNew []string
	// Tested is the number of rows tested, Selected how many families the
	// first stage selected.
	Tested, Selected int
	// Families are the families tested, unit by unit, with their verdicts.
	Families []*Family
	// Mixed describes the families whose rows moved significantly both
	// ways (see MixedRows): then the runs, not the code, differ, and Err
	// says there is not enough data.
	Mixed []string
	// unitFamilies is how many families were screened and selected per
	// unit, in order.
	unitFamilies []UnitFamilies
	// MachineNote describes a machine mismatch that was allowed, or is
	// empty.
	MachineNote string
}

// Count returns how many rows have verdict v, not counting derived rows
// (one finding is counted once).
func (r *Report) Count(v Verdict) int {
	return len(r.with(v))
}

// Derived returns the number of derived rows.
func (r *Report) Derived() int {
	n := 0
	for _, row := range r.Rows {
		if row.DerivedFrom != "" {
			n++
		}
	}
	return n
}

// Regressions returns the rows with verdict Slower, derived rows left out.
func (r *Report) Regressions() []*Row { return r.with(Slower) }

// Improvements returns the rows with verdict Faster.
func (r *Report) Improvements() []*Row { return r.with(Faster) }

func (r *Report) with(v Verdict) []*Row {
	var rows []*Row
	for _, row := range r.Rows {
		if row.Verdict == v && row.DerivedFrom == "" {
			rows = append(rows, row)
		}
	}
	return rows
}

// Err returns the comparison's outcome as an error: "not enough data" when
// the verdicts are mixed; a *RegressionError when a row or a family
// regressed (even if other families cannot be decided); "not enough
// data", naming what would decide it, when a family's samples could not
// show a change of twice the threshold; nil otherwise.
func (r *Report) Err() error {
	if len(r.Mixed) > 0 {
		more := ""
		if len(r.Mixed) > 1 {
			more = fmt.Sprintf(" and %d more", len(r.Mixed)-1)
		}
		return fmt.Errorf("not enough data: the runs differ both ways in %d families (%s%s; %d rows slower and %d faster in all): their samples do not show how much the machine's speed varies between runs; compare interleaved runs (syncbench gate) or runs on a quieter machine",
			len(r.Mixed), r.Mixed[0], more, r.Count(Slower), r.Count(Faster))
	}
	regs, fams := r.Regressions(), r.FamilyRegressions()
	if len(regs) > 0 || len(fams) > 0 {
		e := &RegressionError{N: len(regs), Families: len(fams)}
		if len(regs) > 0 {
			e.Worst = Worst(regs)
		} else {
			e.Worst = WorstFamily(fams)
		}
		e.Undecided = len(r.undecided())
		e.Rows = r.alone()
		return e
	}
	if u := r.undecided(); len(u) > 0 {
		more := ""
		if len(u) > 1 {
			more = fmt.Sprintf(" (and %d more families)", len(u)-1)
		}
		return fmt.Errorf("not enough data: %s%s", r.Because(worstUndecided(u)), more)
	}
	return nil
}

// FamilyRegressions returns the families whose verdict is Slower.
func (r *Report) FamilyRegressions() []*Family {
	var out []*Family
	for _, f := range r.Families {
		if f.Verdict == Slower {
			out = append(out, f)
		}
	}
	return out
}

// worstUndecided is the undecided family furthest from being decided.
func worstUndecided(fs []*Family) *Family {
	w := fs[0]
	for _, f := range fs[1:] {
		if f.PBest*float64(f.Of) > w.PBest*float64(w.Of) {
			w = f
		}
	}
	return w
}

// RegressionError is the error of a comparison that found regressions.
type RegressionError struct {
	N         int    // rows found slower
	Families  int    // families found slower
	Worst     string // the worst row (or family, when no row is), as Worst names it
	Undecided int    // families that cannot be decided besides
	Rows      int    // rows of decided families that cannot be decided on their own
}

// Error says how many rows and families regressed and which is worst, and
// how much could not be decided besides.
func (e *RegressionError) Error() string {
	s := fmt.Sprintf("%d regression(s), %d famil%s slower, worst: %s", e.N, e.Families, plural(e.Families, "y", "ies"), e.Worst)
	var besides []string
	if e.Undecided > 0 {
		besides = append(besides, fmt.Sprintf("%d famil%s cannot be decided", e.Undecided, plural(e.Undecided, "y", "ies")))
	}
	if e.Rows > 0 {
		besides = append(besides, fmt.Sprintf("%d row(s) cannot be decided on their own", e.Rows))
	}
	if len(besides) > 0 {
		s += " (besides, " + strings.Join(besides, " and ") + ")"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WorstFamily names the family of fs (at least one) with the largest
// change, as "name unit change (geometric mean of n rows)".
func WorstFamily(fs []*Family) string {
	w := fs[0]
	for _, f := range fs[1:] {
		if math.Abs(f.Change) > math.Abs(w.Change) {
			w = f
		}
	}
	return fmt.Sprintf("%s %s %s (geometric mean of %d rows)", w.Name, w.Unit, FormatChange(w.Change), w.Rows)
}

// Worst names the row of rows (at least one) with the largest change, as
// "name unit change".
func Worst(rows []*Row) string {
	w := rows[0]
	for _, r := range rows[1:] {
		if math.Abs(r.Change) > math.Abs(w.Change) {
			w = r
		}
	}
	return fmt.Sprintf("%s %s %s", rowset.Label(w.Config, w.Name), w.Unit, FormatChange(w.Change))
}

// FormatPercent formats a fraction as a percentage, as the threshold
// flags take it: 0.05 is "5%", 0.025 is "2.5%".
func FormatPercent(f float64) string {
	return strconv.FormatFloat(f*100, 'f', -1, 64) + "%"
}

// FormatChange formats a change in percent as benchstat does ("+1.23%").
func FormatChange(pct float64) string {
	switch {
	case math.IsNaN(pct):
		return "?"
	case math.IsInf(pct, 1):
		return "+Inf%"
	case pct == 0:
		return "0.00%"
	}
	return fmt.Sprintf("%+.2f%%", pct)
}

// Compare compares old and new under opts. It fails on a bad option,
// different machines (unless allowed) or no benchmark in common; a
// regression is not an error here (see Report.Err).
func Compare(old, new *Side, opts Options) (*Report, error) {
	if opts.Confidence == 0 {
		opts.Confidence = 0.95
	}
	if opts.Alpha <= 0 || opts.Alpha >= 1 {
		return nil, option.New("alpha", "must be between 0 and 1, not %v", opts.Alpha)
	}
	if !(opts.Threshold > 0) {
		return nil, option.New("threshold", "must be above 0%%: a change of twice it is what every family's samples must be able to show")
	}
	rep := &Report{OldName: old.Name, NewName: new.Name, Options: opts}
	var filter *benchproc.Filter
	if opts.Filter != "" {
		f, err := benchproc.NewFilter(opts.Filter)
		if err != nil {
			return nil, option.New("filter", "%w", err)
		}
		filter = f
	}
	// Sides from ReadSide are spent by the comparison, which lets their
	// values go as it goes.
	release := old.set != nil
	oset, err := setOf(old, opts.Filter, filter)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", old.Name, err)
	}
	nset, err := setOf(new, opts.Filter, filter)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", new.Name, err)
	}
	if m := rowset.MachineMismatch(oset, nset, old.Name, new.Name); m != "" {
		if !opts.AllowMachineMismatch {
			return nil, fmt.Errorf("%s (use -allow-machine-mismatch to compare anyway)", m)
		}
		rep.MachineNote = m
	}
	pairs := rowset.NewPairs(oset, nset, opts.Ignore)
	units := mergeUnits(old.Units, new.Units)
	thr := benchmath.Thresholds{CompareAlpha: opts.Alpha}
	in := intern.New()
	var scratch []ranktest.Obs
	rep.OnlyOld, rep.OnlyNew = pairs.OnlyOld(), pairs.OnlyNew()
	pairs.Each(release, func(p *rowset.Pair) {
		if opts.Select != nil && !opts.Select(p.Name, p.Unit) {
			return
		}
		row := newRow(p.Unit, p.Old, p.New, units, &thr, opts, in, &scratch)
		row.Name, row.Config, row.Family = p.Name, p.Config, in.Str(p.Family)
		if p.FromTime && (opts.Select == nil || opts.Select(p.Name, "sec/op")) {
			row.DerivedFrom = "sec/op"
			row.tested = false // follows its sec/op row, untested
		}
		rep.Rows = append(rep.Rows, row)
	})
	if len(rep.Rows) == 0 {
		if filter != nil {
			return nil, fmt.Errorf("no benchmark in common between %s and %s after -filter %q", old.Name, new.Name, opts.Filter)
		}
		return nil, fmt.Errorf("no benchmark in common between %s and %s", old.Name, new.Name)
	}
	if release {
		// Let the spent sides' indexes go before deciding (the rows keep
		// the names they need).
		old.set, new.set, old.taken, new.taken = nil, nil, true, true
		oset, nset, pairs = nil, nil, nil
	}
	decide(rep)
	return rep, nil
}

func mergeUnits(a, b benchfmt.UnitMetadataMap) benchfmt.UnitMetadataMap {
	m := benchfmt.UnitMetadataMap{}
	for k, v := range b {
		m[k] = v
	}
	for k, v := range a {
		m[k] = v
	}
	return m
}

// newRow summarizes one row and computes its test, as benchstat does.
func newRow(unit string, ov, nv []float64, units benchfmt.UnitMetadataMap, thr *benchmath.Thresholds, opts Options, in *intern.Table, scratch *[]ranktest.Obs) *Row {
	confidence := opts.Confidence
	assume := units.GetAssumption(unit)
	os := benchmath.NewSample(append([]float64(nil), ov...), thr)
	ns := benchmath.NewSample(append([]float64(nil), nv...), thr)
	osum, nsum := assume.Summary(os, confidence), assume.Summary(ns, confidence)
	row := &Row{
		Unit:   unit,
		Old:    summary(osum, len(os.Values)),
		New:    summary(nsum, len(ns.Values)),
		Better: results.Better(units, unit),
		Exact:  results.Exact(units, unit) && constant(ov) && constant(nv),
		P:      -1,
		PAdj:   -1,
	}
	warnings := append(osum.Warnings, nsum.Warnings...)
	row.Change = change(row.Old.Center, row.New.Center)
	if !row.Exact {
		c := assume.Compare(os, ns)
		row.P = c.P
		warnings = append(warnings, c.Warnings...)
		row.u, *scratch = ranktest.UStat(ov, nv, *scratch)
		row.beyond, *scratch = ranktest.Beyond(ov, nv, opts.Threshold, *scratch)
		row.tested = true
	}
	row.Warnings = in.Errors(warnings)
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

// Slow makes r look factor times slower: its sec/op multiplied, and the
// rates derived from it (units ending in /s) divided, as a real slowdown
// moves them. For simulations and tests of the decision rule.
func Slow(r *benchfmt.Result, factor float64) {
	for i := range r.Values {
		switch v := &r.Values[i]; {
		case v.Unit == "sec/op":
			v.Value *= factor
		case strings.HasSuffix(v.Unit, "/s"):
			v.Value /= factor
		}
	}
}
