// Package charts draws the charts of a report.Report and of a report along
// a configuration key (across.Releases) with gonum/plot, as PNG and SVG.
package charts

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/usl"
)

// chartSeries is one line of a chart.
type chartSeries struct {
	label string
	pts   []chartPoint
}

type chartPoint struct {
	x         float64
	xLabel    string
	y, lo, hi float64 // in the chart's unit, interval bounds (NaN when infinite)
}

// chartSpec is one chart to draw.
type chartSpec struct {
	family, title, file string
	xLabel, yLabel      string
	series              []*chartSeries
	// ncpu draws a marker at the machine's CPU count on a GOMAXPROCS axis.
	ncpu int
	// fits are USL curves to draw over the series of the same label.
	fits []fitCurve
}

// fitCurve is a USL fit drawn as time per op: t1 / X(N).
type fitCurve struct {
	label string
	t1    float64 // ns/op at N=1
	usl   *usl.Model
}

// Plot writes charts of rep into dir (created if needed) and records them
// in each Machine's Charts: per family and workload, the family's metric (time per operation, or memory per goroutine)
// against its main sweep (goroutines; buffer size for channel families,
// one line per producer:consumer shape). With all, there is one such chart
// per GOMAXPROCS and one against GOMAXPROCS per workload, as SVG and PNG;
// without it, only the charts at the GOMAXPROCS the summary speaks about,
// as PNG, so that a committed report keeps a few files.
func Plot(rep *report.Report, dir string, all bool) error {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	for mi, m := range rep.Machines {
		prefix := ""
		if len(rep.Machines) > 1 {
			prefix = fmt.Sprintf("m%d-", mi+1)
		}
		var specs []*chartSpec
		for _, f := range m.Families {
			if !slices.Contains(f.Units, report.TimeUnit) {
				continue
			}
			if all {
				specs = append(specs, sweepCharts(f, prefix, 0)...)
				specs = append(specs, procsCharts(f, prefix, m.NCPU, m.Scaling)...)
			} else {
				specs = append(specs, sweepCharts(f, prefix, f.TopProcs(m.NCPU))...)
			}
		}
		m.Charts = nil
		for _, s := range specs {
			exts := []string{".png"}
			if all {
				exts = append(exts, ".svg")
			}
			if err := s.draw(dir, exts); err != nil {
				return fmt.Errorf("chart %s: %w", s.file, err)
			}
			m.Charts = append(m.Charts, &report.Chart{Family: s.family, Title: s.title, File: s.file, SVG: all})
		}
	}
	return nil
}

// lineDim is the dimension whose values are a chart's lines: impl, or
// else the first categorical (non-numeric) dimension with several values,
// such as a mode or an operation; "" when there is none.
func lineDim(f *report.Family) string {
	if f.HasImpl() {
		return "impl"
	}
	for _, k := range f.Dims {
		if len(f.Values(k)) < 2 {
			continue
		}
		if _, ok := report.Number(f.Values(k)[0]); !ok {
			return k
		}
	}
	return ""
}

// chartMetric is the unit a family's charts show, with its axis label and
// the factor from the unit to the axis: B/goroutine where the family
// measures it, else time per op in ns.
func chartMetric(f *report.Family) (unit, axis, what string, scale float64) {
	if slices.Contains(f.Units, report.MemoryUnit) {
		return report.MemoryUnit, "memory per goroutine (bytes, log scale)", "memory per goroutine", 1
	}
	return report.TimeUnit, "time per op (ns/op, log scale)", "time per op", 1e9
}

func point(s *report.Stat, x float64, xLabel string, scale float64) chartPoint {
	p := chartPoint{x: x, xLabel: xLabel, y: s.Center * scale, lo: s.Lo * scale, hi: s.Hi * scale}
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) {
		p.lo, p.hi = math.NaN(), math.NaN()
	}
	return p
}

// sweepCharts draws the family's metric against its sweep dimension, one
// chart per workload and GOMAXPROCS (only procs, when it is not 0).
func sweepCharts(f *report.Family, prefix string, procs int) []*chartSpec {
	x := f.SweepAxis()
	if x == "" {
		return nil
	}
	unit, yLabel, what, scale := chartMetric(f)
	lineKeys := []string{}
	ld := lineDim(f)
	if ld != "" {
		lineKeys = append(lineKeys, ld)
	}
	if f.IsChannel() {
		lineKeys = append(lineKeys, "producers", "consumers")
	}
	charts := map[string]*chartSpec{}
	var order []string
	for _, b := range f.Benchmarks {
		s := b.Stat(unit)
		if s == nil || (procs != 0 && b.Procs != procs) {
			continue
		}
		other := report.DimsExcept(b.Dims, append([]string{x}, lineKeys...)...)
		key := fmt.Sprint(other, b.Procs)
		c := charts[key]
		if c == nil {
			wl := report.WorkloadWords(other)
			c = &chartSpec{family: f.Name,
				title:  fmt.Sprintf("%s%s, GOMAXPROCS=%d: %s vs %s%s", f.Name, wl, b.Procs, what, x, shapeNote(f)),
				file:   prefix + fileName(f.Name, "by-"+x, other, b.Procs),
				xLabel: axisName(x) + axisNote(f, x), yLabel: yLabel}
			charts[key] = c
			order = append(order, key)
		}
		label := f.Name
		switch {
		case f.IsChannel() && ld != "":
			label = fmt.Sprintf("%s %s:%s", b.Get(ld), b.Get("producers"), b.Get("consumers"))
		case f.IsChannel():
			label = fmt.Sprintf("%s:%s (producers:consumers)", b.Get("producers"), b.Get("consumers"))
		case ld != "":
			label = lineLabel(ld, b.Get(ld))
		}
		xv, _ := report.Number(b.Get(x))
		c.add(label, point(s, xv, b.Get(x), scale))
	}
	var out []*chartSpec
	for _, k := range order {
		if c := charts[k]; c.maxPoints() >= 2 {
			out = append(out, c)
		}
	}
	return out
}

// procsCharts draws time per op against GOMAXPROCS, one chart per
// workload, one line per implementation.
func procsCharts(f *report.Family, prefix string, ncpu int, scalings []*report.Scaling) []*chartSpec {
	if len(f.Procs) < 2 {
		return nil
	}
	charts := map[string]*chartSpec{}
	var order []string
	for _, b := range f.Benchmarks {
		s := b.Stat(report.TimeUnit)
		if s == nil {
			continue
		}
		ld := lineDim(f)
		other := report.DimsExcept(b.Dims, ld)
		key := fmt.Sprint(other)
		c := charts[key]
		if c == nil {
			c = &chartSpec{family: f.Name,
				title:  fmt.Sprintf("%s%s: time per op vs GOMAXPROCS", f.Name, report.WorkloadWords(other)),
				file:   prefix + fileName(f.Name, "by-gomaxprocs", other, 0),
				xLabel: "GOMAXPROCS (log scale)", yLabel: "time per op (ns/op, log scale)", ncpu: ncpu}
			charts[key] = c
			order = append(order, key)
		}
		label := f.Name
		if ld != "" {
			label = lineLabel(ld, b.Get(ld))
		}
		c.add(label, point(s, float64(b.Procs), strconv.Itoa(b.Procs), 1e9))
		if b.Procs == 1 {
			for _, sc := range scalings {
				if sc.Family == f.Name && sc.USL != nil && fmt.Sprint(sc.Dims) == fmt.Sprint(b.Dims) {
					c.fits = append(c.fits, fitCurve{label: label, t1: sc.Points[0].Center * 1e9, usl: sc.USL})
				}
			}
		}
	}
	var out []*chartSpec
	for _, k := range order {
		if c := charts[k]; c.maxPoints() >= 2 {
			out = append(out, c)
		}
	}
	return out
}

func axisNote(f *report.Family, x string) string {
	for _, v := range f.Values(x) {
		if n, _ := report.Number(v); n <= 0 {
			return ""
		}
	}
	return " (log scale)"
}

// fileName builds a chart's file name from its family, kind, workload and
// GOMAXPROCS (0: none), keeping to characters safe in any file system and URL.
func fileName(family, kind string, dims []report.KV, procs int) string {
	parts := []string{family, kind}
	for _, d := range dims {
		parts = append(parts, d.Key+"-"+d.Value)
	}
	if procs > 0 {
		parts = append(parts, fmt.Sprintf("procs-%d", procs))
	}
	s := strings.Join(parts, "_")
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}

func (c *chartSpec) add(label string, p chartPoint) {
	for _, s := range c.series {
		if s.label == label {
			s.pts = append(s.pts, p)
			return
		}
	}
	c.series = append(c.series, &chartSeries{label: label, pts: []chartPoint{p}})
}

func (c *chartSpec) maxPoints() int {
	n := 0
	for _, s := range c.series {
		n = max(n, len(s.pts))
	}
	return n
}

// errPoints adapts a series, its points at the x positions xs, to
// plotter's XYer and YErrorer.
type errPoints struct {
	pts []chartPoint
	xs  []float64
}

func (e errPoints) Len() int { return len(e.pts) }
func (e errPoints) XY(i int) (float64, float64) {
	return e.xs[i], e.pts[i].y
}
func (e errPoints) YError(i int) (float64, float64) {
	p := e.pts[i]
	if math.IsNaN(p.lo) {
		return 0, 0
	}
	// Keep the lower bar above zero on a log axis.
	lo := math.Min(p.y-p.lo, p.y*0.999)
	return math.Max(lo, 0), math.Max(p.hi-p.y, 0)
}

// draw renders c in dir, once per file extension in exts.
func (c *chartSpec) draw(dir string, exts []string) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	for _, ext := range exts {
		if err := p.Save(7*vg.Inch, 4.5*vg.Inch, filepath.Join(dir, c.file+ext)); err != nil {
			return err
		}
	}
	return nil
}

// plot lays c out: its axes, its series where they go, its USL fits and
// the machine's CPU count.
func (c *chartSpec) plot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = wrap(c.title, 80)
	p.X.Label.Text = c.xLabel
	ax := c.axes()
	ax.apply(p, c.yLabel)
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	xs := ax.placeSeries(c.series)
	for i, s := range c.series {
		if err := addSeries(p, i, s, xs[i], len(c.series) > 1 || len(c.fits) > 0); err != nil {
			return nil, err
		}
	}
	for _, fl := range c.fitLines(ax) {
		fn := plotter.NewFunction(fl.y)
		fn.XMin, fn.XMax, fn.Samples = fl.xMin, fl.xMax, 200
		fn.Color = seriesColor(fl.color)
		fn.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(fn)
		p.Legend.Add(fl.legend, fn)
	}
	if c.ncpu > 0 && len(ax.xs) > 0 && float64(c.ncpu) < ax.xs[len(ax.xs)-1] && float64(c.ncpu) >= ax.xs[0] {
		// Mark where GOMAXPROCS exceeds the CPUs: beyond it, time-slicing.
		_, _, ymin, ymax := dataRange(c.series)
		mark, err := plotter.NewLine(plotter.XYs{{X: float64(c.ncpu), Y: ymin}, {X: float64(c.ncpu), Y: ymax}})
		if err == nil {
			mark.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			mark.Color = color.Gray{Y: 0x60}
			p.Add(mark)
			p.Legend.Add(fmt.Sprintf("%d CPUs: time-sliced beyond", c.ncpu), mark)
		}
	}
	// Breathing room above and below the data.
	if ax.logY {
		p.Y.Min, p.Y.Max = p.Y.Min/1.25, p.Y.Max*1.25
	} else {
		p.Y.Min, p.Y.Max = 0, max(p.Y.Max*1.1, 1)
	}
	p.Legend.ThumbnailWidth = vg.Points(20)
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Title.TextStyle.Font.Size = vg.Points(11)
	return p, nil
}

// axes is how a chart's points map onto its axes.
type axes struct {
	// logY is a log y axis: unless a value is zero (a benchmark that does
	// nothing), then a linear one, so that the zero is drawn rather than a
	// panic.
	logY bool
	// logX is a log x axis, when every x is positive; else the xs are
	// evenly spaced categories labelled with their values (buffer size 0,
	// work 0).
	logX bool
	// xs are the distinct x values, ascending, and ticks their labelled
	// positions.
	xs    []float64
	ticks []plot.Tick
	// xMin and xMax bound the x axis, with room on the right for the
	// legend.
	xMin, xMax float64
	// index is the position of each x on a categorical axis.
	index map[float64]float64
}

// axes computes the axes of c, sorting each series by x.
func (c *chartSpec) axes() axes {
	ax := axes{logY: true, logX: true}
	labels := map[float64]string{}
	for _, s := range c.series {
		sort.Slice(s.pts, func(i, j int) bool { return s.pts[i].x < s.pts[j].x })
		for _, pt := range s.pts {
			if !(pt.y > 0) {
				ax.logY = false
			}
			if _, ok := labels[pt.x]; !ok {
				labels[pt.x] = pt.xLabel
				ax.xs = append(ax.xs, pt.x)
			}
			if pt.x <= 0 {
				ax.logX = false
			}
		}
	}
	sort.Float64s(ax.xs)
	xs := ax.xs
	if len(xs) == 0 {
		return ax
	}
	if ax.logX {
		for _, x := range xs {
			ax.ticks = append(ax.ticks, plot.Tick{Value: x, Label: labels[x]})
		}
		ax.xMin, ax.xMax = xs[0]/1.15, xs[len(xs)-1]*math.Pow(xs[len(xs)-1]/xs[0], 0.35)*1.15
		return ax
	}
	ax.index = map[float64]float64{}
	for i, x := range xs {
		ax.index[x] = float64(i)
		ax.ticks = append(ax.ticks, plot.Tick{Value: float64(i), Label: labels[x]})
	}
	ax.xMin, ax.xMax = -0.3, float64(len(xs)-1)*1.35+0.6
	return ax
}

// apply sets the axes of p; yLabel loses its ", log scale" on a linear y
// axis.
func (ax axes) apply(p *plot.Plot, yLabel string) {
	p.Y.Label.Text = yLabel
	if ax.logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = ticks125{}
	} else {
		p.Y.Label.Text = strings.Replace(yLabel, ", log scale", "", 1)
	}
	if ax.logX {
		p.X.Scale = plot.LogScale{}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ax.ticks)
	p.X.Min, p.X.Max = ax.xMin, ax.xMax
}

// pos is the position of x on the x axis.
func (ax axes) pos(x float64) float64 {
	if ax.logX {
		return x
	}
	return ax.index[x]
}

// placeSeries gives the x position of every point of each series. A series
// of one point has no line to show it: it is drawn as a larger marker,
// moved a little to the right of its x (dodgeRanks) so that it does not
// hide under (or hide) the other series' points there.
func (ax axes) placeSeries(ss []*chartSeries) [][]float64 {
	ranks := dodgeRanks(ss)
	step := 0.08 // categories
	if ax.logX && len(ax.xs) > 0 {
		step = 0.03 * math.Log(math.Max(ax.xs[len(ax.xs)-1]/ax.xs[0], 4)) // in log space
	}
	out := make([][]float64, len(ss))
	for i, s := range ss {
		shift := step * float64(ranks[i])
		for _, pt := range s.pts {
			x := ax.pos(pt.x)
			switch {
			case ranks[i] == 0:
			case ax.logX:
				x *= math.Exp(shift)
			default:
				x += shift
			}
			out[i] = append(out[i], x)
		}
	}
	return out
}

// addSeries draws the i-th series s of a chart at the x positions xs: a
// line with markers and error bars, or a larger marker alone for a series
// of one point. legend says whether a line is named in the legend (a
// point always is).
func addSeries(p *plot.Plot, i int, s *chartSeries, xs []float64, legend bool) error {
	ep := errPoints{pts: s.pts, xs: xs}
	line, pts, err := plotter.NewLinePoints(ep)
	if err != nil {
		return err
	}
	col := seriesColor(i)
	line.Color = col
	line.Dashes = plotutil.Dashes(i / len(palette))
	line.Width = vg.Points(1.5)
	pts.Color = col
	pts.Shape = plotutil.Shape(i)
	bars, err := plotter.NewYErrorBars(ep)
	if err != nil {
		return err
	}
	bars.Color = col
	bars.CapWidth = vg.Points(6)
	if len(s.pts) == 1 {
		pts.Radius = vg.Points(5)
		pts.Shape = draw.CircleGlyph{} // filled: unlike any line's marker
		if i%2 == 1 {
			pts.Shape = draw.PyramidGlyph{}
		}
		p.Add(pts, bars)
		p.Legend.Add(s.label+" (one point)", pts)
		return nil
	}
	p.Add(line, pts, bars)
	if legend {
		p.Legend.Add(s.label, line, pts)
	}
	return nil
}

// fitLine is a USL fit as drawn: time per op y(N) from xMin to xMax, in
// the colour of series color.
type fitLine struct {
	y          func(n float64) float64
	xMin, xMax float64
	color      int
	legend     string
}

// fitLines are the USL curves of c over the x range of ax, each in the
// colour of the series of its label (the first series' when none has it).
func (c *chartSpec) fitLines(ax axes) []fitLine {
	if len(ax.xs) == 0 {
		return nil
	}
	var out []fitLine
	for _, fit := range c.fits {
		col := 0
		for i, s := range c.series {
			if s.label == fit.label {
				col = i
			}
		}
		out = append(out, fitLine{
			y:    func(n float64) float64 { return fit.t1 / fit.usl.Predict(n) },
			xMin: ax.xs[0], xMax: ax.xs[len(ax.xs)-1], color: col,
			legend: fmt.Sprintf("%s, USL fit (peak N≈%.0f)", fit.label, fit.usl.PeakN),
		})
	}
	return out
}

// dodgeRanks gives each series its horizontal offset in steps: 0 for a
// series of several points (a line), and 1, 2, … for the series of one
// point, counted separately at each x, so that no two single points at
// one x are drawn on top of each other or of a line's point.
func dodgeRanks(ss []*chartSeries) []int {
	ranks := make([]int, len(ss))
	atX := map[float64]int{}
	for i, s := range ss {
		if len(s.pts) == 1 {
			atX[s.pts[0].x]++
			ranks[i] = atX[s.pts[0].x]
		}
	}
	return ranks
}

func dataRange(ss []*chartSeries) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range ss {
		for _, p := range s.pts {
			xmin, xmax = min(xmin, p.x), max(xmax, p.x)
			lo, hi := p.y, p.y
			if !math.IsNaN(p.lo) {
				lo, hi = max(p.lo, p.y*0.5), p.hi
			}
			ymin, ymax = min(ymin, lo), max(ymax, hi)
		}
	}
	return
}

// ticks125 marks a log axis at 1, 2 and 5 times each power of ten, with
// unlabelled minor ticks between, so that narrow ranges still get labels.
type ticks125 struct{}

// Ticks implements plot.Ticker.
func (ticks125) Ticks(lo, hi float64) []plot.Tick {
	if lo <= 0 || hi <= lo {
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	}
	if hi/lo < 4 {
		// A narrow range: evenly spaced ticks read better than one label.
		ts := plot.DefaultTicks{}.Ticks(lo, hi)
		for i := range ts {
			if ts[i].Label != "" {
				ts[i].Label = tickLabel(ts[i].Value)
			}
		}
		return ts
	}
	var ts []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := float64(m) * base
			if v < lo || v > hi {
				continue
			}
			label := ""
			if m == 1 || m == 2 || m == 5 {
				label = tickLabel(v)
			}
			ts = append(ts, plot.Tick{Value: v, Label: label})
		}
	}
	if labelled := func() int {
		n := 0
		for _, t := range ts {
			if t.Label != "" {
				n++
			}
		}
		return n
	}(); labelled < 2 {
		// A very narrow range: label every tick.
		for i := range ts {
			ts[i].Label = tickLabel(ts[i].Value)
		}
	}
	return ts
}

// lineLabel names a chart line: the implementation, or key=value for
// another dimension.
func lineLabel(key, value string) string {
	if key == "impl" {
		return value
	}
	return key + "=" + value
}

// shapeNote explains the line labels of channel charts.
func shapeNote(f *report.Family) string {
	if f.IsChannel() {
		return " (lines: producers:consumers)"
	}
	return ""
}

// axisNames describe the suite's dimensions on chart axes.
var axisNames = map[string]string{
	"goroutines": "goroutines",
	"buf":        "channel buffer size, elements (buf)",
	"workers":    "worker goroutines (workers)",
	"n":          "goroutines alive at once (n)",
	"reads":      "reads, % of operations (reads)",
	"batch":      "goroutines started per batch (batch)",
	"cases":      "select cases (cases)",
	"producers":  "producer goroutines (producers)",
	"consumers":  "consumer goroutines (consumers)",
	"work":       "work per operation, spin iterations (work)",
	"local":      "work outside any lock per operation, spin iterations (local)",
	"held":       "work inside the critical section per operation, spin iterations (held)",
}

// axisName is the axis label of dimension key.
func axisName(key string) string {
	if n, ok := axisNames[key]; ok {
		return n
	}
	return key
}

// palette is Tableau's ten colours: distinct for every line of the suite's
// charts (at most eight), and told apart by most colour-blind readers with
// the help of the markers, which cycle with another period.
var palette = []color.RGBA{
	{0x4e, 0x79, 0xa7, 0xff}, {0xf2, 0x8e, 0x2b, 0xff}, {0xe1, 0x57, 0x59, 0xff},
	{0x76, 0xb7, 0xb2, 0xff}, {0x59, 0xa1, 0x4f, 0xff}, {0xed, 0xc9, 0x48, 0xff},
	{0xb0, 0x7a, 0xa1, 0xff}, {0xff, 0x9d, 0xa7, 0xff}, {0x9c, 0x75, 0x5f, 0xff},
	{0x2f, 0x2f, 0x2f, 0xff},
}

// seriesColor is the colour of the i-th line of a chart.
func seriesColor(i int) color.Color { return palette[i%len(palette)] }

// wrap breaks s into lines of at most width characters at spaces, so that
// a long chart title is not clipped.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// tickLabel writes an axis value as people read it: 3000, not 3e+03.
func tickLabel(v float64) string {
	if v >= 1 && v < 1e7 && v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
