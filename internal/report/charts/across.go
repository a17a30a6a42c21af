package charts

import (
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/across"
)

// PlotAcross draws one chart per family of r into dir (created if needed): the time
// per operation of each of its benchmarks against the key's value, with
// the intervals, and records them in Charts.
func PlotAcross(r *across.Releases, dir string) error {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	a := r.Across
	for _, fam := range r.Families() {
		c := &chartSpec{
			family: fam,
			title:  fmt.Sprintf("%s: time per operation by %s (median, 95%% interval)", fam, a.Key),
			file:   fileName(fam, "by-"+a.Key, nil, 0),
			xLabel: a.Key,
			yLabel: "ns/op, log scale",
		}
		for _, k := range r.Rows(fam) {
			name, unit, _ := strings.Cut(k, "\x00")
			if unit != "sec/op" {
				continue
			}
			label := strings.TrimPrefix(name, fam+"/")
			for i, v := range a.Values {
				s, _, ok := r.Cell(k, v)
				if !ok {
					continue
				}
				p := chartPoint{x: float64(i), xLabel: v, y: s.Center * 1e9, lo: s.Lo * 1e9, hi: s.Hi * 1e9}
				if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) {
					p.lo, p.hi = math.NaN(), math.NaN()
				}
				c.add(label, p)
			}
		}
		if len(c.series) == 0 {
			continue
		}
		shortLabels(c.series)
		if err := c.draw(dir, []string{".png", ".svg"}); err != nil {
			return fmt.Errorf("chart %s: %w", c.file, err)
		}
		r.Charts = append(r.Charts, report.Chart{Family: fam, Title: c.title, File: c.file, SVG: true})
	}
	return nil
}

// shortLabels drops from the series' labels (slash-separated name parts)
// the parts every label has, such as local=0 or a common -procs suffix.
func shortLabels(ss []*chartSeries) {
	if len(ss) < 2 {
		return
	}
	count := map[string]int{}
	for _, s := range ss {
		for _, p := range strings.Split(s.label, "/") {
			count[p]++
		}
	}
	for _, s := range ss {
		var keep []string
		for _, p := range strings.Split(s.label, "/") {
			if count[p] < len(ss) {
				keep = append(keep, p)
			}
		}
		if len(keep) > 0 {
			s.label = strings.Join(keep, "/")
		}
	}
}
