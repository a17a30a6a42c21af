package rowset

import (
	"sort"

	"golang.org/x/perf/benchfmt"
)

// splitKeys returns the file configuration keys whose value varies within
// one set, less the ignored ones, sorted. benchstat makes one table per
// distinct file configuration; compare keeps such results in separate rows
// the same way, so that two packages, or the "note: before" and "note:
// after" parts of one file, are never pooled. A key varies when some
// result lacks it or has another value than the set's first result.
func splitKeys(sets []*Set, ignore []string) []string {
	set := map[string]bool{}
	for _, s := range sets {
		if len(s.configs) == 0 {
			continue
		}
		first := map[string]string{}
		for _, c := range s.configs[0] {
			if c.File {
				first[c.Key] = string(c.Value)
			}
		}
		for _, cfg := range s.configs {
			present := map[string]bool{}
			for _, c := range cfg {
				if !c.File {
					continue
				}
				present[c.Key] = true
				if fv, ok := first[c.Key]; !ok || fv != string(c.Value) {
					set[c.Key] = true
				}
			}
			for k := range first {
				if !present[k] {
					set[k] = true
				}
			}
		}
	}
	for _, k := range ignore {
		delete(set, k)
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// grouped is a Set labelled by the split keys: configurations with the
// same label merged, so that each (label, name, unit) has one row.
type grouped struct {
	labels  []string // per configuration
	byLabel map[string]int
	s       *Set
}

// group labels s's configurations by keys (see configLabel) and pools the
// rows of configurations that share a label into the first of them.
func group(s *Set, keys []string) *grouped {
	g := &grouped{s: s, byLabel: map[string]int{}}
	canon := make([]int32, len(s.configs))
	for i, cfg := range s.configs {
		l := configLabel(cfg, keys)
		c, ok := g.byLabel[l]
		if !ok {
			c = i
			g.byLabel[l] = i
		}
		g.labels = append(g.labels, l)
		canon[i] = int32(c)
	}
	for i := range s.rows {
		r := &s.rows[i]
		c := canon[r.cfg]
		if c == r.cfg || r.merged {
			continue
		}
		head, ok := s.byName[c][r.name]
		if !ok {
			r.cfg, r.next = c, -1
			s.byName[c][r.name] = int32(i)
			continue
		}
		j := s.unitOf(head, s.units[r.unit])
		if j < 0 {
			r.cfg, r.next = c, -1
			s.link(head, int32(i))
			continue
		}
		into := &s.rows[j]
		if f := s.first(int32(i)); f < s.first(j) {
			s.moved[j] = f
		}
		into.values = append(into.values, r.values...)
		if secs, ok := s.secs[int32(i)]; ok {
			s.secs[j] = append(s.secs[j], secs...)
		}
		r.merged, r.values = true, nil
	}
	for i, c := range canon {
		if int(c) != i {
			s.byName[i] = nil
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
	if i, ok := g.s.byName[c][name]; ok {
		return i
	}
	return -1
}

// order lists g's rows (indices into g.s.rows) in order of first
// appearance.
func (g *grouped) order() []int32 {
	var out []int32
	for i := range g.s.rows {
		if !g.s.rows[i].merged {
			out = append(out, int32(i))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return g.s.first(out[i]) < g.s.first(out[j]) })
	return out
}

// names lists the first rows of g's benchmarks in order of first
// appearance.
func (g *grouped) names() []int32 {
	var out []int32
	for _, i := range g.order() {
		r := &g.s.rows[i]
		head := g.s.byName[r.cfg][r.name]
		first := true
		for j := head; j >= 0; j = g.s.rows[j].next {
			first = first && g.s.first(j) >= g.s.first(i)
		}
		if first {
			out = append(out, head)
		}
	}
	return out
}

// label is the labelled full name of row i, as OnlyOld and OnlyNew list it.
func (g *grouped) label(i int32) string {
	r := &g.s.rows[i]
	return Label(g.labels[r.cfg], r.name)
}

// family is row i's family: its label and top-level benchmark name.
func (g *grouped) family(i int32) string {
	r := &g.s.rows[i]
	return Label(g.labels[r.cfg], string(benchfmt.Name(r.name).Base()))
}
