package runner

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/results"
)

// Summarize prints a short account of a run to w: what was measured, in
// how long, where the file is, and for every unit a benchstat-style table
// of each benchmark's median with its 95% confidence interval.
func Summarize(w io.Writer, rep *Report, o Options) error {
	fmt.Fprintf(w, "syncbench run: %d results of %d benchmarks in %s (profile %s: -count %d -benchtime %s -cpu %s%s)\n",
		rep.Results, rep.Benchmarks, rep.Elapsed.Round(100_000_000), o.Profile, o.Count, o.Benchtime,
		FormatCPUList(o.CPU), map[bool]string{true: " -short"}[o.Short])
	fmt.Fprintf(w, "results: %s\n", rep.File)
	f, err := results.ReadFile(rep.File)
	if err != nil {
		return err
	}
	// Samples by unit, then by benchmark, in file order.
	type row struct {
		name   string
		values []float64
	}
	var units []string
	rows := map[string][]*row{}
	index := map[[2]string]*row{}
	for _, r := range f.Results {
		name := string(r.Name)
		for _, v := range r.Values {
			k := [2]string{v.Unit, name}
			rw := index[k]
			if rw == nil {
				if _, ok := rows[v.Unit]; !ok {
					units = append(units, v.Unit)
				}
				rw = &row{name: name}
				index[k] = rw
				rows[v.Unit] = append(rows[v.Unit], rw)
			}
			rw.values = append(rw.values, v.Value)
		}
	}
	few := false
	for _, unit := range units {
		sums := make([]benchmath.Summary, len(rows[unit]))
		for i, rw := range rows[unit] {
			s := benchmath.NewSample(rw.values, &benchmath.DefaultThresholds)
			sums[i] = benchmath.AssumeNothing.Summary(s, 0.95)
			if len(rw.values) < 6 {
				few = true
			}
		}
		cls := benchunit.ClassOf(unit)
		names := make([]string, len(sums))
		centers, pcts := make([]string, len(sums)), make([]string, len(sums))
		nameW, centerW, pctW := 0, 0, 0
		for i, rw := range rows[unit] {
			names[i] = rw.name
			centers[i] = benchunit.Scale(sums[i].Center, cls)
			pcts[i] = sums[i].PctRangeString()
			nameW = max(nameW, width(names[i]))
			centerW = max(centerW, width(centers[i]))
			pctW = max(pctW, width(pcts[i]))
		}
		fmt.Fprintf(w, "\n%s  %s\n", padRight("", nameW), padLeft(unit, centerW+3+pctW))
		for i := range names {
			fmt.Fprintf(w, "%s  %s ± %s\n", padRight(names[i], nameW), padLeft(centers[i], centerW), padLeft(pcts[i], pctW))
		}
	}
	if few {
		fmt.Fprintln(w, "\n± ∞: fewer than 6 samples, no confidence interval (use -count 6 or the standard profile)")
	}
	for _, warn := range f.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}

// width is the number of columns s takes.
func width(s string) int { return len([]rune(s)) }

// padRight pads s with spaces to n columns.
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
