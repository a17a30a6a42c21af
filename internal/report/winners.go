package report

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
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
	// workloads: see package findings); -1 when the samples are too small
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
	// Threshold is the report's threshold the verdict was decided with,
	// for the wording (the report's JSON has it once, not per winner).
	Threshold float64 `json:"-"`
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

// WorkloadKey identifies the workload of b: its dimensions other than
// the excluded ones, and its GOMAXPROCS.
func (b *Bench) WorkloadKey(exclude ...string) string {
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
