package report

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/montanaflynn/stats"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/syncbench/syncbench/internal/intern"
	"github.com/syncbench/syncbench/internal/machine"
)

// Report is everything `syncbench report` says about a set of files.
type Report struct {
	Files []string `json:"files"`
	// Alpha is the false discovery rate of the winners; Threshold the
	// smallest ratio over 1 that counts as a win.
	Alpha      float64 `json:"alpha"`
	Threshold  float64 `json:"threshold"`
	Confidence float64 `json:"confidence"`
	// Warnings are input problems that did not stop the report.
	Warnings []string `json:"warnings,omitempty"`
	// BackToBack lists the files whose samples were taken back to back in
	// one process (plain go test -count N output, older syncbench files),
	// whose intervals understate run-to-run variation.
	BackToBack []string `json:"back_to_back_files,omitempty"`
	// Machines holds one section per kind of machine (MachineKeys).
	Machines []*Machine `json:"machines"`
}

// Machine is the part of a report from one kind of machine.
type Machine struct {
	// Config is the file configuration of the machine's results: each
	// key with the first value seen.
	Config []KV `json:"config"`
	// Varying lists the config keys whose values differ between the
	// pooled results (such as pkg, date, or a go-version to warn about),
	// with every value.
	Varying []*ConfigValues `json:"varying_config,omitempty"`
	// NCPU is the machine's CPU count from the ncpu config key, 0 if unknown.
	NCPU int `json:"ncpu"`
	// Summary is the one-screen list of decisions a reader takes away,
	// filled by render.Summarize.
	Summary  []string   `json:"summary"`
	Families []*Family  `json:"families"`
	Winners  []*Winner  `json:"winners,omitempty"`
	Scaling  []*Scaling `json:"scaling,omitempty"`
	// ScalingNote explains when the USL fit does not apply.
	ScalingNote string   `json:"scaling_note,omitempty"`
	Claims      *Claims  `json:"goroutine_claims,omitempty"`
	Charts      []*Chart `json:"charts,omitempty"`
	// Findings are what the summary states, decided by package findings;
	// the summary lines themselves are in Summary.
	Findings *Findings `json:"-"`
}

// ConfigValues are the values of one file config key among the results
// of a machine, in the order first seen.
type ConfigValues struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
	// Files are the files each value was first seen in.
	Files []string `json:"files"`
	// Pooled is true when the key was ignored (build.Options.Ignore), so that
	// results differing in it were pooled; otherwise they are reported
	// apart.
	Pooled bool `json:"pooled"`
}

// Family is the benchmarks of one package sharing one base name.
type Family struct {
	// Name is the benchmarks' base name, qualified by its package
	// ("bench.Counter", or the full package path if need be) when a
	// machine has families of that base name in several packages.
	Name string `json:"name"`
	// FamilyShape is what the family may share with others of the same
	// layout: a file of a million one-result families holds a few shapes,
	// not a million.
	*FamilyShape
	Benchmarks []*Bench `json:"benchmarks"`
	// Shadowed are benchmarks whose name has the same dimensions and
	// GOMAXPROCS as an earlier one of Benchmarks, in another order
	// (H/impl=a/n=1 and H/n=1/impl=a): they would share its table cell,
	// so they are kept here, out of the tables and the analysis, with a
	// warning.
	Shadowed []*Bench `json:"shadowed,omitempty"`

	// Baselines are implementations that report lost/op: they lose
	// updates, so they are shown but never ranked.
	Baselines []string `json:"baselines,omitempty"`
}

// FamilyShape is the part of a Family that does not name its benchmarks:
// package, configuration, dimension keys, GOMAXPROCS values and units.
// Families of equal shapes (of one benchmark each, or of the same values
// along the same keys) share one FamilyShape, which must not be modified
// once built.
type FamilyShape struct {
	// Pkg is the package of the benchmarks (the pkg config key), "" if
	// the file does not say.
	Pkg string `json:"pkg,omitempty"`
	// Config is the file configuration that sets the family apart from
	// others of its name on this machine ("note=before"), if any: the
	// keys, other than pkg, whose values differ between its results.
	Config []KV `json:"config,omitempty"`
	// Dims are the family's key=value dimension keys, in name order (of
	// the first name that has each); every Bench's Dims are in this order.
	Dims []string `json:"dims"`
	// Procs are the GOMAXPROCS values measured, ascending.
	Procs []int `json:"gomaxprocs"`
	// Units are the units measured, time first.
	Units []string `json:"units"`

	// values maps each dimension key to its values in display order; nil
	// for a family of one benchmark whose keys are distinct, whose values
	// are that benchmark's (see Family.Values).
	values map[string][]string
	// mach is what the families of one machine share.
	mach *machineFamilies
}

// machineFamilies holds what every family of one machine shares: the
// samples' test thresholds, the unit metadata that says which
// distribution to assume, and the units as written.
type machineFamilies struct {
	th        *benchmath.Thresholds
	units     benchfmt.UnitMetadataMap
	unitNames map[string]string // tidied unit -> unit as written
}

// Chart is one chart drawn for a report (see package charts), as PNG
// and, when SVG is set, SVG.
type Chart struct {
	Family string `json:"family"`
	Title  string `json:"title"`
	// File is the chart's file name in the plots directory, without the
	// .svg or .png extension.
	File string `json:"file"`
	// SVG says whether an SVG was written beside the PNG.
	SVG bool `json:"svg,omitempty"`
}

// LostUnit marks an unsynchronized baseline: an implementation that loses
// updates reports how many per operation.
const LostUnit = "lost/op"

// UnitName is the name a table gives unit: "ns/op" (as the benchmarks
// wrote it) for benchfmt's tidied "sec/op", whose cells read "13.6ns";
// otherwise the unit the values are in, which is benchfmt's tidied unit
// ("B/s" for values written in MB/s), as benchstat labels it.
func (f *Family) UnitName(unit string) string {
	if n, ok := f.mach.unitNames[unit]; ok && unit == TimeUnit {
		return n
	}
	return unit
}

// Bench is one benchmark (full name) and its statistics per unit.
type Bench struct {
	Name  string  `json:"name"`
	Dims  []KV    `json:"dims"`
	Procs int     `json:"gomaxprocs"`
	Stats []*Stat `json:"stats"`
}

// Stat is the summary of the samples of one benchmark in one unit.
type Stat struct {
	Unit string `json:"unit"`
	N    int    `json:"n"`
	// Center is the median (or the exact value for assume=exact units);
	// Lo and Hi bound its confidence interval, as benchmath computes them.
	Center float64 `json:"center"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	// CI is the interval as benchstat prints it: "3%", "∞" or "?".
	CI string `json:"ci"`
	// Warnings are benchmath's notes, such as too few samples for an interval.
	Warnings []string `json:"warnings,omitempty"`

	// values are the sorted samples (their thresholds and assumption are
	// the family's machine's: see Family.compare).
	values []float64
}

// Spread describes the spread of the samples: their smallest value, 10th
// and 90th percentiles, and largest value. It is computed from the
// samples when asked for (the JSON and CSV forms write it), not held.
func (s *Stat) Spread() (lowest, p10, p90, highest float64) {
	vals := stats.Float64Data(s.values)
	p10, _ = vals.Percentile(10)
	p90, _ = vals.Percentile(90)
	return vals[0], p10, p90, vals[len(vals)-1]
}

// MarshalJSON writes s with its spread (see Spread) and with infinite
// interval bounds (too few samples) as null, since JSON has no infinity.
func (s *Stat) MarshalJSON() ([]byte, error) {
	finite := func(v float64) *float64 {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		return &v
	}
	lowest, p10, p90, highest := s.Spread()
	return json.Marshal(struct {
		Unit     string   `json:"unit"`
		N        int      `json:"n"`
		Center   float64  `json:"center"`
		CI       string   `json:"ci"`
		Min      float64  `json:"min"`
		P10      float64  `json:"p10"`
		P90      float64  `json:"p90"`
		Max      float64  `json:"max"`
		Warnings []string `json:"warnings,omitempty"`
		Lo       *float64 `json:"lo"`
		Hi       *float64 `json:"hi"`
	}{s.Unit, s.N, s.Center, s.CI, lowest, p10, p90, highest, s.Warnings, finite(s.Lo), finite(s.Hi)})
}

// Compare runs the test benchmath assumes for the unit of a's samples
// against b's.
func (f *Family) Compare(a, b *Stat) benchmath.Comparison {
	th := f.mach.th
	return f.mach.units.GetAssumption(a.Unit).Compare(&benchmath.Sample{Values: a.values, Thresholds: th},
		&benchmath.Sample{Values: b.values, Thresholds: th})
}

// NewStat returns the Stat of samples in unit, not yet summarized (see
// Summarize). It keeps samples, sorted in place.
func NewStat(unit string, samples []float64) *Stat {
	sort.Float64s(samples) // as benchmath.NewSample sorts them
	return &Stat{Unit: unit, N: len(samples), values: samples}
}

// Summarize sets the center, interval and warnings of s from its samples
// as benchmath summarizes them under assume at confidence, with tab
// sharing the repeated texts.
func (s *Stat) Summarize(confidence float64, tab *intern.Table, th *benchmath.Thresholds, assume benchmath.Assumption) {
	sum := assume.Summary(&benchmath.Sample{Values: s.values, Thresholds: th}, confidence)
	s.Center, s.Lo, s.Hi = sum.Center, sum.Lo, sum.Hi
	s.CI = tab.Str(sum.PctRangeString())
	s.Warnings = tab.Errors(sum.Warnings)
}

// Scaled returns a copy of s, not summarized, whose center and samples
// are multiplied by k.
func (s *Stat) Scaled(k float64) *Stat {
	moved := &Stat{Unit: s.Unit, N: s.N, Center: s.Center * k, values: make([]float64, len(s.values))}
	for i, v := range s.values {
		moved.values[i] = v * k
	}
	return moved
}

// Get returns the value of dimension key in b, or "".
func (b *Bench) Get(key string) string {
	v, _ := b.value(key)
	return v
}

// value returns the value of dimension key in b and whether b has it.
func (b *Bench) value(key string) (string, bool) {
	for _, d := range b.Dims {
		if d.Key == key {
			return d.Value, true
		}
	}
	return "", false
}

// Stat returns b's statistics in unit, or nil.
func (b *Bench) Stat(unit string) *Stat {
	for _, s := range b.Stats {
		if s.Unit == unit {
			return s
		}
	}
	return nil
}

// TimeUnit is the unit of ns/op after benchfmt tidies it.
const TimeUnit = "sec/op"

// MachineKeys are the file configuration keys that identify a kind of
// machine: results that differ in any of them are reported apart.
var MachineKeys = machine.KindKeys

// PkgKey is the configuration key of a benchmark's package: benchmarks of
// the same name from two packages are different benchmarks.
const PkgKey = "pkg"

// KV is one key=value pair.
type KV struct {
	Key, Value string
}

// Values returns the values of dimension key in display order: numeric
// ascending when all are numbers, else first seen.
func (f *Family) Values(key string) []string {
	if f.values == nil && len(f.Benchmarks) == 1 {
		if v, ok := f.Benchmarks[0].value(key); ok {
			return []string{v}
		}
		return nil
	}
	return f.values[key]
}

// nValues is len(f.Values(key)), without building the list.
func (f *Family) nValues(key string) int {
	if f.values == nil && len(f.Benchmarks) == 1 {
		if _, ok := f.Benchmarks[0].value(key); ok {
			return 1
		}
		return 0
	}
	return len(f.values[key])
}

// HasImpl reports whether f compares implementations (an impl dimension
// with at least two values).
func (f *Family) HasImpl() bool { return f.nValues("impl") > 1 }

// Number parses a dimension value as a number, accepting the k, M, G
// suffixes benchmark names often use.
func Number(s string) (float64, bool) {
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		mult, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(s, "M"):
		mult, s = 1e6, s[:len(s)-1]
	case strings.HasSuffix(s, "G"):
		mult, s = 1e9, s[:len(s)-1]
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v * mult, true
}
