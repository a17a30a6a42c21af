// Command replicationeval measures how well runs of one commit agree, for
// each sampling design, and prints the figures as markdown;
// scripts/replication.sh runs it on the runs it makes.
//
// Usage:
//
//	go run ./internal/rounds/replicationeval -design NAME=RUN,RUN[,...] [-design ...]
//
// For every pair of runs of a design (the earlier run as old), it prints:
// the time rows (sec/op) whose samples do not overlap at all, and those
// whose two 95% intervals do not overlap, of the rows with an interval on
// both sides; the median |change| of the time
// rows; what `syncbench compare OLD NEW` decides (its exit code 0, 1 or 2
// and its counts of slower, faster, no change and not enough data, from
// internal/compare with its default options); and report's winners
// (internal/report at its defaults, threshold 5%): workloads where both
// runs name the same significant winner, opposite winners, or a win in
// one run only, of the workloads with a winner in either, and how many of
// the last rank the same implementation first in the other run, where its
// lead is not shown significant or not shown to reach the threshold. The
// statistics are those of compare and report; nothing here recomputes
// them.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/results"
)

// designs collects -design flags in order.
type designs []design

type design struct {
	name string
	runs []string
	note string // how the runs were cut, for the heading
}

func (d *designs) String() string { return fmt.Sprint(*d) }

func (d *designs) Set(s string) error {
	name, list, ok := strings.Cut(s, "=")
	if !ok || name == "" || list == "" {
		return errors.New("want NAME=RUN,RUN[,...]")
	}
	*d = append(*d, design{name: name, runs: strings.Split(list, ",")})
	return nil
}

func main() {
	var ds designs
	flag.Var(&ds, "design", "a design's runs, `NAME=RUN,RUN[,...]` (repeatable)")
	first := flag.Int("first", 0, "use only the first `N` samples of each benchmark in every run (0: all)")
	flag.Parse()
	if len(ds) == 0 || flag.NArg() > 0 || *first < 0 {
		fmt.Fprintln(os.Stderr, "usage: replicationeval [-first N] -design NAME=RUN,RUN[,...] [-design ...]")
		os.Exit(2)
	}
	if err := cutAndRun(os.Stdout, ds, *first); err != nil {
		fmt.Fprintln(os.Stderr, "replicationeval:", err)
		os.Exit(2)
	}
}

// cutAndRun runs the analysis of ds, each run cut to its first samples
// of each benchmark when first is above 0 (in a temporary directory,
// removed when done).
func cutAndRun(w io.Writer, ds designs, first int) error {
	if first > 0 {
		dir, err := os.MkdirTemp("", "replicationeval-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if ds, err = firstSamples(ds, first, dir); err != nil {
			return err
		}
	}
	return run(w, ds)
}

// pair is the agreement of two runs.
type pair struct {
	a, b             string
	timeRows         int      // time rows with an interval on both sides
	apart            int      // of them, with intervals that do not overlap
	sampleRows       int      // time rows with samples on both sides
	disjoint         int      // of them, whose samples do not overlap at all
	mixed            int      // families compare found moving both ways
	shift            float64  // the machine's shift compare judged sec/op against, percent (0: none)
	withUnit         []string // the families compare found moving with their unit, as "name unit"
	medianChange     float64
	exit             int
	slower, faster   int
	same, undecided  int
	winSame, winOpp  int
	winOne, workload int // workload: workloads with a significant winner in either
	winOneSameBest   int // of winOne, those whose other run ranks the same implementation first
	allWorkloads     int // workloads with a winner row in either
}

func run(w io.Writer, ds designs) error {
	winners := map[string]map[string]*report.Winner{}
	for _, d := range ds {
		if len(d.runs) < 2 {
			return fmt.Errorf("design %s: %d run(s), want at least 2", d.name, len(d.runs))
		}
		for _, r := range d.runs {
			ws, err := winnersOf(r)
			if err != nil {
				return err
			}
			winners[r] = ws
		}
	}
	for _, d := range ds {
		fmt.Fprintf(w, "### %s design: %d runs%s\n\n", d.name, len(d.runs), d.note)
		fmt.Fprintln(w, "| pair | time rows with samples not overlapping | time rows apart (intervals not overlapping) | median \\|change\\| | compare: exit, slower / faster / no change / not enough data | compare: machine shift (sec/op); families moved with their unit | families moved both ways | winners: same / opposite / one run only (of workloads with a win in either; all workloads) |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
		for i := range d.runs {
			for j := i + 1; j < len(d.runs); j++ {
				p, err := comparePair(d.runs[i], d.runs[j])
				if err != nil {
					return err
				}
				agree(p, winners[d.runs[i]], winners[d.runs[j]])
				fmt.Fprintf(w, "| %s vs %s | %d of %d (%.1f%%) | %d of %d (%.1f%%) | %.1f%% | exit %d: %d / %d / %d / %d | %s | %d | %d / %d / %d of %d (%.1f%% one run only, %d of them with the same best in the other run; %d workloads) |\n",
					base(p.a), base(p.b), p.disjoint, p.sampleRows, pct(p.disjoint, p.sampleRows), p.apart, p.timeRows, pct(p.apart, p.timeRows), p.medianChange,
					p.exit, p.slower, p.faster, p.same, p.undecided, p.shiftCell(), p.mixed,
					p.winSame, p.winOpp, p.winOne, p.workload, pct(p.winOne, p.allWorkloads), p.winOneSameBest, p.allWorkloads)
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}

func base(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// comparePair compares run a (old) with run b (new) as syncbench compare
// does.
func comparePair(a, b string) (*pair, error) {
	var sides [2]*compare.Side
	for i, path := range []string{a, b} {
		s, _, err := compare.ReadSide(path, "")
		if err != nil {
			return nil, err
		}
		sides[i] = s
	}
	rep, err := compare.Compare(sides[0], sides[1], compare.DefaultOptions())
	if err != nil {
		return nil, err
	}
	p := &pair{a: a, b: b, mixed: len(rep.Mixed)}
	if k, ok := rep.Shifts["sec/op"]; ok {
		p.shift = (k - 1) * 100
	}
	for _, f := range rep.Families {
		if !math.IsNaN(f.WithUnit) {
			p.withUnit = append(p.withUnit, f.Name+" "+f.Unit)
		}
	}
	if err := p.samplesApart(a, b); err != nil {
		return nil, err
	}
	var changes []float64
	for _, r := range rep.Rows {
		if r.Unit != "sec/op" {
			continue
		}
		if !math.IsNaN(r.Change) && !math.IsInf(r.Change, 0) {
			changes = append(changes, math.Abs(r.Change))
		}
		if !interval(r.Old) || !interval(r.New) {
			continue
		}
		p.timeRows++
		if r.Old.Hi < r.New.Lo || r.New.Hi < r.Old.Lo {
			p.apart++
		}
	}
	sort.Float64s(changes)
	if n := len(changes); n > 0 {
		p.medianChange = (changes[(n-1)/2] + changes[n/2]) / 2
	}
	p.slower, p.faster = rep.Count(compare.Slower), rep.Count(compare.Faster)
	p.same, p.undecided = rep.Count(compare.NoChange), rep.Count(compare.NotEnoughData)
	var re *compare.RegressionError
	switch err := rep.Err(); {
	case err == nil:
		p.exit = 0
	case errors.As(err, &re):
		p.exit = 1
	default:
		p.exit = 2
	}
	return p, nil
}

// shiftCell is the machine shift compare found and the families it took
// for their unit's move, for the table.
func (p *pair) shiftCell() string {
	s := "none"
	if p.shift != 0 {
		s = compare.FormatChange(p.shift)
	}
	s += fmt.Sprintf("; %d", len(p.withUnit))
	if len(p.withUnit) > 0 {
		s += " (" + strings.Join(p.withUnit, ", ") + ")"
	}
	return s
}

// samplesApart counts the time rows of runs a and b whose samples do not
// overlap at all: every sample of one run below every sample of the
// other (with 6 independent samples a side, 2/C(12,6) = 0.2% of rows by
// chance).
func (p *pair) samplesApart(a, b string) error {
	type span struct{ lo, hi float64 }
	spans := func(path string) (map[string]span, error) {
		f, err := results.ReadFile(path)
		if err != nil {
			return nil, err
		}
		m := map[string]span{}
		for _, r := range f.Results {
			v, ok := r.Value("sec/op")
			if !ok {
				continue
			}
			name := string(r.Name.Full())
			if s, ok := m[name]; ok {
				m[name] = span{math.Min(s.lo, v), math.Max(s.hi, v)}
			} else {
				m[name] = span{v, v}
			}
		}
		return m, nil
	}
	sa, err := spans(a)
	if err != nil {
		return err
	}
	sb, err := spans(b)
	if err != nil {
		return err
	}
	for name, x := range sa {
		y, ok := sb[name]
		if !ok {
			continue
		}
		p.sampleRows++
		if x.hi < y.lo || y.hi < x.lo {
			p.disjoint++
		}
	}
	return nil
}

// interval reports whether a side has a finite confidence interval
// (benchmath gives ±Inf bounds, benchstat's "∞", when there are too few
// samples for one).
func interval(s compare.Summary) bool {
	return !math.IsInf(s.Lo, 0) && !math.IsInf(s.Hi, 0) && !math.IsNaN(s.Lo) && !math.IsNaN(s.Hi)
}

// winnersOf returns report's winners of a run by workload.
func winnersOf(path string) (map[string]*report.Winner, error) {
	opts := build.Options{Threshold: 0.05}
	in, err := build.Load([]string{path}, opts)
	if err != nil {
		return nil, err
	}
	rep := build.Report(in, opts)
	ws := map[string]*report.Winner{}
	for _, m := range rep.Machines {
		for _, wn := range m.Winners {
			ws[workloadKey(wn)] = wn
		}
	}
	return ws, nil
}

func workloadKey(wn *report.Winner) string {
	var b strings.Builder
	b.WriteString(wn.Family)
	for _, kv := range wn.Workload {
		b.WriteString("/" + kv.Key + "=" + kv.Value)
	}
	fmt.Fprintf(&b, "-%d %s", wn.Procs, wn.Unit)
	return b.String()
}

// agree counts the workloads whose significant winners agree, are
// opposite, or are significant in one run only.
func agree(p *pair, a, b map[string]*report.Winner) {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	p.allWorkloads = len(keys)
	for k := range keys {
		wa, wb := a[k], b[k]
		sa := wa != nil && wa.Significant
		sb := wb != nil && wb.Significant
		switch {
		case sa && sb && wa.Best == wb.Best:
			p.winSame++
		case sa && sb:
			p.winOpp++
		case sa || sb:
			p.winOne++
			if wa != nil && wb != nil && wa.Best == wb.Best {
				p.winOneSameBest++ // ranked alike, the win not shown in one
			}
		default:
			continue
		}
		p.workload++
	}
}
