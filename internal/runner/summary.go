package runner

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/results"
)

// Summarize prints a short account of a run to w: what was measured, in
// how long and where the file is, then for every unit a table, as
// benchstat would print it with -col /gomaxprocs, of each benchmark's
// median and the 95% confidence interval around it, one column per -cpu
// value. The full analysis is `syncbench report`'s job.
func Summarize(w io.Writer, rep *Report, o Options) error {
	short := ""
	if o.Short {
		short = " -short"
	}
	fmt.Fprintf(w, "syncbench run: %d results of %d benchmarks in %s (profile %s: -count %d -benchtime %s -cpu %s%s)\n",
		rep.Results, rep.Benchmarks, roundDuration(rep.Elapsed), o.Profile, o.Count, o.Benchtime,
		FormatCPUList(o.CPU), short)
	fmt.Fprintf(w, "results: %s\n", rep.File)
	if len(rep.Times) > 1 {
		var b strings.Builder
		for i, t := range rep.Times {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %s", strings.TrimPrefix(t.Name, "Benchmark"), roundDuration(t.Elapsed))
		}
		fmt.Fprintf(w, "time per benchmark: %s\n", b.String())
	}
	f, err := results.ReadFile(rep.File)
	if err != nil {
		return err
	}
	few := false
	for _, t := range tables(f.Results) {
		fmt.Fprintln(w)
		few = t.print(w) || few
	}
	if few {
		fmt.Fprintln(w, "\n± ∞: fewer than 6 samples, no confidence interval (use -count 6, or the standard profile)")
	}
	for _, warn := range f.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	// Again at the end, where the tables have scrolled to.
	fmt.Fprintf(w, "\nresults: %s\n", rep.File)
	return nil
}

// table is the summary of one unit: rows are benchmarks without their
// GOMAXPROCS, columns GOMAXPROCS values.
type table struct {
	unit  string
	rows  []string
	procs []int
	cells map[string]map[int][]float64
}

// tables groups results by unit, benchmark and GOMAXPROCS, in file order.
func tables(rs []*benchfmt.Result) []*table {
	var ts []*table
	byUnit := map[string]*table{}
	for _, r := range rs {
		name, procs := splitProcs(r.Name)
		for _, v := range r.Values {
			t := byUnit[v.Unit]
			if t == nil {
				t = &table{unit: v.Unit, cells: map[string]map[int][]float64{}}
				byUnit[v.Unit] = t
				ts = append(ts, t)
			}
			row := t.cells[name]
			if row == nil {
				row = map[int][]float64{}
				t.cells[name] = row
				t.rows = append(t.rows, name)
			}
			if _, ok := row[procs]; !ok && !containsInt(t.procs, procs) {
				t.procs = append(t.procs, procs)
			}
			row[procs] = append(row[procs], v.Value)
		}
	}
	for _, t := range ts {
		sort.Ints(t.procs)
	}
	return ts
}

// splitProcs splits a benchmark name into the name without the
// GOMAXPROCS suffix and the GOMAXPROCS (1 when there is no suffix, as go
// test omits it then).
func splitProcs(n benchfmt.Name) (string, int) {
	base, parts := n.Parts()
	if len(parts) > 0 {
		last := parts[len(parts)-1]
		if len(last) > 1 && last[0] == '-' {
			if p, err := strconv.Atoi(string(last[1:])); err == nil {
				var b strings.Builder
				b.Write(base)
				for _, part := range parts[:len(parts)-1] {
					b.Write(part)
				}
				return b.String(), p
			}
		}
	}
	return string(n), 1
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// print writes the table and reports whether some cell had fewer than 6
// samples.
func (t *table) print(w io.Writer) (few bool) {
	cls := benchunit.ClassOf(t.unit)
	head := make([]string, len(t.procs))
	for j, p := range t.procs {
		head[j] = "procs=" + strconv.Itoa(p)
	}
	type cell struct{ center, pct string }
	cells := make([][]cell, len(t.rows))
	nameW := width(t.unit)
	centerW := make([]int, len(t.procs))
	pctW := make([]int, len(t.procs))
	for i, name := range t.rows {
		nameW = max(nameW, width(name))
		cells[i] = make([]cell, len(t.procs))
		for j, p := range t.procs {
			vals, ok := t.cells[name][p]
			if !ok {
				continue
			}
			if len(vals) < 6 {
				few = true
			}
			s := benchmath.AssumeNothing.Summary(benchmath.NewSample(vals, &benchmath.DefaultThresholds), 0.95)
			c := cell{benchunit.Scale(s.Center, cls), s.PctRangeString()}
			cells[i][j] = c
			centerW[j] = max(centerW[j], width(c.center))
			pctW[j] = max(pctW[j], width(c.pct))
		}
	}
	var b strings.Builder
	b.WriteString(padRight(t.unit, nameW))
	colW := make([]int, len(t.procs))
	for j := range t.procs {
		colW[j] = max(centerW[j]+3+pctW[j], width(head[j]))
		b.WriteString("  " + padLeft(head[j], colW[j]))
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	for i, name := range t.rows {
		b.Reset()
		b.WriteString(padRight(name, nameW))
		for j := range t.procs {
			c := cells[i][j]
			s := ""
			if c.center != "" {
				s = padLeft(c.center, centerW[j]) + " ± " + padLeft(c.pct, pctW[j])
			}
			b.WriteString("  " + padLeft(s, colW[j]))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	return few
}

// width is the number of columns s takes.
func width(s string) int { return len([]rune(s)) }

// padRight pads s with spaces on the right to n columns.
func padRight(s string, n int) string {
	if d := n - width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// padLeft pads s with spaces on the left to n columns.
func padLeft(s string, n int) string {
	if d := n - width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// roundDuration rounds d for display: to 10ms under 10s, else to 1s.
func roundDuration(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Second)
}
