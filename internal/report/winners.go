package report

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/results"
)

// Winner names the best implementation of one workload: every dimension
// but impl, at one GOMAXPROCS.
type Winner struct {
	Family   string `json:"family"`
	Workload []KV   `json:"workload"`
	Procs    int    `json:"gomaxprocs"`
	Unit     string `json:"unit"`
	// Ranking lists the implementations best first.
	Ranking []Entry `json:"ranking"`
	// Best and RunnerUp are the first two of Ranking.
	Best     string `json:"best"`
	RunnerUp string `json:"runner_up"`
	// Ratio is how many times better Best is than RunnerUp (≥ 1); +Inf
	// (null in JSON) when one of them is 0, so that no ratio exists.
	Ratio float64 `json:"ratio"`
	// P is the Mann–Whitney p-value of Best against RunnerUp.
	P float64 `json:"p"`
	// PAdj is P adjusted for every winner of the machine (families, then
	// workloads: see decideWinners); -1 when the samples are too small
	// to test.
	PAdj float64 `json:"p_adj"`
	// N is the smaller of the two sample sizes.
	N int `json:"n"`
	// Status is the verdict: a win, a significant gap not shown to reach
	// the threshold, no significant gap, or too few samples to test.
	Status WinStatus `json:"status"`
	// Significant is Status == Win: Best beats RunnerUp significantly
	// and by at least the threshold.
	Significant bool `json:"significant"`
	// Note carries benchmath's warning, such as too few samples.
	Note string `json:"note,omitempty"`
	// PBeyond is the one-sided Mann–Whitney p-value of Best beating
	// RunnerUp by at least the threshold: Best's samples moved by the
	// threshold toward RunnerUp's, still better (1 when they are not).
	PBeyond float64 `json:"p_beyond"`
	// threshold is the report's -threshold, for the wording; minP the
	// smallest p-value the two samples allow.
	threshold, minP float64
	// beyond computes PBeyond for a threshold.
	beyond func(threshold float64) float64
}

// WinStatus is the verdict on one workload's best two implementations.
type WinStatus int

// The winner verdicts.
const (
	// NotSignificant: the samples could show a gap but do not.
	NotSignificant WinStatus = iota
	// Win: significant after the correction, and beyond the threshold
	// with the same confidence (PBeyond within the family's cutoff).
	Win
	// BelowThreshold: significant, but a gap not shown to reach the
	// threshold.
	BelowThreshold
	// NoTest: too few samples for the test to reach significance.
	NoTest
)

// String names the status as the winners table prints it.
func (s WinStatus) String() string {
	switch s {
	case Win:
		return "win"
	case BelowThreshold:
		return "not beyond threshold"
	case NoTest:
		return "no test"
	}
	return "not significant"
}

// MarshalText writes the status by name in JSON.
func (s WinStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Entry is one implementation's center in a ranking.
type Entry struct {
	Impl   string  `json:"impl"`
	Center float64 `json:"center"`
	CI     string  `json:"ci"`
}

// Threshold is the report's -threshold the verdict was decided with.
func (w *Winner) Threshold() float64 { return w.threshold }

// MarshalJSON writes w with an infinite ratio as null.
func (w *Winner) MarshalJSON() ([]byte, error) {
	type plain Winner
	var r *float64
	if !math.IsInf(w.Ratio, 0) && !math.IsNaN(w.Ratio) {
		r = &w.Ratio
	}
	return json.Marshal(struct {
		*plain
		Ratio *float64 `json:"ratio"`
	}{(*plain)(w), r})
}

// PrimaryUnit is the unit winners are decided on: time per op when the
// family has it.
func (f *Family) PrimaryUnit() string {
	if slices.Contains(f.Units, TimeUnit) || len(f.Units) == 0 {
		return TimeUnit
	}
	return f.Units[0]
}

// workloadKey identifies a workload: the dimensions other than the
// excluded ones, and GOMAXPROCS.
func workloadKey(b *Bench, exclude ...string) string {
	var sb strings.Builder
	for _, d := range b.Dims {
		if slices.Contains(exclude, d.Key) {
			continue
		}
		sb.WriteString(d.Key + "=" + d.Value + "/")
	}
	fmt.Fprintf(&sb, "-%d", b.Procs)
	return sb.String()
}

// DimsExcept returns dims without the keys in exclude.
func DimsExcept(dims []KV, exclude ...string) []KV {
	var out []KV
	for _, d := range dims {
		if !slices.Contains(exclude, d.Key) {
			out = append(out, d)
		}
	}
	return out
}

// winners decides each workload of a family that compares implementations.
func winners(f *Family, units benchfmt.UnitMetadataMap) []*Winner {
	if !f.HasImpl() {
		return nil
	}
	unit := f.PrimaryUnit()
	dir := results.Better(units, unit)
	groups := map[string][]*Bench{}
	var order []string
	for _, b := range f.Benchmarks {
		k := workloadKey(b, "impl")
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], b)
	}
	var out []*Winner
	for _, k := range order {
		bs := groups[k]
		var cands []*Bench
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
		w := &Winner{Family: f.Name, Workload: DimsExcept(cands[0].Dims, "impl"), Procs: cands[0].Procs, Unit: unit}
		for _, b := range cands {
			s := b.Stat(unit)
			w.Ranking = append(w.Ranking, Entry{Impl: b.Get("impl"), Center: s.Center, CI: s.CI})
		}
		best, next := cands[0].Stat(unit), cands[1].Stat(unit)
		w.Best, w.RunnerUp = w.Ranking[0].Impl, w.Ranking[1].Impl
		w.Ratio = Ratio(best.Center, next.Center, dir)
		cmp := f.compare(best, next)
		w.P, w.PAdj, w.N = cmp.P, -1, min(best.N, next.N)
		w.minP = compare.MinP(best.N, next.N)
		w.beyond = func(t float64) float64 { return f.pBeyond(best, next, dir, t) }
		if len(cmp.Warnings) > 0 {
			w.Note = cmp.Warnings[0].Error()
		}
		out = append(out, w)
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
func decideWinners(ws []*Winner, alpha, threshold float64) map[string]float64 {
	var ps []float64
	var fams []string
	var tested []*Winner
	for _, w := range ws {
		w.threshold = threshold
		if w.minP > alpha {
			w.Status = NoTest
			continue
		}
		tested = append(tested, w)
		ps = append(ps, w.P)
		fams = append(fams, w.Family)
	}
	cutoff := map[string]float64{}
	adj, _, _ := compare.Hierarchical(ps, fams, alpha)
	for i, w := range tested {
		w.PAdj = adj[i]
		if adj[i] <= alpha {
			cutoff[w.Family] = math.Max(cutoff[w.Family], w.P)
		}
	}
	// A win is a gap beyond the threshold, held to the family's cutoff:
	// a ratio that merely lands above it flips between runs of one commit
	// as often as the ratio's own run-to-run noise carries it across.
	for i, w := range tested {
		w.PBeyond = 1
		if w.beyond != nil {
			w.PBeyond = w.beyond(threshold)
		}
		switch {
		case adj[i] > alpha:
			w.Status = NotSignificant
		case w.Ratio >= 1+threshold && w.PBeyond <= cutoff[w.Family]:
			w.Status = Win
		default:
			w.Status = BelowThreshold
		}
		w.Significant = w.Status == Win
	}
	return cutoff
}

// pBeyond is the one-sided Mann–Whitney p-value of a being better than b
// by at least the fraction t in the direction dir: a's samples are moved
// by the factor 1+t toward b (multiplied for a unit where lower is better,
// divided where higher is), and must still be the better side.
func (f *Family) pBeyond(a, b *Stat, dir int, t float64) float64 {
	k := 1 + t
	if dir > 0 {
		k = 1 / k
	}
	moved := &Stat{Unit: a.Unit, N: a.N, Center: a.Center * k, values: make([]float64, len(a.values))}
	for i, v := range a.values {
		moved.values[i] = v * k
	}
	if Ratio(moved.Center, b.Center, dir) <= 1 {
		return 1
	}
	return f.compare(moved, b).P / 2
}

// Beats reports whether implementation a is better than b in unit by at
// least the report's threshold, with the Mann–Whitney p-value of a gap
// beyond the threshold (pBeyond) within the family's cutoff (the largest p-value its winners' correction let
// through; for a family without winners, alpha over the number of
// families), and the ratio.
func (f *Family) Beats(a, b *Stat, dir int) (bool, float64) {
	if a == nil || b == nil {
		return false, 0
	}
	r := Ratio(a.Center, b.Center, dir)
	if r < 1+f.mach.threshold || r <= 1 {
		return false, r
	}
	return f.pBeyond(a, b, dir, f.mach.threshold) <= f.cutoff(), r
}
