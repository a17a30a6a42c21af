package compare

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// Across is the comparison of results along one file configuration key,
// such as go-version: every value of the key against a baseline value,
// each pair decided as Compare decides (see Options). The Alpha of each
// pair is the caller's divided by the number of pairs (Bonferroni over the
// pairs, on top of each pair's control over families then rows), so that
// the whole table holds the false discovery rate the caller asked for.
type Across struct {
	// Key is the configuration key, Baseline its value compared against,
	// and Values every value found, in the order of first appearance
	// (sorted as Go versions for go-version), the baseline included.
	Key, Baseline string
	Values        []string
	// Reports holds, for every value but the baseline, its comparison
	// with the baseline (the baseline is the old side).
	Reports map[string]*Report
	// Unpaired holds, for every value but the baseline, the rows measured
	// under it and not under the baseline (a configuration the baseline
	// release cannot run): summarized, with nothing to compare them with.
	Unpaired map[string][]UnpairedRow
}

// UnpairedRow is a benchmark and unit measured under one value of the key
// only, summarized as a side of a Row is.
type UnpairedRow struct {
	Name, Unit string
	Summary    Summary
}

// SplitBy splits the results of sides into one side per value of the file
// configuration key, in order of first appearance. A result without the
// key is an error naming its source.
func SplitBy(sides []*Side, key string) ([]*Side, error) {
	var out []*Side
	by := map[string]*Side{}
	for _, s := range sides {
		for _, r := range s.Results {
			v := r.GetConfig(key)
			if v == "" {
				return nil, fmt.Errorf("%s: a result has no %s (%s)", s.Name, key, r.Name.Full())
			}
			d := by[v]
			if d == nil {
				d = &Side{Name: key + "=" + v, Units: benchfmt.UnitMetadataMap{}}
				by[v] = d
				out = append(out, d)
			}
			d.Results = append(d.Results, r)
			d.Units = mergeUnits(d.Units, s.Units)
		}
	}
	if key == "go-version" {
		slices.SortStableFunc(out, func(a, b *Side) int { return CompareGoVersions(a.Name, b.Name) })
	}
	return out, nil
}

// CompareAcross compares every side of split (see SplitBy) with the one
// named key=baseline; an empty baseline picks the first side. The key
// varies between sides by construction, so it never splits rows.
func CompareAcross(split []*Side, key, baseline string, opts Options) (*Across, error) {
	if len(split) < 2 {
		return nil, fmt.Errorf("the results have %d value(s) of %s: nothing to compare across", len(split), key)
	}
	a := &Across{Key: key, Reports: map[string]*Report{}, Unpaired: map[string][]UnpairedRow{}}
	var base *Side
	for _, s := range split {
		v := strings.TrimPrefix(s.Name, key+"=")
		a.Values = append(a.Values, v)
		if v == baseline || (baseline == "" && base == nil) {
			base, a.Baseline = s, v
		}
	}
	if base == nil {
		return nil, fmt.Errorf("-baseline %s: the results have no such %s (they have %s)", baseline, key, strings.Join(a.Values, ", "))
	}
	o := opts
	o.Alpha = opts.Alpha / float64(len(split)-1)
	for _, s := range split {
		if s == base {
			continue
		}
		rep, err := Compare(base, s, o)
		if err != nil {
			return nil, fmt.Errorf("%s against %s: %w", s.Name, base.Name, err)
		}
		v := strings.TrimPrefix(s.Name, key+"=")
		a.Reports[v] = rep
		if a.Unpaired[v], err = unpaired(base, s, rep.Options); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// unpaired summarizes the rows of s that base lacks.
func unpaired(base, s *Side, opts Options) ([]UnpairedRow, error) {
	var filter *benchproc.Filter
	if opts.Filter != "" {
		f, err := benchproc.NewFilter(opts.Filter)
		if err != nil {
			return nil, err
		}
		filter = f
	}
	ba, err := aggregateOf(base, opts.Filter, filter)
	if err != nil {
		return nil, err
	}
	sa, err := aggregateOf(s, opts.Filter, filter)
	if err != nil {
		return nil, err
	}
	keys := splitKeys([]*aggregate{ba, sa}, opts.Ignore)
	bg, sg := group(ba, keys), group(sa, keys)
	thr := benchmath.Thresholds{CompareAlpha: opts.Alpha}
	var out []UnpairedRow
	for _, i := range sg.order() {
		r := &sa.rows[i]
		unit := sa.unit(i)
		if ba.unitOf(bg.lookup(sg.labels[r.cfg], r.name), unit) >= 0 {
			continue
		}
		sample := benchmath.NewSample(append([]float64(nil), r.values...), &thr)
		sum := s.Units.GetAssumption(unit).Summary(sample, opts.Confidence)
		out = append(out, UnpairedRow{Name: r.name, Unit: unit, Summary: summary(sum, len(sample.Values))})
	}
	return out, nil
}

// CompareGoVersions orders "go1.9.2" (or "go-version=go1.9.2") before
// "go1.10" by their numeric parts; other text compares as strings.
func CompareGoVersions(a, b string) int {
	na, nb := goVersionParts(a), goVersionParts(b)
	if na == nil || nb == nil {
		return strings.Compare(a, b)
	}
	return slices.Compare(na, nb)
}

// goVersionParts returns the numbers of a name ending in goN.N.N, or nil.
func goVersionParts(s string) []int {
	_, v, ok := strings.Cut(s, "go1.")
	if !ok {
		return nil
	}
	parts := []int{1}
	for _, f := range strings.Split(v, ".") {
		n := 0
		for _, c := range f {
			if c < '0' || c > '9' {
				break // go1.26rc1: the number before "rc"
			}
			n = n*10 + int(c-'0')
		}
		parts = append(parts, n)
	}
	return parts
}
