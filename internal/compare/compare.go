package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/compare/rowset"
	"github.com/syncbench/syncbench/internal/compare/verdict"
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
	// MachineShift judges the rows of a unit against the machine's shift
	// between the two runs (verdict.Shifts: the median family's change,
	// in a unit of at least verdict.MinShiftFamilies families, up to
	// verdict.MaxShift thresholds), as for two runs made at different
	// times; off for sides measured together, interleaved in one run
	// (-by), where every family moving alike is the change measured.
	MachineShift bool
	// WaitFloor is the smallest change of a lock-wait percentile (a unit
	// results.Clocked: two clock reads a sample, less the clock's cost)
	// that can be slower or faster, whatever its percentage: a clock
	// reading, the resolution of such a time. 0 for none.
	WaitFloor time.Duration
}

// DefaultWaitFloor is WaitFloor's default: one reading of the clock as
// the probe subtracts it (time.Now then time.Since, the median of 1001),
// 23-25 ns on vm-xeon (`go test -run TestClockCost -v ./bench`) and more
// on a loaded VM. The uncontended lock waits at GOMAXPROCS 1, 21-27 ns
// after that subtraction, moved by 5-6 ns between two runs of one commit
// (results/replication-9rounds.md); the contended ones are hundreds of ns
// and more, where the threshold asks more than the floor anyway.
const DefaultWaitFloor = 25 * time.Nanosecond

// DefaultOptions returns the defaults of `syncbench compare`.
func DefaultOptions() Options {
	return Options{Alpha: 0.05, Threshold: 0.05, Confidence: 0.95, MachineShift: true, WaitFloor: DefaultWaitFloor}
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
	// Shifts are the machine's shifts between the runs that rows were
	// judged against, as ratios new/old by unit (Options.MachineShift).
	Shifts map[string]float64
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
	if opts.WaitFloor < 0 {
		return nil, option.New("wait-floor", "must be 0 (none) or more, not %v", opts.WaitFloor)
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
	in := intern.New()
	tester := verdict.NewTester(units, opts.Alpha, opts.Confidence, opts.Threshold, in)
	if opts.WaitFloor > 0 {
		tester.Floor(func(unit string) float64 {
			if results.Clocked(unit) {
				perSec, _ := benchunit.Tidy(1, unit) // p50-sec: 1; p50-ns: 1e-9
				return opts.WaitFloor.Seconds() / perSec
			}
			return 0
		})
	}
	rep.OnlyOld, rep.OnlyNew = pairs.OnlyOld(), pairs.OnlyNew()
	keep := func(p *rowset.Pair) bool {
		return results.Judged(p.Unit) && (opts.Select == nil || opts.Select(p.Name, p.Unit))
	}
	if opts.MachineShift {
		var sh verdict.Shifts
		pairs.Each(false, func(p *rowset.Pair) {
			if keep(p) && !p.FromTime {
				sh.Add(p.Unit, p.Family, p.Old, p.New)
			}
		})
		rep.Shifts = sh.Ratios(opts.Threshold)
	}
	pairs.Each(release, func(p *rowset.Pair) {
		if !keep(p) {
			return
		}
		shift, ok := rep.Shifts[p.Unit]
		if !ok {
			shift = 1
		}
		row := tester.RowAgainst(p.Unit, p.Old, p.New, shift)
		row.Name, row.Config, row.Family = p.Name, p.Config, in.Str(p.Family)
		if p.FromTime && (opts.Select == nil || opts.Select(p.Name, "sec/op")) {
			row.DerivedFrom = "sec/op" // follows its sec/op row, untested
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
	d := verdict.Decide(rep.Rows, opts.Alpha, opts.Threshold)
	rep.Tested, rep.Selected, rep.Families, rep.Mixed, rep.unitFamilies = d.Tested, d.Selected, d.Families, d.Mixed, d.Units
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
