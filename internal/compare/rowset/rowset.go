// Package rowset reads benchmark results into rows of values, one row for
// each benchmark in each unit under each file configuration, and pairs the
// rows of two sets for a comparison. A set keeps only its rows' values, not
// the result lines, so that its memory follows the number of rows.
package rowset

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/syncbench/syncbench/internal/option"
	"github.com/syncbench/syncbench/internal/results"
)

// Set is a side of a comparison reduced to what the comparison needs: its
// distinct file configurations (for the split keys and the machine check,
// counting filtered-out results too) and, per configuration, benchmark
// and unit, the values. Rows are held by value in one slice and found by
// index, so that a row costs its name, its values and a few words.
type Set struct {
	filter  string
	configs [][]benchfmt.Config
	// byName indexes, per configuration, each benchmark's first row.
	byName []map[string]int32
	// rows holds every (configuration, name, unit) in order of first
	// appearance; secs the sec/op of each value of rate rows, by row.
	rows []row
	secs map[int32][]float64
	// units names the units of rows; moved holds the position in the
	// order of rows that pooled an earlier-seen row of another
	// configuration (otherwise a row's index is its position).
	units   []string
	unitIdx map[string]int32
	moved   map[int32]int32

	last    int // configuration of the previous result, -1 before any
	lastCfg []benchfmt.Config
	cfgIdx  map[string]int
}

// row is the values of one benchmark in one unit under one
// configuration. Rates (units ending in "/s") also keep, in Set.secs, the
// sec/op of each value's result line (NaN when the line has none), to
// recognise units derived from time.
type row struct {
	name   string
	values []float64
	cfg    int32
	next   int32 // the benchmark's next row (another unit), or -1
	unit   int32 // index in Set.units
	merged bool  // pooled into a row of another configuration
}

// Read reads the results file at path into a Set, applying filter (a
// benchproc filter query) while reading, and returns it with the file's
// unit metadata and its reading warnings. A bad filter is an
// *option.Error for "filter"; other errors name the file.
func Read(path, filter string) (*Set, benchfmt.UnitMetadataMap, []results.Warning, error) {
	f, err := results.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	var flt *benchproc.Filter
	if filter != "" {
		if flt, err = benchproc.NewFilter(filter); err != nil {
			return nil, nil, nil, option.New("filter", "%w", err)
		}
	}
	s := newSet(filter)
	var ferr error
	units, warnings, err := results.Scan(path, f, func(r *benchfmt.Result) {
		if ferr == nil {
			ferr = s.add(r, flt, false)
		}
	})
	if err != nil {
		return nil, nil, warnings, err
	}
	if ferr != nil {
		return nil, nil, warnings, fmt.Errorf("%s: %v", path, ferr)
	}
	return s, units, warnings, nil
}

// New builds the Set of rs under f (nil for none), whose query is filter.
// rs are left as they are.
func New(rs []*benchfmt.Result, filter string, f *benchproc.Filter) (*Set, error) {
	s := newSet(filter)
	for _, r := range rs {
		if err := s.add(r, f, true); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Filter is the filter query the set was read or built under.
func (s *Set) Filter() string { return s.filter }

func newSet(filter string) *Set {
	return &Set{filter: filter, last: -1, cfgIdx: map[string]int{}, secs: map[int32][]float64{},
		unitIdx: map[string]int32{}, moved: map[int32]int32{}}
}

// add files r under its configuration and name; with a filter, only the
// values it keeps (r is cloned first when keep is set, as the filter
// rewrites r's values).
func (s *Set) add(r *benchfmt.Result, f *benchproc.Filter, keep bool) error {
	cfg := s.configOf(r)
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
	byName := s.byName[cfg]
	head, ok := byName[string(r.Name)]
	name := ""
	if ok {
		name = s.rows[head].name
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
		i := s.unitOf(head, v.Unit)
		if i < 0 {
			i = int32(len(s.rows))
			s.rows = append(s.rows, row{name: name, unit: s.unitID(v.Unit), cfg: int32(cfg), next: -1})
			if head < 0 {
				head = i
				byName[name] = i
			} else {
				s.link(head, i)
			}
		}
		row := &s.rows[i]
		row.values = append(row.values, v.Value)
		if strings.HasSuffix(v.Unit, "/s") {
			s.secs[i] = append(s.secs[i], sec)
		}
	}
	return nil
}

// unitOf returns the row of unit in the benchmark whose first row is
// head, or -1.
func (s *Set) unitOf(head int32, unit string) int32 {
	for i := head; i >= 0; i = s.rows[i].next {
		if s.units[s.rows[i].unit] == unit {
			return i
		}
	}
	return -1
}

// unitID returns the index of unit in s.units, adding it when new.
func (s *Set) unitID(unit string) int32 {
	id, ok := s.unitIdx[unit]
	if !ok {
		id = int32(len(s.units))
		s.units = append(s.units, unit)
		s.unitIdx[unit] = id
	}
	return id
}

// unit returns the unit of row i.
func (s *Set) unit(i int32) string { return s.units[s.rows[i].unit] }

// first returns the position of row i in the order of first appearance.
func (s *Set) first(i int32) int32 {
	if f, ok := s.moved[i]; ok {
		return f
	}
	return i
}

// link appends row i to the benchmark whose first row is head.
func (s *Set) link(head, i int32) {
	j := head
	for s.rows[j].next >= 0 {
		j = s.rows[j].next
	}
	s.rows[j].next = i
}

// configOf returns the index of r's configuration, adding it when new.
// The configuration rarely changes within a file, so most results only
// compare it with the previous one's.
func (s *Set) configOf(r *benchfmt.Result) int {
	if s.last >= 0 && results.SameConfig(r.Config, s.lastCfg) {
		return s.last
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
	id, ok := s.cfgIdx[sb.String()]
	if !ok {
		id = len(s.configs)
		cfg := make([]benchfmt.Config, len(r.Config))
		for i, c := range r.Config {
			cfg[i] = benchfmt.Config{Key: c.Key, Value: bytes.Clone(c.Value), File: c.File}
		}
		s.configs = append(s.configs, cfg)
		s.byName = append(s.byName, map[string]int32{})
		s.cfgIdx[sb.String()] = id
	}
	s.last, s.lastCfg = id, s.configs[id]
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
