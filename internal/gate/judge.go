package gate

import (
	"fmt"
	"math"
	"sort"

	"github.com/syncbench/syncbench/internal/gate/sequential"
)

// Judge returns the verdict on decided rows: FAIL when a row failed, else
// INCONCLUSIVE when a row is still open, else PASS, with a one-line
// reason.
func Judge(rows []*sequential.Row, plan sequential.Plan) (Verdict, string) {
	var failed, open []*sequential.Row
	for _, r := range rows {
		switch r.State {
		case sequential.Failed:
			failed = append(failed, r)
		case sequential.Open:
			open = append(open, r)
		}
	}
	switch {
	case len(failed) > 0:
		sort.SliceStable(failed, func(i, j int) bool { return failed[i].Est > failed[j].Est })
		r := failed[0]
		return Fail, fmt.Sprintf("%d of %d row(s) slower by more than %s, worst %s %s %s", len(failed), len(rows), pct(plan.Threshold), r.Name, r.Unit, change(r))
	case len(open) > 0:
		sort.SliceStable(open, func(i, j int) bool { return open[i].Hi > open[j].Hi })
		r := open[0]
		return Inconclusive, fmt.Sprintf("%d of %d row(s) undecided when the rounds ran out: they can neither rule out a %s slowdown nor show one of %s, e.g. %s %s %s (more -max-time, or a quieter machine)",
			len(open), len(rows), pct(plan.Margin), pct(plan.Threshold), r.Name, r.Unit, change(r))
	}
	return Pass, fmt.Sprintf("all %d row(s) rule out a slowdown of %s", len(rows), pct(plan.Margin))
}

// change describes the row's estimated change and its interval.
func change(r *sequential.Row) string {
	if r.Exact {
		return fmt.Sprintf("%s (exact, %g → %g)", signedPct(r.Est), r.Old[0], r.New[0])
	}
	return fmt.Sprintf("%s [%s, %s] after %d rounds", signedPct(r.Est), signedPct(r.Lo), signedPct(r.Hi), r.Round)
}

// signedPct formats a ratio as a signed percentage change.
func signedPct(ratio float64) string {
	if math.IsInf(ratio, 1) {
		return "+∞"
	}
	if math.IsInf(ratio, -1) || ratio == 0 && math.Signbit(ratio) {
		return "-∞"
	}
	return fmt.Sprintf("%+.1f%%", (ratio-1)*100)
}
