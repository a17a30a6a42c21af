package gate

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/gate/sequential"
)

// Write writes the outcome for a terminal (format "text": the rows, then
// one verdict line last) or for a CI job's summary ("markdown": the
// verdict as the heading, its reason, the run, the rows).
func (o *Outcome) Write(w io.Writer, format string) error {
	run := fmt.Sprintf("%d benchmark(s), %d round(s) of %d run(s) per side (at most %d rounds or %s), seed %d, %s",
		o.Benchmarks, o.Rounds, o.Reps, o.Plan.Max, o.MaxTime, o.Seed, o.Elapsed.Round(time.Second))
	rule := fmt.Sprintf("each row decided on its rounds' new/old ratios: it fails when slower by at least %s (signed-rank test; a false failure at most %g of the time over %d look(s) and all rows), it passes when a slowdown of %s is ruled out (wrongly at most %g of the time)",
		pct(o.Plan.Threshold), o.Plan.Alpha, o.Plan.Looks(), pct(o.Plan.Margin), o.Plan.Beta)
	if format == "markdown" {
		fmt.Fprintf(w, "## syncbench gate: %s\n\n%s.\n\n", o.Verdict, o.Reason)
		fmt.Fprintf(w, "- old: %s\n- new: %s\n- %s\n- %s\n- result files: %s\n\n", o.OldDesc, o.NewDesc, run, rule, strings.Join(o.Files, ", "))
		fmt.Fprintln(w, "| benchmark | unit | rounds | old (median) | new (median) | new/old | interval | decision |")
		fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|---|---|")
		for _, r := range o.Rows {
			fmt.Fprintf(w, "| `%s` | %s | %d | %s | %s | %s | %s | %s |\n", r.Name, r.Unit, len(r.Old),
				num(medianOf(r.Old)), num(medianOf(r.New)), signedPct(r.Est), interval(r), r.State)
		}
		return nil
	}
	fmt.Fprintf(w, "old: %s\nnew: %s\n%s\n%s\n\n", o.OldDesc, o.NewDesc, run, rule)
	fmt.Fprintf(w, "%-70s %-10s %6s %12s %12s %8s %-20s %s\n", "benchmark", "unit", "rounds", "old", "new", "new/old", "interval", "decision")
	for _, r := range o.Rows {
		fmt.Fprintf(w, "%-70s %-10s %6d %12s %12s %8s %-20s %s\n", r.Name, r.Unit, len(r.Old),
			num(medianOf(r.Old)), num(medianOf(r.New)), signedPct(r.Est), interval(r), r.State)
	}
	fmt.Fprintf(w, "\ngate: %s: %s (%s; results in %s)\n", o.Verdict, o.Reason, o.Elapsed.Round(time.Second), strings.Join(o.Files, ", "))
	return nil
}

// interval formats the row's interval, or "exact".
func interval(r *sequential.Row) string {
	if r.Exact {
		return "exact"
	}
	if r.Round == 0 {
		return "-"
	}
	return fmt.Sprintf("[%s, %s]", signedPct(r.Lo), signedPct(r.Hi))
}

func num(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.3g", v)
}
