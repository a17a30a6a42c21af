package compare

import (
	"math"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// rowKey identifies a row: the file configuration that sets it apart
// (see splitKeys), the full benchmark name and the unit.
type rowKey struct{ config, name, unit string }

// splitKeys returns the file configuration keys whose value varies within
// one side, less the ignored ones, sorted. benchstat makes one table per
// distinct file configuration; compare keeps such results in separate rows
// the same way, so that two packages, or the "note: before" and "note:
// after" parts of one file, are never pooled. A key varies when some
// result lacks it or has another value than the side's first result.
func splitKeys(sides []*aggregate, ignore []string) []string {
	set := map[string]bool{}
	for _, s := range sides {
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
