package history

import (
	"slices"

	"github.com/syncbench/syncbench/internal/history/changepoint"
	"github.com/syncbench/syncbench/internal/results"
)

// Found is one change point of one series, with the points on either side.
type Found struct {
	// Key is the series.
	Key SeriesKey
	// Change is the detector's finding: the step, its interval and
	// adjusted p-value.
	changepoint.Change
	// Before is the last point before the change and After the first one
	// after it.
	Before, After Point
	// FromEnd is the number of points from After to the series' newest
	// point (0 when After is the newest).
	FromEnd int
	// Regression is whether the step is for the worse in the series' unit
	// (up for sec/op, down for msgs/s).
	Regression bool
}

// Changes runs the change-point detector over every series at once, so
// that its false discovery rate holds over all of them, and returns the
// change points found (none in the suite's diagnostic units, which
// results.Judged leaves out): regressions first, then newest first, then in
// series order.
func Changes(all []Series, opt changepoint.Options) []Found {
	in := make([]changepoint.Series, len(all))
	for i, s := range all {
		pts := make(changepoint.Series, len(s.Points))
		for j, p := range s.Points {
			pts[j] = p.Samples
		}
		in[i] = pts
	}
	var out []Found
	for i, cs := range changepoint.Detect(in, opt) {
		s := all[i]
		if !results.Judged(s.Key.Unit) {
			continue // a diagnostic count (lost/op): charted, never a change
		}
		better := results.Better(nil, s.Key.Unit)
		for _, c := range cs {
			out = append(out, Found{
				Key: s.Key, Change: c,
				Before: s.Points[c.Index-1], After: s.Points[c.Index],
				FromEnd:    len(s.Points) - 1 - c.Index,
				Regression: (c.Ratio > 1) == (better < 0),
			})
		}
	}
	slices.SortStableFunc(out, func(a, b Found) int {
		if a.Regression != b.Regression {
			if a.Regression {
				return -1
			}
			return 1
		}
		return a.FromEnd - b.FromEnd
	})
	return out
}
