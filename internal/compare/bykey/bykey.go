// Package bykey compares results along one file configuration key
// (syncbench compare -by KEY, report -by KEY), such as go-version: the
// results split into one side per value of the key, and every value
// compared with a baseline value as package compare compares two files.
package bykey

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/compare/rowset"
	"github.com/syncbench/syncbench/internal/option"
)

// Split splits the results of sides into one side per value of the file
// configuration key, in order of first appearance. A result without the
// key is an error naming its source.
func Split(sides []*compare.Side, key string) ([]*compare.Side, error) {
	var out []*compare.Side
	by := map[string]*compare.Side{}
	for _, s := range sides {
		for _, r := range s.Results {
			v := r.GetConfig(key)
			if v == "" {
				return nil, fmt.Errorf("%s: a result has no %s (%s)", s.Name, key, r.Name.Full())
			}
			d := by[v]
			if d == nil {
				d = &compare.Side{Name: key + "=" + v, Units: benchfmt.UnitMetadataMap{}}
				by[v] = d
				out = append(out, d)
			}
			d.Results = append(d.Results, r)
			for k, v := range s.Units {
				if _, ok := d.Units[k]; !ok {
					d.Units[k] = v
				}
			}
		}
	}
	if key == "go-version" {
		slices.SortStableFunc(out, func(a, b *compare.Side) int { return compare.CompareGoVersions(a.Name, b.Name) })
	}
	return out, nil
}

// Compare compares every side of split (see Split) with the one
// named key=baseline; an empty baseline picks the first side. The key
// varies between sides by construction, so it never splits rows.
func Compare(split []*compare.Side, key, baseline string, opts compare.Options) (*compare.Across, error) {
	if len(split) < 2 {
		return nil, fmt.Errorf("the results have %d value(s) of %s: nothing to compare across", len(split), key)
	}
	a := &compare.Across{Key: key, Reports: map[string]*compare.Report{}, Unpaired: map[string][]compare.UnpairedRow{}}
	var base *compare.Side
	for _, s := range split {
		v := strings.TrimPrefix(s.Name, key+"=")
		a.Values = append(a.Values, v)
		if v == baseline || (baseline == "" && base == nil) {
			base, a.Baseline = s, v
		}
	}
	if base == nil {
		return nil, option.New("baseline", "the results have no %s %s (they have %s)", key, baseline, strings.Join(a.Values, ", "))
	}
	o := opts
	o.Alpha = opts.Alpha / float64(len(split)-1)
	o.MachineShift = false // the values were measured together, interleaved: a shift of every family is theirs
	for _, s := range split {
		if s == base {
			continue
		}
		rep, err := compare.Compare(base, s, o)
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
func unpaired(base, s *compare.Side, opts compare.Options) ([]compare.UnpairedRow, error) {
	var filter *benchproc.Filter
	if opts.Filter != "" {
		f, err := benchproc.NewFilter(opts.Filter)
		if err != nil {
			return nil, err
		}
		filter = f
	}
	bs, err := rowset.New(base.Results, opts.Filter, filter)
	if err != nil {
		return nil, err
	}
	ss, err := rowset.New(s.Results, opts.Filter, filter)
	if err != nil {
		return nil, err
	}
	thr := benchmath.Thresholds{CompareAlpha: opts.Alpha}
	var out []compare.UnpairedRow
	rowset.NewPairs(bs, ss, opts.Ignore).Unpaired(func(name, unit string, values []float64) {
		sample := benchmath.NewSample(append([]float64(nil), values...), &thr)
		sum := s.Units.GetAssumption(unit).Summary(sample, opts.Confidence)
		out = append(out, compare.UnpairedRow{Name: name, Unit: unit, Summary: compare.Summary{Center: sum.Center, Lo: sum.Lo, Hi: sum.Hi, N: len(sample.Values)}})
	})
	return out, nil
}
