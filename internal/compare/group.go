package compare

import (
	"math"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// rowKey identifies a row: the file configuration that sets it apart
// (see splitKeys), the full benchmark name and the unit.
type rowKey struct{ config, name, unit string }

// group is the samples of one row on one side. secs holds, for each value,
// the sec/op of the same result line (NaN when the line has none), to
// recognise units derived from time.
type group struct {
	key    rowKey
	family string
	values []float64
	secs   []float64
}

// splitKeys returns the file configuration keys whose value varies within
// one side, less the ignored ones, sorted. benchstat makes one table per
// distinct file configuration; compare keeps such results in separate rows
// the same way, so that two packages, or the "note: before" and "note:
// after" parts of one file, are never pooled.
func splitKeys(sides []*Side, ignore []string) []string {
	set := map[string]bool{}
	for _, s := range sides {
		first := map[string]string{}
		seen := map[string]bool{}
		for i, r := range s.Results {
			present := map[string]bool{}
			for _, c := range r.Config {
				if !c.File {
					continue
				}
				present[c.Key] = true
				v := string(c.Value)
				if i == 0 {
					first[c.Key] = v
				} else if fv, ok := first[c.Key]; !ok || fv != v {
					set[c.Key] = true
				}
				seen[c.Key] = true
			}
			if i > 0 {
				for k := range seen {
					if !present[k] {
						set[k] = true
					}
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

// configOf is the "key=value" list of r's values of keys.
func configOf(r *benchfmt.Result, keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + r.GetConfig(k)
	}
	return strings.Join(parts, " ")
}

// collect groups a side's values by configuration, benchmark and unit, in
// order of first appearance, after the filter. names lists the benchmarks
// (with their configuration) in order.
func collect(s *Side, f *benchproc.Filter, keys []string) ([]*group, map[rowKey]*group, []string, error) {
	var order []*group
	byKey := map[rowKey]*group{}
	var names []string
	seenName := map[string]bool{}
	for _, r := range s.Results {
		if f != nil {
			r = r.Clone()
			ok, err := f.Apply(r)
			if err != nil {
				return nil, nil, nil, err
			}
			if !ok {
				continue
			}
		}
		config := configOf(r, keys)
		name := string(r.Name.Full())
		if full := label(config, name); !seenName[full] {
			seenName[full] = true
			names = append(names, full)
		}
		family := label(config, string(r.Name.Base()))
		sec := math.NaN()
		for _, v := range r.Values {
			if v.Unit == "sec/op" {
				sec = v.Value
			}
		}
		for _, v := range r.Values {
			k := rowKey{config, name, v.Unit}
			g := byKey[k]
			if g == nil {
				g = &group{key: k, family: family}
				byKey[k] = g
				order = append(order, g)
			}
			g.values = append(g.values, v.Value)
			g.secs = append(g.secs, sec)
		}
	}
	return order, byKey, names, nil
}

// label prefixes name with its configuration, when there is one.
func label(config, name string) string {
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
func derivedFromTime(old, new *group) bool {
	if !strings.HasSuffix(old.key.unit, "/s") {
		return false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, g := range []*group{old, new} {
		for i, v := range g.values {
			k := v * g.secs[i]
			if math.IsNaN(k) || k <= 0 {
				return false
			}
			lo, hi = math.Min(lo, k), math.Max(hi, k)
		}
	}
	return hi/lo-1 <= derivedTolerance
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
