package runner

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/report"
)

// Summarize prints a short account of a run to w: what was measured, in
// how long and where the file is, then the run's report as
// `syncbench report FILE` prints it (benchstat's medians and intervals per
// benchmark and GOMAXPROCS, winners, scaling).
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
	in, err := report.Load([]string{rep.File}, report.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := report.Render(w, report.Build(in, report.Options{}), report.RenderOptions{Format: "text"}); err != nil {
		return err
	}
	// Again at the end, where the tables have scrolled to.
	fmt.Fprintf(w, "\nresults: %s\n", rep.File)
	return nil
}

// roundDuration rounds d for display: to 10ms under 10s, else to 1s.
func roundDuration(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Second)
}
