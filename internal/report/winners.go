package report

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"

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
	// Significant is P < alpha: Best really beats RunnerUp; otherwise a tie.
	Significant bool `json:"significant"`
	// Note carries benchmath's warning, such as too few samples.
	Note string `json:"note,omitempty"`
}

// Entry is one implementation's center in a ranking.
type Entry struct {
	Impl   string  `json:"impl"`
	Center float64 `json:"center"`
	CI     string  `json:"ci"`
}

// Verdict is a short human form of w: "atomic 2.31× faster than mutex
// (p=0.002)" or "tie: atomic ≈ mutex (1.04×, p=0.41)".
func (w *Winner) Verdict() string {
	word := "better"
	if w.Unit == TimeUnit {
		word = "faster"
	}
	zero := ""
	if math.IsInf(w.Ratio, 1) {
		z := w.Best
		if w.Ranking[1].Center == 0 {
			z = w.RunnerUp
		}
		zero = "; " + z + " is 0"
	}
	if w.Significant {
		return fmt.Sprintf("%s %s %s than %s (p=%.3f%s)", w.Best, fmtTimes(w.Ratio), word, w.RunnerUp, w.P, zero)
	}
	s := fmt.Sprintf("tie: %s ≈ %s (%s, p=%.3f%s)", w.Best, w.RunnerUp, fmtTimes(w.Ratio), w.P, zero)
	if w.Note != "" {
		s += "; " + w.Note
	}
	return s
}

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

// fmtTimes formats a ratio "2.31×", or "∞×" when the other side is 0.
func fmtTimes(r float64) string {
	if math.IsInf(r, 1) {
		return "∞×"
	}
	return fmt.Sprintf("%.2f×", r)
}

// fmtTimesRange formats a range of ratios "1.10–2.31×".
func fmtTimesRange(lo, hi float64) string {
	if lo == hi || hi-lo < 0.005 {
		return fmtTimes(lo)
	}
	return strings.TrimSuffix(fmtTimes(lo), "×") + "–" + fmtTimes(hi)
}

// primaryUnit is the unit winners are decided on: time per op when the
// family has it.
func (f *Family) primaryUnit() string {
	if contains(f.Units, TimeUnit) || len(f.Units) == 0 {
		return TimeUnit
	}
	return f.Units[0]
}

// workloadKey identifies a workload: the dimensions other than the
// excluded ones, and GOMAXPROCS.
func workloadKey(b *Bench, exclude ...string) string {
	var sb strings.Builder
	for _, d := range b.Dims {
		if contains(exclude, d.Key) {
			continue
		}
		sb.WriteString(d.Key + "=" + d.Value + "/")
	}
	fmt.Fprintf(&sb, "-%d", b.Procs)
	return sb.String()
}

func dimsExcept(dims []KV, exclude ...string) []KV {
	var out []KV
	for _, d := range dims {
		if !contains(exclude, d.Key) {
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
	unit := f.primaryUnit()
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
			if impl := b.Get("impl"); b.Stat(unit) != nil && impl != "" && !contains(f.Baselines, impl) {
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
		w := &Winner{Family: f.Name, Workload: dimsExcept(cands[0].Dims, "impl"), Procs: cands[0].Procs, Unit: unit}
		for _, b := range cands {
			s := b.Stat(unit)
			w.Ranking = append(w.Ranking, Entry{Impl: b.Get("impl"), Center: s.Center, CI: s.CI})
		}
		best, next := cands[0].Stat(unit), cands[1].Stat(unit)
		w.Best, w.RunnerUp = w.Ranking[0].Impl, w.Ranking[1].Impl
		w.Ratio = ratio(best.Center, next.Center, dir)
		cmp := best.assumption.Compare(best.sample, next.sample)
		w.P = cmp.P
		w.Significant = cmp.P < cmp.Alpha
		if len(cmp.Warnings) > 0 {
			w.Note = cmp.Warnings[0].Error()
		}
		out = append(out, w)
	}
	return out
}

// ratio is how many times better a is than b (≥ 1 when a is better):
// +Inf when a is better and the ratio is undefined (a time of 0, or a
// rate against 0), 0 when b is so much better.
func ratio(a, b float64, dir int) float64 {
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

// beats reports whether implementation a is significantly better than b
// in unit, and the ratio.
func beats(a, b *Stat, dir int) (bool, float64) {
	if a == nil || b == nil {
		return false, 0
	}
	r := ratio(a.Center, b.Center, dir)
	if r <= 1 {
		return false, r
	}
	cmp := a.assumption.Compare(a.sample, b.sample)
	return cmp.P < cmp.Alpha, r
}
