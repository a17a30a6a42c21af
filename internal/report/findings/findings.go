package findings

import (
	"fmt"
	"slices"

	"github.com/syncbench/syncbench/internal/report"
)

// Bounds of the findings kept, so that the summary fits one screen.
const (
	// MaxCrossoversPerContext bounds the crossovers of one setting of the
	// other dimensions.
	MaxCrossoversPerContext = 3
	// MaxCrossoversPerFamily bounds the crossovers of one family, so that
	// every family gets its place on the screen.
	MaxCrossoversPerFamily = 4
	// MaxSweepEnds bounds the sweep ends of one family.
	MaxSweepEnds = 3
)

// findings decides the findings of machine m, whose winners are decided.
// reference, when a family has that implementation, is the one every
// other implementation is held against in the crossovers (as well as the
// pairs of the implementations best at either end of a sweep).
func (j *judge) findings(m *report.Machine, reference string) *report.Findings {
	out := &report.Findings{}
	for _, f := range m.Families {
		ff := &report.FamilyFindings{Family: f, Procs: f.TopProcs(m.NCPU), Unit: f.PrimaryUnit()}
		if !f.HasImpl() {
			if !slices.Contains(f.Units, report.MemoryUnit) {
				ff.Ends = j.sweepEnds(f, ff.Procs)
			}
			out.Families = append(out.Families, ff)
			continue
		}
		sweeps := sweeps(f)
		if len(sweeps) > 0 {
			ff.Sweep = sweeps[0]
		}
		for _, w := range m.Winners {
			if w.Family == f.Name && w.Procs == ff.Procs {
				ff.Winners = append(ff.Winners, w)
			}
		}
		for i, d := range sweeps {
			if i < 2 {
				ff.Crossovers = append(ff.Crossovers, j.crossovers(f, d, ff.Procs, ff.Unit, reference)...)
			}
		}
		if len(ff.Crossovers) > MaxCrossoversPerFamily {
			ff.Crossovers = ff.Crossovers[:MaxCrossoversPerFamily]
		}
		if f.IsChannel() {
			ff.Ends = j.sweepEnds(f, ff.Procs)
		}
		out.Families = append(out.Families, ff)
	}
	return out
}

// sweeps are the numeric dimensions of f the findings run along: the main
// sweep (Family.SweepAxis) first, then the others.
func sweeps(f *report.Family) []string {
	main := f.SweepAxis()
	var sweeps []string
	if main != "" {
		sweeps = append(sweeps, main)
	}
	for _, d := range f.NumericDims() {
		if d != main {
			sweeps = append(sweeps, d)
		}
	}
	return sweeps
}

// implGrid holds, for one setting of the other dimensions, each
// implementation's statistics at each value of the swept dimension.
type implGrid struct {
	dims  []report.KV
	stats map[string][]*report.Stat
}

// grids groups the benchmarks of f at procs by the dimensions other than
// impl and d, in the order first seen.
func grids(f *report.Family, d string, procs int, unit string) []*implGrid {
	vals := f.Values(d)
	place := make(map[string]int, len(vals))
	for i, v := range vals {
		if _, ok := place[v]; !ok {
			place[v] = i
		}
	}
	byKey := map[string]*implGrid{}
	var out []*implGrid
	for _, b := range f.Benchmarks {
		vi, ok := place[b.Get(d)]
		if b.Procs != procs || !ok || b.Get("impl") == "" {
			continue // another GOMAXPROCS, or a name without these dimensions
		}
		other := report.DimsExcept(b.Dims, "impl", d)
		k := fmt.Sprint(other)
		g := byKey[k]
		if g == nil {
			g = &implGrid{dims: other, stats: map[string][]*report.Stat{}}
			byKey[k] = g
			out = append(out, g)
		}
		impl := b.Get("impl")
		if g.stats[impl] == nil {
			g.stats[impl] = make([]*report.Stat, len(vals))
		}
		g.stats[impl][vi] = b.Stat(unit)
	}
	return out
}

// bestAt is the implementation of impls (but except) with the best center
// at value index i of g, "" when none has a value there.
func (g *implGrid) bestAt(impls []string, i int, except string, dir int) string {
	best := ""
	var bc float64
	for _, impl := range impls {
		if impl == except {
			continue
		}
		if s := g.stats[impl]; s != nil && s[i] != nil && (best == "" || Ratio(s[i].Center, bc, dir) > 1) {
			best, bc = impl, s[i].Center
		}
	}
	return best
}

// crossoverPairs are the pairs of implementations a reader asks about,
// A against B, for a sweep whose best is first at its first value (and
// second the runner-up there) and last at its last value: does the winner
// keep beating the runner-up, is it overtaken, and is each alternative
// worth it over the reference (when impls has it).
func crossoverPairs(impls []string, first, second, last, reference string) [][2]string {
	var pairs [][2]string
	add := func(a, b string) {
		if a == "" || b == "" || a == b || slices.Contains(pairs, [2]string{a, b}) {
			return
		}
		pairs = append(pairs, [2]string{a, b})
	}
	add(first, second)
	add(first, last)
	add(last, first)
	if reference != "" && slices.Contains(impls, reference) {
		for _, x := range impls {
			add(x, reference)
		}
	}
	return pairs
}

// crossovers finds, along dimension d with the others fixed, where one
// implementation stops beating another significantly for good, or starts
// beating it for good (judge.beats at every value of d). Only the pairs of
// crossoverPairs are looked at, and "a stops beating b" and "b starts
// beating a" at one place are one finding, kept once.
func (j *judge) crossovers(f *report.Family, d string, procs int, unit, reference string) []report.Crossover {
	var impls []string
	for _, x := range f.Values("impl") {
		if !slices.Contains(f.Baselines, x) {
			impls = append(impls, x)
		}
	}
	dir := f.Better(unit)
	vals := f.Values(d)
	var out []report.Crossover
	for _, g := range grids(f, d, procs, unit) {
		first, last := g.bestAt(impls, 0, "", dir), g.bestAt(impls, len(vals)-1, "", dir)
		second := g.bestAt(impls, 0, first, dir)
		n := 0
		told := map[[2]string]bool{}
		for _, pr := range crossoverPairs(impls, first, second, last, reference) {
			a, b := g.stats[pr[0]], g.stats[pr[1]]
			if a == nil || b == nil || n >= MaxCrossoversPerContext || told[[2]string{pr[1], pr[0]}] {
				continue
			}
			c, ok := j.crossing(f, a, b, dir)
			if !ok {
				continue
			}
			c.Dims, c.Procs, c.A, c.B, c.Dim, c.From, c.At = g.dims, procs, pr[0], pr[1], d, vals[0], vals[c.at]
			out = append(out, c.Crossover)
			told[pr] = true
			n++
		}
	}
	return out
}

// crossingAt is a Crossover with the index of its value.
type crossingAt struct {
	report.Crossover
	at int
}

// crossing decides whether a beats b (their statistics at each value of a
// sweep) up to some value and not from it on, or the other way round; it
// is false when a value is missing, nothing changes, or the state changes
// back and forth before its final run.
func (j *judge) crossing(f *report.Family, a, b []*report.Stat, dir int) (crossingAt, bool) {
	n := len(a)
	states := make([]bool, n)
	ratios := make([]float64, n)
	for i := range a {
		if a[i] == nil || b[i] == nil {
			return crossingAt{}, false
		}
		states[i], ratios[i] = j.beats(f, a[i], b[i], dir)
	}
	// start is where the final run of equal states begins.
	start := n - 1
	for start > 0 && states[start-1] == states[n-1] {
		start--
	}
	if start == 0 {
		return crossingAt{}, false // no change along the sweep
	}
	if states[n-1] {
		if states[0] {
			return crossingAt{}, false
		}
		return crossingAt{report.Crossover{Starts: true, Ratio: ratios[start]}, start}, true
	}
	if !all(states[:start]) {
		return crossingAt{}, false
	}
	c := crossingAt{report.Crossover{Ratio: ratios[0]}, start}
	c.Reversed, c.ReversedRatio = j.beats(f, b[start], a[start], dir)
	if !c.Reversed {
		c.ReversedRatio = 0
	}
	return c, true
}

func all(xs []bool) bool {
	for _, x := range xs {
		if !x {
			return false
		}
	}
	return true
}

// sweepEnds compares the first and last value of f's main sweep for each
// setting of the other dimensions at procs (of the first implementation
// only, when there are several), at most MaxSweepEnds.
func (j *judge) sweepEnds(f *report.Family, procs int) []report.SweepEnd {
	x := f.SweepAxis()
	if x == "" {
		return nil
	}
	unit := f.PrimaryUnit()
	dir := f.Better(unit)
	vals := f.Values(x)
	byKey := map[string]*report.SweepEnd{}
	var order []*report.SweepEnd
	for _, b := range f.Benchmarks {
		s := b.Stat(unit)
		if b.Procs != procs || s == nil {
			continue
		}
		other := report.DimsExcept(b.Dims, x)
		k := fmt.Sprint(other)
		e := byKey[k]
		if e == nil {
			e = &report.SweepEnd{Dims: other, Procs: procs, Dim: x, From: vals[0], To: vals[len(vals)-1]}
			byKey[k] = e
			order = append(order, e)
		}
		switch b.Get(x) {
		case vals[0]:
			e.First = s
		case vals[len(vals)-1]:
			e.Last = s
		}
	}
	var out []report.SweepEnd
	for _, e := range order {
		if e.First == nil || e.Last == nil || len(out) >= MaxSweepEnds {
			continue
		}
		if impl := report.Lookup(e.Dims, "impl"); impl != "" && impl != f.Values("impl")[0] {
			continue
		}
		if ok, r := j.beats(f, e.Last, e.First, dir); ok {
			e.Change, e.Ratio = report.Better, r
		} else if ok, r := j.beats(f, e.First, e.Last, dir); ok {
			e.Change, e.Ratio = report.Worse, r
		}
		out = append(out, *e)
	}
	return out
}
