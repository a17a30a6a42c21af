package charts

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/usl"
)

// build loads and builds the report of the results files at paths.
func reportOf(t *testing.T, paths ...string) *report.Report {
	t.Helper()
	in, err := build.Load(paths, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return build.Report(in, build.Options{})
}

// TestSinglePointSeries: a chart line of one point is drawn as its own
// marker, offset from the other points at its x, and named in the legend.
func TestSinglePointSeries(t *testing.T) {
	ss := []*chartSeries{
		{label: "a", pts: []chartPoint{{x: 1}, {x: 4}, {x: 16}}},
		{label: "b", pts: []chartPoint{{x: 4}}},
		{label: "c", pts: []chartPoint{{x: 4}}},
		{label: "d", pts: []chartPoint{{x: 16}}},
	}
	if got := fmt.Sprint(dodgeRanks(ss)); got != "[0 1 2 1]" {
		t.Errorf("dodge ranks %s, want [0 1 2 1]", got)
	}
	var text strings.Builder
	text.WriteString("ncpu: 8\n")
	for range 6 {
		text.WriteString("BenchmarkS/impl=a/g=1 10 100 ns/op\nBenchmarkS/impl=a/g=4 10 50 ns/op\nBenchmarkS/impl=b/g=4 10 60 ns/op\n")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "s.txt")
	if err := os.WriteFile(path, []byte(text.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	rep := reportOf(t, path)
	if err := Plot(rep, dir, true); err != nil {
		t.Fatal(err)
	}
	if cs := rep.Machines[0].Charts; len(cs) != 1 {
		t.Fatalf("charts %v, want one", cs)
	}
	svg, err := os.ReadFile(filepath.Join(dir, rep.Machines[0].Charts[0].File+".svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "b (one point)") {
		t.Errorf("chart legend does not name the one-point series b")
	}
}

func TestAxes(t *testing.T) {
	pts := func(xys ...float64) []chartPoint {
		var ps []chartPoint
		for i := 0; i < len(xys); i += 2 {
			ps = append(ps, chartPoint{x: xys[i], xLabel: fmt.Sprint(xys[i]), y: xys[i+1]})
		}
		return ps
	}
	for _, tc := range []struct {
		name       string
		series     [][]chartPoint
		logX, logY bool
		ticks      string // value:label of each tick
		xMin, xMax float64
	}{
		{"positive xs: log x, log y", [][]chartPoint{pts(4, 10, 1, 20), pts(16, 5)}, true, true,
			"1:1 4:4 16:16", 1 / 1.15, 16 * math.Pow(16, 0.35) * 1.15},
		{"a zero x: evenly spaced categories", [][]chartPoint{pts(0, 10, 16, 20, 1, 30)}, false, true,
			"0:0 1:1 2:16", -0.3, 2*1.35 + 0.6},
		{"a zero y: a linear y axis", [][]chartPoint{pts(1, 0, 2, 10)}, true, false,
			"1:1 2:2", 1 / 1.15, 2 * math.Pow(2, 0.35) * 1.15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &chartSpec{}
			for i, ps := range tc.series {
				c.series = append(c.series, &chartSeries{label: fmt.Sprint(i), pts: ps})
			}
			ax := c.axes()
			var ticks []string
			for _, tk := range ax.ticks {
				ticks = append(ticks, fmt.Sprintf("%g:%s", tk.Value, tk.Label))
			}
			if ax.logX != tc.logX || ax.logY != tc.logY || strings.Join(ticks, " ") != tc.ticks ||
				math.Abs(ax.xMin-tc.xMin) > 1e-9 || math.Abs(ax.xMax-tc.xMax) > 1e-9 {
				t.Errorf("axes: log x %v, log y %v, ticks %q, x from %g to %g; want %v, %v, %q, %g to %g",
					ax.logX, ax.logY, strings.Join(ticks, " "), ax.xMin, ax.xMax, tc.logX, tc.logY, tc.ticks, tc.xMin, tc.xMax)
			}
			for _, s := range c.series {
				if !slices.IsSortedFunc(s.pts, func(a, b chartPoint) int { return cmp.Compare(a.x, b.x) }) {
					t.Errorf("series %s not sorted by x: %v", s.label, s.pts)
				}
			}
		})
	}
}

func TestPlaceSeries(t *testing.T) {
	line := &chartSeries{label: "line", pts: []chartPoint{{x: 1}, {x: 4}, {x: 16}}}
	one := &chartSeries{label: "one", pts: []chartPoint{{x: 4}}}
	two := &chartSeries{label: "two", pts: []chartPoint{{x: 4}}}
	logStep := 0.03 * math.Log(16)
	for _, tc := range []struct {
		name string
		ax   axes
		want [][]float64
	}{
		{"log axis: single points moved right by a factor", axes{logX: true, xs: []float64{1, 4, 16}},
			[][]float64{{1, 4, 16}, {4 * math.Exp(logStep)}, {4 * math.Exp(2*logStep)}}},
		{"categories: single points moved right by steps", axes{xs: []float64{1, 4, 16}, index: map[float64]float64{1: 0, 4: 1, 16: 2}},
			[][]float64{{0, 1, 2}, {1.08}, {1.16}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.ax.placeSeries([]*chartSeries{line, one, two})
			for i := range tc.want {
				for j := range tc.want[i] {
					if j >= len(got[i]) || math.Abs(got[i][j]-tc.want[i][j]) > 1e-12 {
						t.Fatalf("positions %v, want %v", got, tc.want)
					}
				}
			}
		})
	}
}

func TestFitLines(t *testing.T) {
	m := &usl.Model{Sigma: 0.05, Kappa: 0.0008, PeakN: 34.5}
	c := &chartSpec{
		series: []*chartSeries{{label: "sharded"}, {label: "mutex"}},
		fits:   []fitCurve{{label: "mutex", t1: 100, usl: m}, {label: "gone", t1: 50, usl: m}},
	}
	fl := c.fitLines(axes{logX: true, xs: []float64{1, 2, 64}})
	if len(fl) != 2 {
		t.Fatalf("%d fit lines, want 2", len(fl))
	}
	for _, tc := range []struct {
		name   string
		got    fitLine
		color  int
		legend string
		t1     float64
	}{
		{"in its series' colour", fl[0], 1, "mutex, USL fit (peak N≈34)", 100},
		{"without a series: the first colour", fl[1], 0, "gone, USL fit (peak N≈34)", 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.got
			if l.color != tc.color || l.legend != tc.legend || l.xMin != 1 || l.xMax != 64 {
				t.Errorf("fit line colour %d, legend %q, x %g to %g; want %d, %q, 1 to 64", l.color, l.legend, l.xMin, l.xMax, tc.color, tc.legend)
			}
			if got, want := l.y(8), tc.t1/m.Predict(8); got != want {
				t.Errorf("time at N=8 %g, want t1/X(8) = %g", got, want)
			}
		})
	}
}
