package findings

import (
	"math"
	"slices"
	"sort"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/report"
)

// contest is a winner being decided: the smallest p-value its two
// samples allow, and how to compute its PBeyond for a threshold.
type contest struct {
	w      *report.Winner
	minP   float64
	beyond func(threshold float64) float64
}

// winners sets up the decision of each workload of a family that compares
// implementations.
func winners(f *report.Family) []contest {
	if !f.HasImpl() {
		return nil
	}
	unit := f.PrimaryUnit()
	dir := f.Better(unit)
	groups := map[string][]*report.Bench{}
	var order []string
	for _, b := range f.Benchmarks {
		k := b.WorkloadKey("impl")
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], b)
	}
	var out []contest
	for _, k := range order {
		bs := groups[k]
		var cands []*report.Bench
		for _, b := range bs {
			if impl := b.Get("impl"); b.Stat(unit) != nil && impl != "" && !slices.Contains(f.Baselines, impl) {
				cands = append(cands, b)
			}
		}
		if len(cands) < 2 {
			continue
		}
		sort.SliceStable(cands, func(i, j int) bool {
			a, b := cands[i].Stat(unit).Center, cands[j].Stat(unit).Center
			if dir > 0 {
				return a > b
			}
			return a < b
		})
		w := &report.Winner{Family: f.Name, Workload: report.DimsExcept(cands[0].Dims, "impl"), Procs: cands[0].Procs, Unit: unit}
		for _, b := range cands {
			s := b.Stat(unit)
			w.Ranking = append(w.Ranking, report.Entry{Impl: b.Get("impl"), Center: s.Center, CI: s.CI})
		}
		best, next := cands[0].Stat(unit), cands[1].Stat(unit)
		w.Best, w.RunnerUp = w.Ranking[0].Impl, w.Ranking[1].Impl
		w.Ratio = Ratio(best.Center, next.Center, dir)
		cmp := f.Compare(best, next)
		w.P, w.PAdj, w.N = cmp.P, -1, min(best.N, next.N)
		if len(cmp.Warnings) > 0 {
			w.Note = cmp.Warnings[0].Error()
		}
		out = append(out, contest{w: w, minP: compare.MinP(best.N, next.N),
			beyond: func(t float64) float64 { return pBeyond(f, best, next, dir, t) }})
	}
	return out
}

// Ratio is how many times better a is than b (≥ 1 when a is better):
// +Inf when a is better and the ratio is undefined (a time of 0, or a
// rate against 0), 0 when b is so much better.
func Ratio(a, b float64, dir int) float64 {
	if a == b {
		return 1
	}
	if dir > 0 {
		a, b = b, a
	}
	if a == 0 {
		return math.Inf(1)
	}
	return b / a
}

// decideWinners decides each winner of a machine as syncbench compare
// decides rows (compare.Hierarchical at alpha, then the threshold), and
// returns per family the largest raw p-value found significant.
func decideWinners(cs []contest, alpha, threshold float64) map[string]float64 {
	var ps []float64
	var fams []string
	var tested []contest
	for _, c := range cs {
		w := c.w
		w.Threshold = threshold
		if c.minP > alpha {
			w.Status = report.NoTest
			continue
		}
		tested = append(tested, c)
		ps = append(ps, w.P)
		fams = append(fams, w.Family)
	}
	cutoff := map[string]float64{}
	adj, _, _ := compare.Hierarchical(ps, fams, alpha)
	for i, c := range tested {
		w := c.w
		w.PAdj = adj[i]
		if adj[i] <= alpha {
			cutoff[w.Family] = math.Max(cutoff[w.Family], w.P)
		}
	}
	// A win is a gap beyond the threshold, held to the family's cutoff:
	// a ratio that merely lands above it flips between runs of one commit
	// as often as the ratio's own run-to-run noise carries it across.
	for i, c := range tested {
		w := c.w
		w.PBeyond = 1
		if c.beyond != nil {
			w.PBeyond = c.beyond(threshold)
		}
		switch {
		case adj[i] > alpha:
			w.Status = report.NotSignificant
		case w.Ratio >= 1+threshold && w.PBeyond <= cutoff[w.Family]:
			w.Status = report.Win
		default:
			w.Status = report.BelowThreshold
		}
		w.Significant = w.Status == report.Win
	}
	return cutoff
}

// pBeyond is the one-sided Mann–Whitney p-value of a being better than b
// by at least the fraction t in the direction dir: a's samples are moved
// by the factor 1+t toward b (multiplied for a unit where lower is better,
// divided where higher is), and must still be the better side.
func pBeyond(f *report.Family, a, b *report.Stat, dir int, t float64) float64 {
	k := 1 + t
	if dir > 0 {
		k = 1 / k
	}
	moved := a.Scaled(k)
	if Ratio(moved.Center, b.Center, dir) <= 1 {
		return 1
	}
	return f.Compare(moved, b).P / 2
}

// judge holds what a claim about a family of one machine needs: a ratio
// of at least 1+threshold, and a p-value within the family's cutoff.
type judge struct {
	threshold float64
	// cutoffs are the cutoffs of the families that have winners, by
	// name (0 when none of them is significant), and defaultCutoff that
	// of the others.
	cutoffs       map[string]float64
	hasWinners    map[string]bool
	defaultCutoff float64
}

// cutoff is the largest p-value a claim about f may have.
func (j *judge) cutoff(f *report.Family) float64 {
	if j.hasWinners[f.Name] {
		return j.cutoffs[f.Name]
	}
	return j.defaultCutoff
}

// beats reports whether implementation a of family f is better than b by
// at least the report's threshold, with the Mann–Whitney p-value of a gap
// beyond the threshold (pBeyond) within the family's cutoff (the largest
// p-value its winners' correction let through; for a family without
// winners, alpha over the number of families), and the ratio.
func (j *judge) beats(f *report.Family, a, b *report.Stat, dir int) (bool, float64) {
	if a == nil || b == nil {
		return false, 0
	}
	r := Ratio(a.Center, b.Center, dir)
	if r < 1+j.threshold || r <= 1 {
		return false, r
	}
	return pBeyond(f, a, b, dir, j.threshold) <= j.cutoff(f), r
}
