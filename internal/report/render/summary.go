package render

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/montanaflynn/stats"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/render/quantity"
	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/usl"
)

// maxUSLLines bounds the USL peaks quoted one by one in the summary.
const maxUSLLines = 4

// maxSummaryLines bounds the top summary to one screen.
const maxSummaryLines = 30

// Summarize fills in the Summary of every machine of rep: the one-screen
// list of findings that Render puts first and `syncbench run` prints.
//
// When files were sampled back to back in one process, the summary ends
// with one line saying so (results.BackToBackNote).
func Summarize(rep *report.Report) {
	var notes []string
	if len(rep.BackToBack) > 0 {
		notes = append(notes, results.BackToBackNote(rep.BackToBack))
	}
	for _, m := range rep.Machines {
		m.Summary = summarize(m, notes)
	}
}

// summarize writes the machine's top summary from its findings: per
// family, who wins along its main sweep at the summary GOMAXPROCS, where
// one implementation stops (or starts) beating another along each numeric
// dimension, and what a sweep changes from its first value to its last.
func summarize(m *report.Machine, notes []string) []string {
	var lines []string
	if m.Findings != nil {
		for _, ff := range m.Findings.Families {
			lines = append(lines, familySummary(ff)...)
		}
	}
	tail := append(claimsSummary(m.Claims), scalingSummary(m)...)
	tail = append(tail, ncpuSummary(m)...)
	tail = append(tail, noiseSummary(m)...)
	tail = append(tail, notes...)
	if budget := max(maxSummaryLines-len(tail), maxSummaryLines/2); len(lines) > budget {
		n := len(lines) - budget
		lines = append(lines[:budget:budget], fmt.Sprintf("… %d more findings: see Winners below", n))
	}
	lines = append(lines, tail...)
	if len(lines) == 0 {
		lines = append(lines, "no family compares implementations (no impl=… dimension with two values); see the tables")
	}
	return lines
}

// familySummary words the findings of one family: its winners (along its
// sweep when it has one), its crossovers, its sweep ends.
func familySummary(ff *report.FamilyFindings) []string {
	f := ff.Family
	var lines []string
	if f.HasImpl() {
		if ff.Sweep != "" {
			lines = append(lines, winnerRuns(f, ff.Winners, ff.Sweep, ff.Procs)...)
		} else {
			for _, w := range ff.Winners {
				lines = append(lines, fmt.Sprintf("%s%s: %s", f.Name, workloadWords(w.Workload, ff.Procs), verdict(w)))
			}
		}
		for _, c := range ff.Crossovers {
			lines = append(lines, crossoverLine(f.Name, ff.Unit, c))
		}
	}
	for _, e := range ff.Ends {
		lines = append(lines, sweepEndLine(f.Name, ff.Unit, e))
	}
	return lines
}

// workloadWords formats a workload for a summary line: " (work=0, GOMAXPROCS=2)".
func workloadWords(dims []report.KV, procs int) string {
	var parts []string
	for _, d := range dims {
		parts = append(parts, d.Key+"="+d.Value)
	}
	parts = append(parts, fmt.Sprintf("GOMAXPROCS=%d", procs))
	return " (" + strings.Join(parts, ", ") + ")"
}

// winnerRuns describes, for each setting of the other dimensions, which
// implementation wins along sweep, merging neighbouring values with the
// same verdict: "Counter (work=0, GOMAXPROCS=2) by goroutines: 1–4
// atomic 2.1–3.0× faster than mutex; 64: no significant winner".
func winnerRuns(f *report.Family, ws []*report.Winner, sweep string, procs int) []string {
	type ctx struct {
		dims []report.KV
		ws   []*report.Winner
	}
	byCtx := map[string]*ctx{}
	var order []string
	for _, w := range ws {
		other := report.DimsExcept(w.Workload, sweep)
		k := fmt.Sprint(other)
		if byCtx[k] == nil {
			byCtx[k] = &ctx{dims: other}
			order = append(order, k)
		}
		byCtx[k].ws = append(byCtx[k].ws, w)
	}
	var lines []string
	for _, k := range order {
		c := byCtx[k]
		sort.SliceStable(c.ws, func(i, j int) bool {
			return slices.Index(f.Values(sweep), report.Lookup(c.ws[i].Workload, sweep)) < slices.Index(f.Values(sweep), report.Lookup(c.ws[j].Workload, sweep))
		})
		var runs []string
		for i := 0; i < len(c.ws); {
			j := i
			for j+1 < len(c.ws) && sameVerdict(c.ws[i], c.ws[j+1]) {
				j++
			}
			vals := report.Lookup(c.ws[i].Workload, sweep)
			if j > i {
				vals += "–" + report.Lookup(c.ws[j].Workload, sweep)
			}
			lo, hi := c.ws[i].Ratio, c.ws[i].Ratio
			for _, w := range c.ws[i : j+1] {
				lo, hi = min(lo, w.Ratio), max(hi, w.Ratio)
			}
			r := quantity.TimesRange(lo, hi)
			w := c.ws[i]
			word := "better"
			if w.Unit == report.TimeUnit {
				word = "faster"
			}
			same := samePair(c.ws[i : j+1])
			switch {
			case w.Status == report.Win:
				runs = append(runs, fmt.Sprintf("%s: %s, %s %s than %s", vals, w.Best, r, word, w.RunnerUp))
			case w.Status == report.NoTest && same:
				runs = append(runs, fmt.Sprintf("%s: %s, no test (%s %s %s than %s as measured)", vals, samplesEach(w.N), w.Best, r, word, w.RunnerUp))
			case w.Status == report.NoTest:
				runs = append(runs, fmt.Sprintf("%s: %s, no test (best two within %s as measured)", vals, samplesEach(w.N), r))
			case w.Status == report.BelowThreshold && same:
				runs = append(runs, fmt.Sprintf("%s: %s ≈ %s (%s, not beyond the %s threshold)", vals, w.Best, w.RunnerUp, r, compare.FormatPercent(w.Threshold)))
			case w.Status == report.BelowThreshold:
				runs = append(runs, fmt.Sprintf("%s: best two within %s, not beyond the %s threshold", vals, r, compare.FormatPercent(w.Threshold)))
			case same:
				runs = append(runs, fmt.Sprintf("%s: no significant winner, %s vs %s (%s)", vals, w.Best, w.RunnerUp, r))
			default:
				runs = append(runs, fmt.Sprintf("%s: no significant winner (best two within %s)", vals, r))
			}
			i = j + 1
		}
		lines = append(lines, fmt.Sprintf("%s%s by %s — %s", f.Name, workloadWords(c.dims, procs), sweep, strings.Join(runs, "; ")))
	}
	return lines
}

// sameVerdict reports whether two neighbouring workloads read the same:
// the same winner, or the same status without one.
func sameVerdict(a, b *report.Winner) bool {
	if a.Status != b.Status {
		return false
	}
	return a.Status != report.Win || a.Best == b.Best
}

// samePair reports whether every winner of ws names the same best and
// runner-up.
func samePair(ws []*report.Winner) bool {
	for _, w := range ws {
		if w.Best != ws[0].Best || w.RunnerUp != ws[0].RunnerUp {
			return false
		}
	}
	return true
}

// crossoverLine words a crossover: "Counter (held=0, GOMAXPROCS=2):
// sharded stops beating mutex at local=200 (2.17× at local=0, no
// significant gap of the threshold there)".
func crossoverLine(family, unit string, c report.Crossover) string {
	ctx := workloadWords(c.Dims, c.Procs)
	if c.Starts {
		return fmt.Sprintf("%s%s: %s starts beating %s at %s=%s (%s there)",
			family, ctx, c.A, c.B, c.Dim, c.At, quantity.Times(c.Ratio))
	}
	there := "no significant gap of the threshold there"
	if c.Reversed {
		there = fmt.Sprintf("%s by %s there", betterWord(unit, "worse"), quantity.Times(c.ReversedRatio))
	}
	return fmt.Sprintf("%s%s: %s stops beating %s at %s=%s (%s at %s=%s, %s)",
		family, ctx, c.A, c.B, c.Dim, c.At, quantity.Times(c.Ratio), c.Dim, c.From, there)
}

// betterWord is word ("better" or "worse") as said of unit: "faster" and
// "slower" for time.
func betterWord(unit, word string) string {
	if unit == report.TimeUnit {
		return strings.NewReplacer("better", "faster", "worse", "slower").Replace(word)
	}
	return word
}

// sweepEndLine words a sweep end: "Channel (impl=chan, GOMAXPROCS=2) by
// buf: buf=1 → buf=4096: 241ns → 46ns, 5.20× faster".
func sweepEndLine(family, unit string, e report.SweepEnd) string {
	verdict := "no significant gap of the threshold"
	switch e.Change {
	case report.Better:
		verdict = quantity.Times(e.Ratio) + " " + betterWord(unit, "better")
	case report.Worse:
		verdict = quantity.Times(e.Ratio) + " " + betterWord(unit, "worse")
	}
	x := e.Dim
	return fmt.Sprintf("%s%s by %s: %s=%s → %s=%s: %s → %s, %s",
		family, workloadWords(e.Dims, e.Procs), x, x, e.From, x, e.To,
		quantity.Value(e.First.Center, unit), quantity.Value(e.Last.Center, unit), verdict)
}

// scalingSummary says in one line what adding CPUs did to each family
// (median speedup at the largest GOMAXPROCS within the machine's CPUs), and
// quotes the USL peaks where a fit exists.
func scalingSummary(m *report.Machine) []string {
	var parts []string
	tops := map[int]bool{}
	for _, f := range m.Families {
		top := f.TopProcs(m.NCPU)
		if top == 1 || slices.Contains(f.Units, report.MemoryUnit) {
			// Goroutine memory benchmarks time goroutine creation at a
			// size, not a workload that GOMAXPROCS should speed up.
			continue
		}
		var speedups []float64
		for _, s := range m.Scaling {
			if s.Family != f.Name || slices.Contains(f.Baselines, report.Lookup(s.Dims, "impl")) {
				continue // baselines lose updates: their speed proves nothing
			}
			for _, p := range s.Points {
				if p.Procs == top && p.Speedup > 0 {
					speedups = append(speedups, p.Speedup)
				}
			}
		}
		if len(speedups) == 0 {
			continue
		}
		med, _ := stats.Median(speedups)
		tops[top] = true
		parts = append(parts, fmt.Sprintf("%s %.2f×", f.Name, med))
		if len(tops) > 1 {
			parts[len(parts)-1] += fmt.Sprintf(" (at %d)", top)
		}
	}
	var lines []string
	if len(parts) > 0 {
		var ts []int
		for t := range tops {
			ts = append(ts, t)
		}
		sort.Ints(ts)
		var top []string
		for _, t := range ts {
			top = append(top, strconv.Itoa(t))
		}
		lines = append(lines, fmt.Sprintf("Scaling, median speedup from GOMAXPROCS=1 to %s (below 1: slower at the larger GOMAXPROCS): %s",
			strings.Join(top, "/"), strings.Join(parts, ", ")))
	}
	var peaks, flat, poor, outside []string
	var peakNs []float64
	for _, s := range m.Scaling {
		u := s.USL
		if u == nil {
			continue
		}
		name := s.Family + report.WorkloadWords(s.Dims)
		switch u.Quality() {
		case usl.Peak:
			peakNs = append(peakNs, u.PeakN)
			line := fmt.Sprintf("%s: USL peak at N≈%.0f, %.2f× the throughput at 1 (σ=%.3f contention, κ=%.5f coherency, R²=%.3f)",
				name, u.PeakN, u.PeakX, u.Sigma, u.Kappa, u.R2)
			if m.NCPU > 0 && u.PeakN > float64(m.NCPU) {
				line += fmt.Sprintf("; extrapolated beyond the machine's %d CPUs", m.NCPU)
			}
			peaks = append(peaks, line)
		case usl.Flat:
			flat = append(flat, name)
		case usl.Poor:
			poor = append(poor, fmt.Sprintf("%s (R²=%.2f)", name, u.R2))
		case usl.Outside:
			outside = append(outside, fmt.Sprintf("%s (%s)", name, u.Outside))
		}
	}
	if len(peaks) > maxUSLLines {
		med, _ := stats.Median(peakNs)
		lo, _ := stats.Min(peakNs)
		hi, _ := stats.Max(peakNs)
		peaks = []string{fmt.Sprintf("USL fits with a peak for %d benchmarks: peak N from %.3g to %.3g (median %.3g); see Scaling",
			len(peaks), lo, hi, med)}
	}
	if len(flat) > 0 {
		peaks = append(peaks, fmt.Sprintf("Does not scale (by a USL fit with R² ≥ %.1f: peak below N=1 or speedup at most %.1f×, or σ ≥ %.1f): %s",
			usl.MinR2, usl.MinPeakX, usl.MaxSigma, listSome(flat, maxUSLLines)))
	}
	if len(outside) > 0 {
		peaks = append(peaks, fmt.Sprintf("USL coefficients outside the model (no contention or coherency read from them): %s",
			listSome(outside, maxUSLLines)))
	}
	if len(poor) > 0 {
		peaks = append(peaks, fmt.Sprintf("No USL peak quoted where the fit is poor (R² < %.1f): %s",
			usl.MinR2, listSome(poor, maxUSLLines)))
	}
	return append(lines, peaks...)
}

// listSome joins up to n items, counting the rest.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// ncpuSummary says, when the files do not give the machine's CPU count
// (plain go test output has no ncpu line), that GOMAXPROCS settings could
// not be checked against it.
func ncpuSummary(m *report.Machine) []string {
	if m.NCPU > 0 {
		return nil
	}
	most := 0
	for _, f := range m.Families {
		for _, p := range f.Procs {
			most = max(most, p)
		}
	}
	if most <= 1 {
		return nil
	}
	return []string{fmt.Sprintf("CPU count unknown (no ncpu line in the files, as in plain go test output): GOMAXPROCS values (up to %d) could not be checked against the number of CPUs, so settings above it (time-sliced, not parallel) are not flagged and no USL is fit", most)}
}

// noisyCI is the interval half-width (in percent) above which a time cell
// counts as noisy in the summary.
const noisyCI = 10

// noiseSummary says how wide the intervals of time per op are, so that a
// reader knows how much the other lines can be trusted.
func noiseSummary(m *report.Machine) []string {
	var widths []float64
	noisy, unknown := 0, 0
	for _, f := range m.Families {
		for _, b := range f.Benchmarks {
			s := b.Stat(report.TimeUnit)
			if s == nil {
				continue
			}
			w, err := strconv.ParseFloat(strings.TrimSuffix(s.CI, "%"), 64)
			if err != nil {
				unknown++ // ∞ or ?
				continue
			}
			widths = append(widths, w)
			if w > noisyCI {
				noisy++
			}
		}
	}
	if len(widths)+unknown == 0 {
		return nil
	}
	line := fmt.Sprintf("Noise: %d of %d time cells have a 95%% interval wider than ±%d%%", noisy, len(widths)+unknown, noisyCI)
	if len(widths) > 0 {
		med, _ := stats.Median(widths)
		line += fmt.Sprintf(" (median ±%.0f%%)", med)
	}
	if unknown > 0 {
		line += fmt.Sprintf("; %d have too few samples for one", unknown)
	}
	if noisy*4 > len(widths)+unknown {
		line += "; a quieter machine or more runs (-count) would sharpen the verdicts"
	}
	return []string{line}
}

// claimsSummary is the top-summary wording of the claims.
func claimsSummary(c *report.Claims) []string {
	if c == nil {
		return nil
	}
	var lines []string
	if len(c.Memory) > 0 {
		lo, hi := c.Memory[0].Bytes, c.Memory[0].Bytes
		for _, m := range c.Memory {
			lo, hi = min(lo, m.Bytes), max(hi, m.Bytes)
		}
		lines = append(lines, fmt.Sprintf("Goroutine memory: %s per parked goroutine (quoted: 2 KiB initial stack); a million take %s",
			quantity.Span(quantity.Bytes(lo), quantity.Bytes(hi)), quantity.Span(fmt.Sprintf("%.2f GiB", lo*1e6/(1<<30)), fmt.Sprintf("%.2f GiB", hi*1e6/(1<<30)))))
	}
	if len(c.Spawn) > 0 {
		lo, hi := c.Spawn[0].NsOp, c.Spawn[0].NsOp
		for _, s := range c.Spawn {
			lo, hi = min(lo, s.NsOp), max(hi, s.NsOp)
		}
		lines = append(lines, fmt.Sprintf("Goroutine spawn: %s per goroutine started and finished (quoted: well under a microsecond)",
			quantity.Span(quantity.Ns(lo), quantity.Ns(hi))))
	}
	return lines
}

// verdict is a short human form of w: "atomic 2.31× faster than mutex
// (p=0.002, adjusted 0.004)", "no significant winner: atomic vs mutex
// 1.04× (p=0.41)", "atomic ≈ mutex: 1.02×, not shown beyond the 5% threshold", or "1
// sample each: no test (atomic 1.88× faster than mutex as measured)".
func verdict(w *report.Winner) string {
	word := "better"
	if w.Unit == report.TimeUnit {
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
	switch w.Status {
	case report.Win:
		return fmt.Sprintf("%s %s %s than %s (p=%.3f, adjusted %.3f%s)", w.Best, quantity.Times(w.Ratio), word, w.RunnerUp, w.P, w.PAdj, zero)
	case report.BelowThreshold:
		return fmt.Sprintf("%s ≈ %s: %s, not shown beyond the %s threshold (p=%.3f, adjusted %.3f; beyond it p=%.3f)", w.Best, w.RunnerUp, quantity.Times(w.Ratio), compare.FormatPercent(w.Threshold), w.P, w.PAdj, w.PBeyond)
	case report.NoTest:
		return fmt.Sprintf("%s: no test (%s %s %s than %s as measured%s)", samplesEach(w.N), w.Best, quantity.Times(w.Ratio), word, w.RunnerUp, zero)
	}
	s := fmt.Sprintf("no significant winner: %s vs %s %s (p=%.3f", w.Best, w.RunnerUp, quantity.Times(w.Ratio), w.P)
	if w.PAdj >= 0 {
		s += fmt.Sprintf(", adjusted %.3f", w.PAdj)
	}
	return s + zero + ")"
}

// samplesEach says how many samples a side had: "1 sample each".
func samplesEach(n int) string {
	if n == 1 {
		return "1 sample each"
	}
	return fmt.Sprintf("%d samples each", n)
}
