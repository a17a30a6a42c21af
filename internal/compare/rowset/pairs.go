package rowset

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/machine"
)

// Pair is a row found in both sets of a Pairs: one benchmark in one unit.
type Pair struct {
	// Name is the full benchmark name and Unit the unit; Config labels the
	// file configuration that keeps the row apart from same-named
	// benchmarks ("pkg=a"), or is empty; Family is the row's Config and
	// top-level benchmark name, as Label writes them.
	Name, Unit, Config, Family string
	// Old and New are the row's values in the two sets.
	Old, New []float64
	// FromTime is set for a rate unit (ending in "/s") whose values are a
	// fixed multiple of 1/(sec/op) of the same result lines in both sets,
	// the benchmark having a sec/op row in both: it says nothing the time
	// does not.
	FromTime bool
}

// Pairs is two sets whose rows are grouped under the same split keys,
// ready to be paired.
type Pairs struct{ old, new *grouped }

// NewPairs groups the rows of old and new by the file configuration keys
// that vary within either set, less those in ignore (see splitKeys), and
// pools the rows of configurations that share a label.
func NewPairs(old, new *Set, ignore []string) *Pairs {
	keys := splitKeys([]*Set{old, new}, ignore)
	return &Pairs{group(old, keys), group(new, keys)}
}

// OnlyOld lists the benchmarks (labelled full names) of the old set that
// the new lacks, in order of first appearance.
func (p *Pairs) OnlyOld() []string { return onlyIn(p.old, p.new) }

// OnlyNew lists the benchmarks of the new set that the old lacks.
func (p *Pairs) OnlyNew() []string { return onlyIn(p.new, p.old) }

// Each calls f with every row of the old set that the new set has too, in
// the old set's order of first appearance; the Pair is reused from call to
// call. With release, the sets are spent: the old set's index goes before
// the first call and each row's values after its call.
func (p *Pairs) Each(release bool, f func(*Pair)) {
	og, ng := p.old, p.new
	// Whether each old rate row's benchmark has a sec/op row, found
	// before the old set's index is let go.
	oldSec := map[int32]bool{}
	for i := range og.s.rows {
		if r := &og.s.rows[i]; !r.merged && strings.HasSuffix(og.s.units[r.unit], "/s") {
			oldSec[int32(i)] = og.s.unitOf(og.lookup(og.labels[r.cfg], r.name), "sec/op") >= 0
		}
	}
	if release {
		og.s.byName = nil
	}
	var pair Pair
	for _, o := range og.order() {
		or := &og.s.rows[o]
		unit := og.s.units[or.unit]
		config := og.labels[or.cfg]
		nh := ng.lookup(config, or.name)
		n := ng.s.unitOf(nh, unit)
		if n < 0 {
			continue
		}
		nr := &ng.s.rows[n]
		pair = Pair{Name: or.name, Unit: unit, Config: config, Family: og.family(o), Old: or.values, New: nr.values}
		pair.FromTime = oldSec[o] && ng.s.unitOf(nh, "sec/op") >= 0 &&
			derivedFromTime(unit, og.s.secs[o], or.values, ng.s.secs[n], nr.values)
		f(&pair)
		if release {
			or.values, nr.values = nil, nil
		}
	}
}

// Unpaired calls f with every row of the new set that the old set lacks,
// in the new set's order of first appearance.
func (p *Pairs) Unpaired(f func(name, unit string, values []float64)) {
	og, ng := p.old, p.new
	for _, i := range ng.order() {
		r := &ng.s.rows[i]
		unit := ng.s.unit(i)
		if og.s.unitOf(og.lookup(ng.labels[r.cfg], r.name), unit) < 0 {
			f(r.name, unit, r.values)
		}
	}
}

// onlyIn lists the benchmarks (labelled full names) of a that b lacks, in
// order of first appearance.
func onlyIn(a, b *grouped) []string {
	var out []string
	for _, i := range a.names() {
		r := &a.s.rows[i]
		if b.lookup(a.labels[r.cfg], r.name) < 0 {
			out = append(out, a.label(i))
		}
	}
	return out
}

// Label prefixes a benchmark name with its configuration label, when
// there is one: "[pkg=a] name".
func Label(config, name string) string {
	if config == "" {
		return name
	}
	return "[" + config + "] " + name
}

// derivedTolerance is how far the product of a rate and the time of the
// same result line may vary and the rate still count as derived from the
// time: benchmark lines print about four significant digits.
const derivedTolerance = 0.01

// derivedFromTime reports whether the values of rate unit g are a fixed
// multiple of 1/(sec/op) on both sides (as B/s from SetBytes, or msgs/s
// reported as messages over elapsed time): such a unit says nothing the
// time does not, so it is not tested again.
func derivedFromTime(unit string, oldSecs, old, newSecs, new []float64) bool {
	if !strings.HasSuffix(unit, "/s") {
		return false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, g := range [][2][]float64{{old, oldSecs}, {new, newSecs}} {
		for i, v := range g[0] {
			k := v * g[1][i]
			if math.IsNaN(k) || k <= 0 {
				return false
			}
			lo, hi = math.Min(lo, k), math.Max(hi, k)
		}
	}
	return hi/lo-1 <= derivedTolerance
}

// MachineMismatch describes the first machine key (machine.KindKeys)
// whose values differ between the sets old and new, named oldName and
// newName, or returns "". Keys missing from either set are not compared
// (plain `go test` output has no ncpu).
func MachineMismatch(old, new *Set, oldName, newName string) string {
	for _, k := range machine.KindKeys {
		ov, nv := configValues(old, k), configValues(new, k)
		if len(ov) == 0 || len(nv) == 0 {
			continue
		}
		if strings.Join(ov, "\x00") != strings.Join(nv, "\x00") {
			return fmt.Sprintf("results come from different machines: %s %s in %s, %s in %s",
				k, quoteAll(ov), oldName, quoteAll(nv), newName)
		}
	}
	return ""
}

// configValues lists the distinct values of key in s's configurations,
// sorted.
func configValues(s *Set, key string) []string {
	seen := map[string]bool{}
	var vs []string
	for _, cfg := range s.configs {
		v := getConfig(cfg, key)
		if v != "" && !seen[v] {
			seen[v] = true
			vs = append(vs, v)
		}
	}
	sort.Strings(vs)
	return vs
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, " and ")
}

// configLabel is the "key=value" list of cfg's values of keys.
func configLabel(cfg []benchfmt.Config, keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + getConfig(cfg, k)
	}
	return strings.Join(parts, " ")
}
