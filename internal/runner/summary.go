package runner

import (
	"github.com/syncbench/syncbench/internal/runner/progress"

	"fmt"
	"io"
	"strings"
)

// Summarize prints a short account of a run to w: what was measured, in
// how long, at what load, and how long each top-level benchmark took (in
// a cross-release run, in all its rounds together).
func Summarize(w io.Writer, rep *Report, o Options) {
	short := ""
	if o.Short {
		short = " -short"
	}
	fmt.Fprintf(w, "syncbench run: %d results of %d benchmarks in %s (profile %s: -count %d -benchtime %s -cpu %s%s)\n",
		rep.Results, rep.Benchmarks, progress.RoundDuration(rep.Elapsed), o.Profile, o.Count, o.Benchtime,
		FormatCPUList(o.CPU), short)
	if rep.LoadStart != "" { // Run sets both
		fmt.Fprintf(w, "load average (1, 5, 15 min): %s at the start, %s at the end\n", rep.LoadStart, rep.LoadEnd)
	}
	times := totals(rep.Times)
	if len(times) > 1 {
		var b strings.Builder
		for i, t := range times {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %s", strings.TrimPrefix(t.Name, "Benchmark"), progress.RoundDuration(t.Elapsed))
		}
		fmt.Fprintf(w, "time per benchmark: %s\n", b.String())
	}
}

// totals adds up the times of the same name, in order of first appearance.
func totals(ts []TopTime) []TopTime {
	var out []TopTime
	at := map[string]int{}
	for _, t := range ts {
		i, ok := at[t.Name]
		if !ok {
			i = len(out)
			at[t.Name] = i
			out = append(out, TopTime{Name: t.Name})
		}
		out[i].Elapsed += t.Elapsed
	}
	return out
}
