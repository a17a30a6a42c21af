// Package render writes a report.Report as text, markdown, CSV or JSON,
// with the one-screen summary of findings (Summarize) the text and
// markdown forms open with.
package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/jsonstream"
	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/render/quantity"
	"github.com/syncbench/syncbench/internal/usl"
)

// Formats are the output formats of Render.
var Formats = []string{"text", "markdown", "csv", "json"}

// Options configure Render.
type Options struct {
	// Format is one of Formats.
	Format string
	// PlotsLink is the charts directory as the markdown should link it
	// (relative to the report file); "" links no charts.
	PlotsLink string
	// MaxWarnings bounds the warnings listed in text and markdown (0: 50).
	MaxWarnings int
}

// Render writes rep to w in the chosen format.
func Render(w io.Writer, rep *report.Report, opts Options) error {
	switch opts.Format {
	case "text", "":
		d := &textDoc{w: w}
		renderDoc(d, rep, opts)
		return d.err()
	case "markdown", "md":
		d := &mdDoc{textDoc{w: w}}
		renderDoc(d, rep, opts)
		return d.err()
	case "csv":
		return renderCSV(w, rep)
	case "json":
		// As json.Encoder with two-space indentation, a row at a time.
		return jsonstream.Encode(w, rep)
	}
	return fmt.Errorf("unknown format %q (want %s)", opts.Format, strings.Join(Formats, ", "))
}

// renderDoc writes the text or markdown report.
func renderDoc(d docWriter, rep *report.Report, opts Options) {
	d.heading(1, "syncbench report")
	d.para(fmt.Sprintf("From %s. Cells are medians with their %.0f%% confidence interval (as benchstat computes them); a winner is significant by the Mann–Whitney U test at a false discovery rate of %g, controlled over families and then workloads as syncbench compare does, and wins only by at least %s.",
		strings.Join(rep.Files, ", "), rep.Confidence*100, rep.Alpha, compare.FormatPercent(rep.Threshold)))
	for i, m := range rep.Machines {
		if len(rep.Machines) > 1 {
			d.heading(2, fmt.Sprintf("Machine %d of %d: %s", i+1, len(rep.Machines), m.Name()))
		}
		renderMachine(d, m, opts, len(rep.Machines) > 1)
	}
	if len(rep.Warnings) > 0 {
		d.heading(2, "Input warnings")
		limit := opts.MaxWarnings
		if limit == 0 {
			limit = 50
		}
		ws := rep.Warnings
		if len(ws) > limit {
			ws = append(ws[:limit:limit], fmt.Sprintf("… and %d more", len(rep.Warnings)-limit))
		}
		d.bullets(ws)
	}
}

// renderMachine writes one machine's part of the report, answers first:
// the summary, the key charts and the goroutine claims, then the winners
// and scaling, and last the full tables of every family.
func renderMachine(d docWriter, m *report.Machine, opts Options, several bool) {
	h := 2
	if several {
		h = 3
	}
	d.heading(h, "Summary")
	d.bullets(m.Summary)

	// Key charts (report -charts key) go up front; with every chart
	// drawn, each family's charts stay with its tables.
	keyCharts := opts.PlotsLink != "" && len(m.Charts) > 0 && !m.Charts[0].SVG
	if keyCharts {
		d.heading(h, "Charts")
		for _, c := range m.Charts {
			d.image(c.Title, path.Join(opts.PlotsLink, c.File+".png"), "")
		}
	}
	if c := m.Claims; c != nil {
		d.heading(h, "Goroutine claims")
		renderClaims(d, c)
	}
	if !several {
		var fams []string
		for _, f := range m.Families {
			fams = append(fams, f.Name)
		}
		d.index([]string{"Winners", "Scaling", "Machine", "Results"}, fams)
	}

	if len(m.Winners) > 0 {
		d.heading(h, "Winners")
		d.para("For each workload (every dimension but impl, and GOMAXPROCS): the fastest implementation, and whether it beats the runner-up: a win (significant after the correction, and beyond the threshold: the best one's samples moved by the threshold still beat the runner-up's), not beyond the threshold, not significant, or too few samples to test.")
		for _, f := range m.Families {
			if t := winnersTable(f, m.Winners); t != nil {
				d.table(t)
			}
			if len(f.Baselines) > 0 {
				d.para(fmt.Sprintf("%s: %s report %s (they lose updates): baselines, shown in the tables but not ranked.",
					f.Name, strings.Join(f.Baselines, ", "), report.LostUnit))
			}
		}
	}

	d.heading(h, "Scaling")
	if len(m.Scaling) > 0 {
		d.para("Speedup is time per operation at GOMAXPROCS=1 over time per operation at GOMAXPROCS=N (throughput gained); efficiency is speedup / N.")
	}
	d.para(m.ScalingNote)
	for _, f := range m.Families {
		if t := scalingTable(f, m); t != nil {
			d.table(t)
		}
	}
	if t := uslTable(m); t != nil {
		d.table(t)
	}

	var cfg []string
	for _, kv := range m.Config {
		line := kv.Key + ": " + kv.Value
		for _, cv := range m.Varying {
			if cv.Key == kv.Key {
				var vals []string
				for i, v := range cv.Values {
					vals = append(vals, v+" ("+cv.Files[i]+")")
				}
				how := "pooled"
				switch {
				case kv.Key == report.PkgKey && !cv.Pooled:
					how = "each package's benchmarks reported apart"
				case !cv.Pooled:
					how = "reported apart (-ignore " + kv.Key + " pools them)"
				}
				line = fmt.Sprintf("%s: %d values, %s: %s", kv.Key, len(cv.Values), how, strings.Join(vals, "; "))
			}
		}
		cfg = append(cfg, line)
	}
	if len(cfg) > 0 {
		d.heading(h, "Machine")
		d.bullets(cfg)
	}

	d.heading(h, "Results")
	for _, f := range m.Families {
		d.heading(h+1, f.Name)
		for _, u := range f.Units {
			d.table(familyTable(f, u))
		}
		if opts.PlotsLink != "" && !keyCharts {
			for _, c := range m.Charts {
				if c.Family == f.Name {
					d.image(c.Title, path.Join(opts.PlotsLink, c.File+".png"), path.Join(opts.PlotsLink, c.File+".svg"))
				}
			}
		}
	}
}

// unitTitle names a unit of f for a caption.
func unitTitle(f *report.Family, unit string) string {
	if unit == report.TimeUnit {
		return "time per operation"
	}
	return f.UnitName(unit)
}

// cell renders a Stat as "13.6ns ± 4%", with a footnote when the interval
// cannot be trusted or computed.
func cell(t *table, s *report.Stat) string {
	if s == nil {
		return ""
	}
	c := quantity.Value(s.Center, s.Unit) + " ± " + s.CI
	for _, w := range s.Warnings {
		c += " " + t.note(w)
	}
	return c
}

// familyTable lays out one family in one unit: a column per
// implementation (or per GOMAXPROCS when there is no impl), a row per
// setting of the other dimensions.
func familyTable(f *report.Family, unit string) *table {
	colKey := ""
	switch {
	case f.HasImpl():
		colKey = "impl"
	case len(f.Procs) > 1:
		colKey = "GOMAXPROCS"
	}
	var cols []string
	switch colKey {
	case "impl":
		cols = append([]string{}, f.Values("impl")...)
		for _, b := range f.Benchmarks {
			if b.Get("impl") == "" {
				cols = append(cols, "") // names without an impl= part
				break
			}
		}
	case "GOMAXPROCS":
		for _, p := range f.Procs {
			cols = append(cols, strconv.Itoa(p))
		}
	default:
		cols = []string{f.UnitName(unit)}
	}
	var rowKeys []string
	for _, k := range f.Dims {
		if k != colKey {
			rowKeys = append(rowKeys, k)
		}
	}
	if colKey != "GOMAXPROCS" {
		rowKeys = append(rowKeys, "GOMAXPROCS")
	}
	t := &table{caption: fmt.Sprintf("%s — %s (median ± 95%% CI)", f.Name, unitTitle(f, unit))}
	t.header = append([]string{}, rowKeys...)
	for _, c := range cols {
		switch {
		case colKey == "GOMAXPROCS":
			c = "GOMAXPROCS=" + c
		case colKey == "impl" && c == "":
			c = "(no impl)"
		}
		t.header = append(t.header, c)
	}
	for i := range t.header {
		t.right = append(t.right, i >= len(rowKeys))
	}
	rowIndex := map[string]int{}
	for _, b := range f.Benchmarks {
		s := b.Stat(unit)
		if s == nil {
			continue
		}
		var rk []string
		for _, k := range rowKeys {
			if k == "GOMAXPROCS" {
				rk = append(rk, strconv.Itoa(b.Procs))
			} else {
				rk = append(rk, b.Get(k))
			}
		}
		key := strings.Join(rk, "\x00")
		ri, ok := rowIndex[key]
		if !ok {
			ri = len(t.rows)
			rowIndex[key] = ri
			t.rows = append(t.rows, append(rk, make([]string, len(cols))...))
		}
		ci := 0
		switch colKey {
		case "impl":
			ci = slices.Index(cols, b.Get("impl"))
		case "GOMAXPROCS":
			ci = slices.Index(cols, strconv.Itoa(b.Procs))
		}
		t.rows[ri][len(rowKeys)+ci] = cell(t, s)
	}
	dropEmptyColumns(t, len(rowKeys))
	return t
}

// dropEmptyColumns removes value columns (from index first on) that no
// row fills, such as the implementations that do not report a metric.
func dropEmptyColumns(t *table, first int) {
	keep := make([]bool, len(t.header))
	for i := range keep {
		keep[i] = i < first
		for _, r := range t.rows {
			if i < len(r) && r[i] != "" {
				keep[i] = true
			}
		}
	}
	filter := func(r []string) []string {
		var out []string
		for i, c := range r {
			if i < len(keep) && keep[i] {
				out = append(out, c)
			}
		}
		return out
	}
	var right []bool
	for i, k := range keep {
		if k && i < len(t.right) {
			right = append(right, t.right[i])
		}
	}
	t.header, t.right = filter(t.header), right
	for i, r := range t.rows {
		t.rows[i] = filter(r)
	}
}

// fmtPAdj formats an adjusted p-value, "—" when there was no test.
func fmtPAdj(p float64) string {
	if p < 0 {
		return "—"
	}
	return fmt.Sprintf("%.3f", p)
}

// winnersTable lists a family's winners.
func winnersTable(f *report.Family, ws []*report.Winner) *table {
	t := &table{caption: f.Name + " — winners by " + unitTitle(f, f.PrimaryUnit())}
	var keys []string
	for _, k := range f.Dims {
		if k != "impl" {
			keys = append(keys, k)
		}
	}
	t.header = append(append([]string{}, keys...), "GOMAXPROCS", "best", "runner-up", "ratio", "p", "p adj", "verdict")
	for i := range t.header {
		t.right = append(t.right, i >= len(keys)+3 && i <= len(keys)+5)
	}
	for _, w := range ws {
		if w.Family != f.Name {
			continue
		}
		var r []string
		for _, k := range keys {
			r = append(r, report.Lookup(w.Workload, k))
		}
		verdict := w.Status.String()
		switch w.Status {
		case report.NoTest:
			verdict = samplesEach(w.N) + ": no test"
			if w.Note != "" {
				verdict += " " + t.note(w.Note)
			}
		case report.BelowThreshold:
			verdict += " " + compare.FormatPercent(w.Threshold)
		}
		best, next := w.Ranking[0], w.Ranking[1]
		r = append(r, strconv.Itoa(w.Procs),
			fmt.Sprintf("%s %s", best.Impl, quantity.Value(best.Center, w.Unit)),
			fmt.Sprintf("%s %s", next.Impl, quantity.Value(next.Center, w.Unit)),
			quantity.Times(w.Ratio), fmt.Sprintf("%.3f", w.P), fmtPAdj(w.PAdj), verdict)
		t.rows = append(t.rows, r)
	}
	if len(t.rows) == 0 {
		return nil
	}
	return t
}

// scalingTable shows a family's speedup and efficiency per GOMAXPROCS.
func scalingTable(f *report.Family, m *report.Machine) *table {
	var ss []*report.Scaling
	for _, s := range m.Scaling {
		if s.Family == f.Name {
			ss = append(ss, s)
		}
	}
	if len(ss) == 0 {
		return nil
	}
	t := &table{caption: f.Name + " — speedup (efficiency) against GOMAXPROCS=1"}
	t.header = append(t.header, f.Dims...)
	t.header = append(t.header, "time at 1")
	for _, p := range f.Procs[1:] {
		t.header = append(t.header, fmt.Sprintf("GOMAXPROCS=%d", p))
	}
	for i := range t.header {
		t.right = append(t.right, i >= len(f.Dims))
	}
	for _, s := range ss {
		var r []string
		for _, k := range f.Dims {
			r = append(r, report.Lookup(s.Dims, k))
		}
		r = append(r, quantity.Value(s.Points[0].Center, s.Unit))
		for _, p := range f.Procs[1:] {
			c := ""
			for _, pt := range s.Points {
				if pt.Procs == p {
					c = fmt.Sprintf("%s× (%.0f%%)", quantity.Ratio(pt.Speedup), pt.Efficiency*100)
					if pt.TimeSliced {
						c += " " + t.note(fmt.Sprintf("time-sliced: GOMAXPROCS above the machine's %d CPUs", m.NCPU))
					}
				}
			}
			r = append(r, c)
		}
		t.rows = append(t.rows, r)
	}
	return t
}

// uslTable lists the USL fits.
func uslTable(m *report.Machine) *table {
	t := &table{caption: "Universal Scalability Law fits: X(N) = λN / (1 + σ(N−1) + κN(N−1))",
		header: []string{"benchmark", "points", "σ (contention)", "κ (coherency)", "λ", "peak N*", "peak speedup", "R²"},
		right:  []bool{false, true, true, true, true, true, true, true}}
	for _, s := range m.Scaling {
		u := s.USL
		if u == nil {
			continue
		}
		name := s.Family
		for _, d := range s.Dims {
			name += "/" + d.Key + "=" + d.Value
		}
		peak, peakX := "none (κ=0)", "—"
		if u.Kappa > 0 {
			peak = "none"
		}
		if u.PeakN > 0 {
			peak, peakX = fmt.Sprintf("%.1f", u.PeakN), fmt.Sprintf("%.2f×", u.PeakX)
			if m.NCPU > 0 && u.PeakN > float64(m.NCPU) {
				peak += " " + t.note(fmt.Sprintf("extrapolated: beyond the machine's %d CPUs", m.NCPU))
			}
		}
		switch u.Quality() {
		case usl.Poor:
			peakX += " " + t.note(fmt.Sprintf("R² below %.1f: the fit is poor, its peak means nothing", usl.MinR2))
		case usl.Outside:
			peakX += " " + t.note("outside the model: "+u.Outside)
		case usl.Flat:
			peakX += " " + t.note("does not scale: a peak below N=1 or of at most 1.1×, or contention σ ≥ 0.9")
		}
		t.rows = append(t.rows, []string{name, strconv.Itoa(u.Points), fmt.Sprintf("%.4f", u.Sigma),
			fmt.Sprintf("%.5f", u.Kappa), fmt.Sprintf("%.3f", u.Lambda), peak, peakX, fmt.Sprintf("%.3f", u.R2)})
	}
	if len(t.rows) == 0 {
		return nil
	}
	return t
}

func renderClaims(d docWriter, c *report.Claims) {
	if len(c.Memory) > 0 {
		d.para("Quoted: " + c.QuotedMemory + ".")
		t := &table{caption: "Memory per goroutine (" + report.MemoryUnit + ")",
			header: []string{"benchmark", "goroutines", "bytes/goroutine", "× the quoted 2 KiB", "a million take"},
			right:  []bool{false, true, true, true, true}}
		for _, m := range c.Memory {
			s := &report.Stat{Unit: report.MemoryUnit, Center: m.Bytes, CI: m.CI}
			t.rows = append(t.rows, []string{m.Name, m.Size, cell(t, s), fmt.Sprintf("%.2f×", m.VsQuoted),
				fmt.Sprintf("%.2f GiB", m.MillionGiB)})
		}
		d.table(t)
		if c.MarginalBytes > 0 {
			d.para(fmt.Sprintf("Regression of total bytes on goroutine count: each further goroutine costs %s.", quantity.Bytes(c.MarginalBytes)))
		}
	}
	if len(c.Spawn) > 0 {
		d.para("Quoted: " + c.QuotedSpawn + ".")
		t := &table{caption: "Cost to start and finish a goroutine",
			header: []string{"benchmark", "time per goroutine", "goroutines per second"},
			right:  []bool{false, true, true}}
		for _, s := range c.Spawn {
			st := &report.Stat{Unit: report.TimeUnit, Center: s.NsOp / 1e9, CI: s.CI}
			t.rows = append(t.rows, []string{s.Name, cell(t, st), quantity.Rate(s.PerSecond)})
		}
		d.table(t)
	}
}

// renderCSV writes one row per (benchmark, unit): the numbers behind every
// table cell, centers in benchfmt's tidied units as benchstat -format csv
// writes them.
func renderCSV(w io.Writer, rep *report.Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"machine", "family", "benchmark", "dims", "gomaxprocs", "unit", "n", "center", "lo", "hi", "ci", "min", "p10", "p90", "max", "warnings"})
	for _, m := range rep.Machines {
		mname := m.Name()
		for _, f := range m.Families {
			for _, b := range append(f.Benchmarks[:len(f.Benchmarks):len(f.Benchmarks)], f.Shadowed...) {
				var dims []string
				for _, d := range b.Dims {
					dims = append(dims, d.Key+"="+d.Value)
				}
				for _, s := range b.Stats {
					lowest, p10, p90, highest := s.Spread()
					cw.Write([]string{mname, f.Name, b.Name, strings.Join(dims, "/"), strconv.Itoa(b.Procs), s.Unit,
						strconv.Itoa(s.N), fmt.Sprint(s.Center), fmt.Sprint(s.Lo), fmt.Sprint(s.Hi), s.CI,
						fmt.Sprint(lowest), fmt.Sprint(p10), fmt.Sprint(p90), fmt.Sprint(highest), strings.Join(s.Warnings, "; ")})
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
