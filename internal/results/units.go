// Package results reads and writes Go benchmark results files (the benchfmt
// format) for syncbench, and knows the units its benchmarks report.
package results

import (
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// UnitInfo describes a custom metric of the suite and which direction is
// better.
type UnitInfo struct {
	Unit   string
	Better int // +1: higher is better; -1: lower is better
	// Clocked marks a time the benchmark takes with two clock reads per
	// sample, less the clock's own cost (the lock-wait percentiles):
	// changes smaller than a clock reading are beyond its resolution
	// (compare's -wait-floor).
	Clocked bool
	// Diagnostic marks a count that describes what a benchmark did rather
	// than what it cost (lost/op, the increments the unsynchronized
	// baseline's data race lost): it varies with when the scheduler and
	// the machine's other tenants interleave the goroutines, so compare
	// and the history never count its changes as regressions or
	// improvements (Judged).
	Diagnostic bool
}

// SuiteUnits lists the custom metrics the suite's benchmarks report.
var SuiteUnits = []UnitInfo{
	{Unit: "fairness", Better: +1},                  // Jain's index of per-goroutine operation counts; 1 is perfectly fair
	{Unit: "lost/op", Better: -1, Diagnostic: true}, // increments lost by the unsynchronized baseline, per operation
	{Unit: "p50-ns", Better: -1, Clocked: true},     // median wait to acquire a lock, sampled
	{Unit: "p99-ns", Better: -1, Clocked: true},     // 99th percentile wait to acquire a lock, sampled
	{Unit: "msgs/s", Better: +1},                    // messages delivered per second
	{Unit: "tasks/s", Better: +1},                   // tasks completed per second
	{Unit: "B/goroutine", Better: -1},               // memory per parked goroutine, from the runtime's accounting
	{Unit: "cpu-ns/op", Better: -1},                 // CPU time per operation syncbench gate decides on (see internal/gate)
	{Unit: "timed-cpu-ns/op", Better: -1},           // CPU time of a benchmark's timed region per operation, when SYNCBENCH_TIMED_CPU=1
}

// UnitLines returns the Unit metadata lines for the suite's custom metrics,
// to be written at the top of a results file, such as
// "Unit fairness better=higher".
func UnitLines() []string {
	lines := make([]string, len(SuiteUnits))
	for i, u := range SuiteUnits {
		dir := "lower"
		if u.Better > 0 {
			dir = "higher"
		}
		lines[i] = "Unit " + u.Unit + " better=" + dir
	}
	return lines
}

// Better returns +1 when higher values of unit are better and -1 when lower
// values are: from the file's Unit metadata ("better=higher" or
// "better=lower") first, then the suite's own units, then the conventions
// of Go benchmarks (a rate, "x/s" or "…/s", is better higher; times, sizes
// and counts per op are better lower).
func Better(units benchfmt.UnitMetadataMap, unit string) int {
	if b := units.GetBetter(unit); b != 0 && units.Get(unit, "better") != nil {
		return b
	}
	if u, ok := suiteUnit(unit); ok {
		return u.Better
	}
	if strings.HasSuffix(unit, "/s") || strings.HasPrefix(unit, "MB/s") {
		return +1
	}
	return -1
}

// Exact reports whether unit is deterministic, so that it is compared
// exactly rather than with a statistical test: allocs/op and B/op, and any
// unit whose metadata says assume=exact.
func Exact(units benchfmt.UnitMetadataMap, unit string) bool {
	if m := units.Get(unit, "assume"); m != nil {
		return m.Value == "exact"
	}
	return unit == "allocs/op" || unit == "B/op"
}

// Clocked reports whether unit (as written or tidied) is one of the
// suite's times taken by two clock reads per sample (UnitInfo.Clocked).
func Clocked(unit string) bool {
	u, ok := suiteUnit(unit)
	return ok && u.Clocked
}

// Judged reports whether changes of unit (as written or tidied) can be a
// regression or an improvement: every unit but the suite's diagnostic ones
// (UnitInfo.Diagnostic).
func Judged(unit string) bool {
	u, ok := suiteUnit(unit)
	return !ok || !u.Diagnostic
}

// suiteUnit finds unit among SuiteUnits, by its name as written or as
// benchfmt tidies it on reading (p99-ns becomes p99-sec, cpu-ns/op
// cpu-sec/op).
func suiteUnit(unit string) (UnitInfo, bool) {
	_, tidy := benchunit.Tidy(1, unit)
	for _, u := range SuiteUnits {
		if _, t := benchunit.Tidy(1, u.Unit); u.Unit == unit || t == tidy {
			return u, true
		}
	}
	return UnitInfo{}, false
}
