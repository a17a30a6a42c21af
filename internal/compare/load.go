package compare

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/syncbench/syncbench/internal/results"
)

// ReadSide reads the results file at path into a
// Side without keeping its results: each benchmark keeps only its values
// per unit, so that memory follows the number of rows, not of result
// lines. filter is a benchproc filter query (Options.Filter) applied while
// reading; the Side can then only be compared under that filter, and with
// one other side (grouping its rows merges them for that comparison). Reading
// warnings are returned; the error, with exit code 2, names the file.
func ReadSide(path, filter string) (*Side, []results.Warning, error) {
	f, err := results.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var flt *benchproc.Filter
	if filter != "" {
		if flt, err = benchproc.NewFilter(filter); err != nil {
			return nil, nil, fmt.Errorf("-filter: %w", err)
		}
	}
	a := newAggregate(filter)
	var ferr error
	units, warnings, err := results.Scan(path, f, func(r *benchfmt.Result) {
		if ferr == nil {
			ferr = a.add(r, flt, false)
		}
	})
	if err != nil {
		return nil, warnings, err
	}
	if ferr != nil {
		return nil, warnings, fmt.Errorf("%s: %v", path, ferr)
	}
	return &Side{Name: path, Units: units, agg: a}, warnings, nil
}

// aggregate is a side reduced to what a comparison needs: its distinct
// file configurations (for splitKeys and the machine check, counting
// filtered-out results too) and, per configuration, benchmark and unit,
// the values. Rows are held by value in one slice and found by index, so
// that a row costs its name, its values and a few words.
type aggregate struct {
	filter  string
	configs [][]benchfmt.Config
	// byName indexes, per configuration, each benchmark's first row.
	byName []map[string]int32
	// rows holds every (configuration, name, unit) in order of first
	// appearance; secs the sec/op of each value of rate rows, by row.
	rows []rowAcc
	secs map[int32][]float64
	// units names the units of rows; moved holds the position in the
	// order of rows that pooled an earlier-seen row of another
	// configuration (otherwise a row's index is its position).
	units   []string
	unitIdx map[string]int32
	moved   map[int32]int32
	// used is set once a comparison has consumed the aggregate of a Side
	// from ReadSide, which frees parts of it as it goes.
	used bool

	last    int // configuration of the previous result, -1 before any
	lastCfg []benchfmt.Config
	cfgIdx  map[string]int
}

// rowAcc is the values of one benchmark in one unit under one
// configuration. Rates (units ending in "/s") also keep, in
// aggregate.secs, the sec/op of each value's result line (NaN when the
// line has none), to recognise units derived from time.
type rowAcc struct {
	name   string
	values []float64
	cfg    int32
	next   int32 // the benchmark's next row (another unit), or -1
	unit   int32 // index in aggregate.units
	merged bool  // pooled into a row of another configuration
}

func newAggregate(filter string) *aggregate {
	return &aggregate{filter: filter, last: -1, cfgIdx: map[string]int{}, secs: map[int32][]float64{},
		unitIdx: map[string]int32{}, moved: map[int32]int32{}}
}

// aggregateOf returns the aggregate of s under filter: the one it was
// read into, or one built from s.Results.
func aggregateOf(s *Side, filter string, f *benchproc.Filter) (*aggregate, error) {
	if s.spent {
		return nil, fmt.Errorf("%s: compared already (a side from ReadSide is for one comparison)", s.Name)
	}
	if s.agg != nil {
		if s.agg.filter != filter {
			return nil, fmt.Errorf("%s: read with -filter %q, compared with %q", s.Name, s.agg.filter, filter)
		}
		if s.agg.used {
			return nil, fmt.Errorf("%s: compared already (a side from ReadSide is for one comparison)", s.Name)
		}
		s.agg.used = true
		return s.agg, nil
	}
	a := newAggregate(filter)
	for _, r := range s.Results {
		if err := a.add(r, f, true); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// add files r under its configuration and name; with a filter, only the
// values it keeps (r is cloned first when keep is set, as the filter
// rewrites r's values).
func (a *aggregate) add(r *benchfmt.Result, f *benchproc.Filter, keep bool) error {
	cfg := a.configOf(r)
	if f != nil {
		if keep {
			r = r.Clone()
		}
		ok, err := f.Apply(r)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
	}
	byName := a.byName[cfg]
	head, ok := byName[string(r.Name)]
	name := ""
	if ok {
		name = a.rows[head].name
	} else {
		head = -1
		name = string(r.Name)
	}
	sec := math.NaN()
	for _, v := range r.Values {
		if v.Unit == "sec/op" {
			sec = v.Value
		}
	}
	for _, v := range r.Values {
		i := a.unitOf(head, v.Unit)
		if i < 0 {
			i = int32(len(a.rows))
			a.rows = append(a.rows, rowAcc{name: name, unit: a.unitID(v.Unit), cfg: int32(cfg), next: -1})
			if head < 0 {
				head = i
				byName[name] = i
			} else {
				a.link(head, i)
			}
		}
		row := &a.rows[i]
		row.values = append(row.values, v.Value)
		if strings.HasSuffix(v.Unit, "/s") {
			a.secs[i] = append(a.secs[i], sec)
		}
	}
	return nil
}

// unitOf returns the row of unit in the benchmark whose first row is
// head, or -1.
func (a *aggregate) unitOf(head int32, unit string) int32 {
	for i := head; i >= 0; i = a.rows[i].next {
		if a.units[a.rows[i].unit] == unit {
			return i
		}
	}
	return -1
}

// unitID returns the index of unit in a.units, adding it when new.
func (a *aggregate) unitID(unit string) int32 {
	id, ok := a.unitIdx[unit]
	if !ok {
		id = int32(len(a.units))
		a.units = append(a.units, unit)
		a.unitIdx[unit] = id
	}
	return id
}

// unit returns the unit of row i.
func (a *aggregate) unit(i int32) string { return a.units[a.rows[i].unit] }

// first returns the position of row i in the order of first appearance.
func (a *aggregate) first(i int32) int32 {
	if f, ok := a.moved[i]; ok {
		return f
	}
	return i
}

// link appends row i to the benchmark whose first row is head.
func (a *aggregate) link(head, i int32) {
	j := head
	for a.rows[j].next >= 0 {
		j = a.rows[j].next
	}
	a.rows[j].next = i
}

// configOf returns the index of r's configuration, adding it when new.
// The configuration rarely changes within a file, so most results only
// compare it with the previous one's.
func (a *aggregate) configOf(r *benchfmt.Result) int {
	if a.last >= 0 && results.SameConfig(r.Config, a.lastCfg) {
		return a.last
	}
	var sb strings.Builder
	for _, c := range r.Config {
		sb.WriteString(c.Key)
		if c.File {
			sb.WriteString("\x00f")
		}
		sb.WriteString("\x00")
		sb.Write(c.Value)
		sb.WriteString("\x00")
	}
	id, ok := a.cfgIdx[sb.String()]
	if !ok {
		id = len(a.configs)
		cfg := make([]benchfmt.Config, len(r.Config))
		for i, c := range r.Config {
			cfg[i] = benchfmt.Config{Key: c.Key, Value: bytes.Clone(c.Value), File: c.File}
		}
		a.configs = append(a.configs, cfg)
		a.byName = append(a.byName, map[string]int32{})
		a.cfgIdx[sb.String()] = id
	}
	a.last, a.lastCfg = id, a.configs[id]
	return id
}

// getConfig returns the value of key in cfg, or "".
func getConfig(cfg []benchfmt.Config, key string) string {
	for _, c := range cfg {
		if c.Key == key {
			return string(c.Value)
		}
	}
	return ""
}

// grouped is an aggregate labelled by the split keys: configurations with
// the same label merged, so that each (label, name, unit) has one row.
type grouped struct {
	labels  []string // per configuration
	byLabel map[string]int
	a       *aggregate
}

// group labels a's configurations by keys (see configLabel) and pools the
// rows of configurations that share a label into the first of them.
func group(a *aggregate, keys []string) *grouped {
	g := &grouped{a: a, byLabel: map[string]int{}}
	canon := make([]int32, len(a.configs))
	for i, cfg := range a.configs {
		l := configLabel(cfg, keys)
		c, ok := g.byLabel[l]
		if !ok {
			c = i
			g.byLabel[l] = i
		}
		g.labels = append(g.labels, l)
		canon[i] = int32(c)
	}
	for i := range a.rows {
		r := &a.rows[i]
		c := canon[r.cfg]
		if c == r.cfg || r.merged {
			continue
		}
		head, ok := a.byName[c][r.name]
		if !ok {
			r.cfg, r.next = c, -1
			a.byName[c][r.name] = int32(i)
			continue
		}
		j := a.unitOf(head, a.units[r.unit])
		if j < 0 {
			r.cfg, r.next = c, -1
			a.link(head, int32(i))
			continue
		}
		into := &a.rows[j]
		if f := a.first(int32(i)); f < a.first(j) {
			a.moved[j] = f
		}
		into.values = append(into.values, r.values...)
		if s, ok := a.secs[int32(i)]; ok {
			a.secs[j] = append(a.secs[j], s...)
		}
		r.merged, r.values = true, nil
	}
	for i, c := range canon {
		if int(c) != i {
			a.byName[i] = nil
		}
	}
	return g
}

// lookup returns the first row of benchmark name under label, or -1.
func (g *grouped) lookup(label, name string) int32 {
	c, ok := g.byLabel[label]
	if !ok {
		return -1
	}
	if i, ok := g.a.byName[c][name]; ok {
		return i
	}
	return -1
}

// order lists g's rows (indices into g.a.rows) in order of first
// appearance.
func (g *grouped) order() []int32 {
	var out []int32
	for i := range g.a.rows {
		if !g.a.rows[i].merged {
			out = append(out, int32(i))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return g.a.first(out[i]) < g.a.first(out[j]) })
	return out
}

// names lists the first rows of g's benchmarks in order of first
// appearance.
func (g *grouped) names() []int32 {
	var out []int32
	for _, i := range g.order() {
		r := &g.a.rows[i]
		head := g.a.byName[r.cfg][r.name]
		first := true
		for j := head; j >= 0; j = g.a.rows[j].next {
			first = first && g.a.first(j) >= g.a.first(i)
		}
		if first {
			out = append(out, head)
		}
	}
	return out
}

// label is the labelled full name of row i, as OnlyOld and OnlyNew list it.
func (g *grouped) label(i int32) string {
	r := &g.a.rows[i]
	return label(g.labels[r.cfg], r.name)
}

// family is row i's family: its label and top-level benchmark name.
func (g *grouped) family(i int32) string {
	r := &g.a.rows[i]
	return label(g.labels[r.cfg], string(benchfmt.Name(r.name).Base()))
}
