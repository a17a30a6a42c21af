package report

import (
	"fmt"
	"slices"
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

// Findings are the conclusions of one machine's results that its summary
// states, decided here so that package render only words them: per family,
// the winners at the summary GOMAXPROCS, where one implementation stops or
// starts beating another, and what the main sweep changes from its first
// value to its last.
type Findings struct {
	Families []*FamilyFindings
}

// FamilyFindings are the findings of one family.
type FamilyFindings struct {
	Family *Family
	// Procs is the GOMAXPROCS the findings are at (Family.TopProcs).
	Procs int
	// Unit is the unit decided on (Family.PrimaryUnit).
	Unit string
	// Sweep is the dimension the winners are told along (the main sweep,
	// Family.SweepAxis, else the first numeric dimension), "" when there
	// is none: then each winner is told on its own.
	Sweep string
	// Winners are the family's winners at Procs, in the order decided.
	Winners []*Winner
	// Crossovers are along the first two sweeps, at most
	// MaxCrossoversPerFamily.
	Crossovers []Crossover
	// Ends are the ends of the main sweep, for a family without
	// implementations (unless it measures memory: the goroutine claims
	// speak for those) and for a channel-shaped family (how much the
	// buffer buys its first implementation).
	Ends []SweepEnd
}

// Crossover is a place along a dimension, the others fixed, where one
// implementation stops beating another for good, or starts to.
type Crossover struct {
	// Dims are the other dimensions' values, Procs the GOMAXPROCS.
	Dims  []KV
	Procs int
	// A and B are the implementations: A starts (or stops) beating B.
	A, B string
	// Dim is the dimension swept; From its first value and At the value
	// from which the new state holds to the end.
	Dim, From, At string
	// Starts is true when A starts beating B at At, false when it stops.
	Starts bool
	// Ratio is how many times better A is than B: at At when it starts, at
	// From when it stops.
	Ratio float64
	// Reversed is true when, where A stopped beating B, B beats A, by
	// ReversedRatio.
	Reversed      bool
	ReversedRatio float64
}

// Change says whether the end of a sweep is better or worse than its start.
type Change int

// The changes along a sweep.
const (
	NoGap  Change = iota // no significant gap of the threshold
	Better               // the last value beats the first
	Worse                // the first value beats the last
)

// SweepEnd compares the first and the last value of a sweep, the other
// dimensions fixed.
type SweepEnd struct {
	Dims        []KV
	Procs       int
	Dim         string
	From, To    string
	First, Last *Stat
	Change      Change
	// Ratio is the gap when there is one.
	Ratio float64
}

// FindingsOf decides the findings of machine m. reference, when a family
// has that implementation, is the one every other implementation is held
// against in the crossovers (as well as the pairs of the implementations
// best at either end of a sweep).
func FindingsOf(m *Machine, reference string) *Findings {
	out := &Findings{}
	for _, f := range m.Families {
		ff := &FamilyFindings{Family: f, Procs: f.TopProcs(m.NCPU), Unit: f.PrimaryUnit()}
		if !f.HasImpl() {
			if !slices.Contains(f.Units, MemoryUnit) {
				ff.Ends = sweepEnds(f, ff.Procs)
			}
			out.Families = append(out.Families, ff)
			continue
		}
		sweeps := f.Sweeps()
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
				ff.Crossovers = append(ff.Crossovers, crossovers(f, d, ff.Procs, ff.Unit, reference)...)
			}
		}
		if len(ff.Crossovers) > MaxCrossoversPerFamily {
			ff.Crossovers = ff.Crossovers[:MaxCrossoversPerFamily]
		}
		if f.IsChannel() {
			ff.Ends = sweepEnds(f, ff.Procs)
		}
		out.Families = append(out.Families, ff)
	}
	return out
}

// Sweeps are the numeric dimensions of f the findings run along: the main
// sweep (SweepAxis) first, then the others.
func (f *Family) Sweeps() []string {
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
	dims  []KV
	stats map[string][]*Stat
}

// grids groups the benchmarks of f at procs by the dimensions other than
// impl and d, in the order first seen.
func grids(f *Family, d string, procs int, unit string) []*implGrid {
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
		other := DimsExcept(b.Dims, "impl", d)
		k := fmt.Sprint(other)
		g := byKey[k]
		if g == nil {
			g = &implGrid{dims: other, stats: map[string][]*Stat{}}
			byKey[k] = g
			out = append(out, g)
		}
		impl := b.Get("impl")
		if g.stats[impl] == nil {
			g.stats[impl] = make([]*Stat, len(vals))
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
// beating it for good (Family.Beats at every value of d). Only the pairs of
// crossoverPairs are looked at, and "a stops beating b" and "b starts
// beating a" at one place are one finding, kept once.
func crossovers(f *Family, d string, procs int, unit, reference string) []Crossover {
	var impls []string
	for _, x := range f.Values("impl") {
		if !slices.Contains(f.Baselines, x) {
			impls = append(impls, x)
		}
	}
	dir := f.Better(unit)
	vals := f.Values(d)
	var out []Crossover
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
			c, ok := crossing(f, a, b, dir)
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
	Crossover
	at int
}

// crossing decides whether a beats b (their statistics at each value of a
// sweep) up to some value and not from it on, or the other way round; it
// is false when a value is missing, nothing changes, or the state changes
// back and forth before its final run.
func crossing(f *Family, a, b []*Stat, dir int) (crossingAt, bool) {
	n := len(a)
	states := make([]bool, n)
	ratios := make([]float64, n)
	for i := range a {
		if a[i] == nil || b[i] == nil {
			return crossingAt{}, false
		}
		states[i], ratios[i] = f.Beats(a[i], b[i], dir)
	}
	// j is where the final run of equal states begins.
	j := n - 1
	for j > 0 && states[j-1] == states[n-1] {
		j--
	}
	if j == 0 {
		return crossingAt{}, false // no change along the sweep
	}
	if states[n-1] {
		if states[0] {
			return crossingAt{}, false
		}
		return crossingAt{Crossover{Starts: true, Ratio: ratios[j]}, j}, true
	}
	if !all(states[:j]) {
		return crossingAt{}, false
	}
	c := crossingAt{Crossover{Ratio: ratios[0]}, j}
	c.Reversed, c.ReversedRatio = f.Beats(b[j], a[j], dir)
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
func sweepEnds(f *Family, procs int) []SweepEnd {
	x := f.SweepAxis()
	if x == "" {
		return nil
	}
	unit := f.PrimaryUnit()
	dir := f.Better(unit)
	vals := f.Values(x)
	byKey := map[string]*SweepEnd{}
	var order []*SweepEnd
	for _, b := range f.Benchmarks {
		s := b.Stat(unit)
		if b.Procs != procs || s == nil {
			continue
		}
		other := DimsExcept(b.Dims, x)
		k := fmt.Sprint(other)
		e := byKey[k]
		if e == nil {
			e = &SweepEnd{Dims: other, Procs: procs, Dim: x, From: vals[0], To: vals[len(vals)-1]}
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
	var out []SweepEnd
	for _, e := range order {
		if e.First == nil || e.Last == nil || len(out) >= MaxSweepEnds {
			continue
		}
		if impl := Lookup(e.Dims, "impl"); impl != "" && impl != f.Values("impl")[0] {
			continue
		}
		if ok, r := f.Beats(e.Last, e.First, dir); ok {
			e.Change, e.Ratio = Better, r
		} else if ok, r := f.Beats(e.First, e.Last, dir); ok {
			e.Change, e.Ratio = Worse, r
		}
		out = append(out, *e)
	}
	return out
}
