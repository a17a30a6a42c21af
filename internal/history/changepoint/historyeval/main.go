// Command historyeval measures syncbench's change-point detector
// (internal/history/changepoint) against Apache Otava's on the same
// series, for scripts/history-eval.sh, and prints the figures as markdown.
//
// Usage:
//
//	historyeval [flags] RUN[,RUN...]...
//
// Each argument is a group of real results files of this suite (gzipped
// or not), comma-separated: runs of one bench code on one machine. Every
// sec/op configuration held by at least -min-runs runs of its group gives
// a population: its samples run by run, divided by the
// configuration's median over all runs. A synthetic series of n points
// takes one configuration at random; each point picks one of its real
// runs at random and draws as many samples as that run has, with
// replacement, from that run, so that points differ as real runs of this
// suite differ; from the change on every sample is multiplied by 1+step.
// The evaluation set holds -per series for each step of -steps, up and
// down, with a length uniform in [-min-n, -max-n] and the change uniform
// in the middle three fifths, and -null series without a change. It is
// seeded (-seed) and so reproducible.
//
// syncbench's detector gets every point's samples; Otava gets one number
// a point, the point's median, as it keeps one. Otava runs through
// scripts/history-eval/otava_run.py (-driver), which imports Otava's own
// otava.analysis from -otava-src and calls its compute_change_points on
// each series, at its defaults (window 50, max p-value 0.001) and at
// every setting of a grid (-windows × -pvalues), of which the best overall
// F1 is shown too.
//
// A reported change point matches the true one when it lies within -tol
// points of it; the nearest such point is the match and every other one
// reported is false. The detection delay is measured on prefixes: for a
// series with at least 100 points after its change, the detectors are run
// on the series cut k points after the change, for k on a grid (every
// point to 20, every second to 40, every fifth to 100); the delay is the
// first k at which a change point within -tol of the true one is
// reported.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/history/changepoint"
)

func main() {
	seed := flag.Uint64("seed", 1, "random seed of the series")
	per := flag.Int("per", 150, "series per step and direction")
	null := flag.Int("null", 400, "series without a change")
	minN := flag.Int("min-n", 50, "shortest series")
	maxN := flag.Int("max-n", 500, "longest series")
	stepsFlag := flag.String("steps", "2,5,10,20", "steps, in `percent` (each up and down)")
	tol := flag.Int("tol", 5, "match tolerance, in points")
	minRuns := flag.Int("min-runs", 2, "fewest real runs of its group a configuration must be in")
	delayPer := flag.Int("delay-series", 40, "series per step size whose detection delay is measured")
	python := flag.String("python", "/usr/bin/python3", "the Python that runs Otava")
	driver := flag.String("driver", "scripts/history-eval/otava_run.py", "the Otava driver")
	otavaSrc := flag.String("otava-src", "", "a directory holding Otava's otava/ package (required)")
	windows := flag.String("windows", "20,30,50,80,120,200", "Otava window lengths of the grid")
	pvalues := flag.String("pvalues", "0.0001,0.001,0.01,0.05", "Otava max p-values of the grid")
	timingN := flag.Int("timing-series", 1000, "series of the timing set")
	timingLen := flag.Int("timing-len", 500, "points of each series of the timing set")
	work := flag.String("work", "", "directory for the files given to Otava [a temporary one]")
	flag.Parse()
	fail := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "historyeval: "+format+"\n", a...)
		os.Exit(2)
	}
	if flag.NArg() == 0 {
		fail("usage: historyeval [flags] RUN[,RUN...]...")
	}
	if *otavaSrc == "" {
		fail("-otava-src is required (a directory holding Otava's otava/ package)")
	}
	if _, err := os.Stat(filepath.Join(*otavaSrc, "otava", "analysis.py")); err != nil {
		fail("-otava-src %s: no otava/analysis.py in it", *otavaSrc)
	}
	if *minN < 20 || *maxN < *minN {
		fail("-min-n must be at least 20 and -max-n at least -min-n")
	}
	steps, err := floats(*stepsFlag, 0.01)
	if err != nil {
		fail("-steps: %v", err)
	}
	ws, err := ints(*windows)
	if err != nil {
		fail("-windows: %v", err)
	}
	ps, err := floats(*pvalues, 1)
	if err != nil {
		fail("-pvalues: %v", err)
	}
	if *work == "" {
		d, err := os.MkdirTemp("", "historyeval")
		if err != nil {
			fail("%v", err)
		}
		defer os.RemoveAll(d)
		*work = d
	}
	var groups [][]string
	for _, a := range flag.Args() {
		groups = append(groups, strings.Split(a, ","))
	}
	p, err := load(groups, *minRuns)
	if err != nil {
		fail("%v", err)
	}
	rng := rand.New(rand.NewPCG(*seed, 21))
	set := p.generate(rng, steps, *per, *null, *minN, *maxN)
	e := &eval{set: set, steps: steps, tol: *tol, python: *python, driver: *driver, src: *otavaSrc, work: *work}
	e.pickDelay(*delayPer)

	totalPts, nullPts := 0, 0
	for _, s := range set {
		totalPts += s.N
		if s.Change < 0 {
			nullPts += s.N
		}
	}
	var gl []string
	for _, g := range groups {
		gl = append(gl, strings.Join(g, " and "))
	}
	fmt.Printf("Populations: %d sec/op configurations held by at least %d real runs of their group, from %d runs in %d groups (runs of one bench code on one machine): %s. Between the runs of a group, a configuration's run medians differ by a median of %.1f%% (largest/smallest − 1).\n\n",
		len(p.names), *minRuns, p.files, len(groups), strings.Join(gl, "; "), 100*p.spread())
	fmt.Printf("Evaluation set (seed %d): %d series, %d points: %d per step of %s, up and down, and %d without a change (%d points); lengths uniform in %d–%d points, the change uniform in the middle three fifths. Match tolerance ±%d points.\n\n",
		*seed, len(set), totalPts, *per, pcts(steps), *null, nullPts, *minN, *maxN, *tol)

	// syncbench: each series alone (no help from the false discovery
	// rate over many series), at the default and at explicit thresholds.
	type result struct {
		label  string
		found  [][]int
		delays [][][]int
	}
	var all []result
	for _, st := range []struct {
		label string
		th    float64
	}{
		{"syncbench, default (Threshold 5%: an effect floor)", 0.05},
		{"syncbench, Threshold 1%", 0.01},
		{"syncbench, Threshold 0", 0},
	} {
		opt := changepoint.DefaultOptions()
		opt.Threshold = st.th
		r := result{label: st.label}
		for _, s := range set {
			r.found = append(r.found, indices(changepoint.Detect([]changepoint.Series{s.S}, opt)[0]))
		}
		for _, i := range e.delaySet {
			s := set[i]
			var per [][]int
			for _, k := range delayGrid() {
				per = append(per, indices(changepoint.Detect([]changepoint.Series{s.S[:s.Change+k]}, opt)[0]))
			}
			r.delays = append(r.delays, per)
		}
		all = append(all, r)
		fmt.Fprintf(os.Stderr, "historyeval: %s done\n", st.label)
	}

	// Otava: the grid, then its default and its best with delays.
	if err := e.writeOtava(); err != nil {
		fail("%v", err)
	}
	type gridCell struct {
		w     int
		p, f1 float64
		found [][]int
	}
	var grid []gridCell
	var def gridCell
	best := gridCell{f1: -1}
	for _, w := range ws {
		for _, pv := range ps {
			found, _, err := e.otava(w, pv, "full")
			if err != nil {
				fail("%v", err)
			}
			c := gridCell{w: w, p: pv, found: found}
			_, _, c.f1 = e.overall(found).prf()
			grid = append(grid, c)
			if c.f1 > best.f1 {
				best = c
			}
			if w == 50 && pv == 0.001 {
				def = c
			}
			fmt.Fprintf(os.Stderr, "historyeval: Otava window %d p %g: F1 %.3f\n", w, pv, c.f1)
		}
	}
	if def.found == nil {
		found, _, err := e.otava(50, 0.001, "full")
		if err != nil {
			fail("%v", err)
		}
		def = gridCell{w: 50, p: 0.001, found: found}
		_, _, def.f1 = e.overall(found).prf()
	}
	shown := []gridCell{def}
	if best.w != def.w || best.p != def.p {
		shown = append(shown, best)
	}
	for k, c := range shown {
		label := fmt.Sprintf("Otava, default (window %d, p %g)", c.w, c.p)
		if k == 1 {
			label = fmt.Sprintf("Otava, best of the grid (window %d, p %g)", c.w, c.p)
		} else if len(shown) == 1 {
			label += ", also the best of the grid"
		}
		found, _, err := e.otava(c.w, c.p, "delay")
		if err != nil {
			fail("%v", err)
		}
		r := result{label: label, found: c.found}
		g := len(delayGrid())
		for j := range e.delaySet {
			r.delays = append(r.delays, found[j*g:(j+1)*g])
		}
		all = append(all, r)
	}

	// Summary.
	fmt.Printf("### Summary\n\n")
	fmt.Printf("F1 per step size (up and down pooled); overall F1 pools every series, false ones included; false change points per 1,000 points of the %d series without a change; median detection delay in points after the change (in brackets: the share of the %d delay series per step size detected within 100 points).\n\n", *null, len(e.delaySet)/len(steps))
	head := "| detector | "
	sep := "|---|"
	for _, st := range steps {
		head += fmt.Sprintf("F1 %g%% | ", st*100)
		sep += "--:|"
	}
	head += "overall F1 | false CPs / 1,000 points | "
	sep += "--:|--:|"
	for _, st := range steps {
		head += fmt.Sprintf("delay %g%% | ", st*100)
		sep += "--:|"
	}
	fmt.Println(strings.TrimSpace(head))
	fmt.Println(sep)
	for _, r := range all {
		line := "| " + r.label + " | "
		for _, st := range steps {
			_, _, f1 := e.byStep(r.found, st).prf()
			line += fmt.Sprintf("%.3f | ", f1)
		}
		_, _, f1 := e.overall(r.found).prf()
		line += fmt.Sprintf("%.3f | %.2f | ", f1, e.nulls(r.found).perThousand())
		for _, st := range steps {
			line += e.delayCell(r.delays, st) + " | "
		}
		fmt.Println(strings.TrimSpace(line))
	}

	fmt.Printf("\n### Precision and recall per step size\n\n")
	fmt.Println("| detector | step | series | reported | precision | recall | F1 | median \\|error\\| of matches |")
	fmt.Println("|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range all {
		for _, st := range steps {
			c := e.byStep(r.found, st)
			pr, re, f1 := c.prf()
			fmt.Printf("| %s | %g%% | %d | %d | %.3f | %.3f | %.3f | %s |\n", r.label, st*100, c.TP+c.FN, c.TP+c.FP, pr, re, f1, medInt(c.LocErr))
		}
		c := e.nulls(r.found)
		fmt.Printf("| %s | none | %d | %d | – | – | – | %.2f false per 1,000 points |\n", r.label, *null, c.FP, c.perThousand())
	}

	fmt.Printf("\n### Otava's grid\n\n")
	fmt.Printf("Overall F1 of Otava at each setting on these series (window length × max p-value; its min_magnitude left at 0). The best, window %d and p %g, is chosen on the evaluation set itself, which favours Otava.\n\n", best.w, best.p)
	fmt.Print("| window |")
	for _, pv := range ps {
		fmt.Printf(" p %g |", pv)
	}
	fmt.Print("\n|--:|")
	for range ps {
		fmt.Print("--:|")
	}
	fmt.Println()
	for i, w := range ws {
		fmt.Printf("| %d |", w)
		for j := range ps {
			c := grid[i*len(ps)+j]
			fp := e.nulls(c.found).perThousand()
			fmt.Printf(" %.3f (%.2f false/1,000) |", c.f1, fp)
		}
		fmt.Println()
	}

	// Timing: the same 1,000 series of 500 points for both.
	trng := rand.New(rand.NewPCG(*seed, 1000))
	tset := make([]synth, *timingN)
	for i := range tset {
		change, step := -1, 0.0
		if i%2 == 1 {
			change = *timingLen/5 + trng.IntN(*timingLen*3/5+1)
			step = steps[trng.IntN(len(steps))]
			if trng.IntN(2) == 0 {
				step = -step
			}
		}
		tset[i] = p.draw(trng, trng.IntN(len(p.names)), *timingLen, change, step)
	}
	ss := make([]changepoint.Series, len(tset))
	for i := range tset {
		ss[i] = tset[i].S
	}
	t0 := time.Now()
	changepoint.Detect(ss, changepoint.DefaultOptions())
	batch := time.Since(t0)
	t0 = time.Now()
	for _, s := range ss {
		changepoint.Detect([]changepoint.Series{s}, changepoint.DefaultOptions())
	}
	alone := time.Since(t0)
	if err := e.writeTiming(tset); err != nil {
		fail("%v", err)
	}
	_, osecs, err := e.otava(50, 0.001, "timing")
	if err != nil {
		fail("%v", err)
	}
	fmt.Printf("\n### Time\n\n")
	fmt.Printf("Change detection over the same %d series of %d points (half of them with a step), timed inside each process (series in memory, reading excluded), one run each:\n\n", *timingN, *timingLen)
	fmt.Println("| detector | time | Otava's time / this |")
	fmt.Println("|---|--:|--:|")
	fmt.Printf("| syncbench, every series in one Detect call (as `history changes` does; default options) | %.3f s | %.0f× |\n", batch.Seconds(), osecs/batch.Seconds())
	fmt.Printf("| syncbench, one Detect call per series | %.3f s | %.0f× |\n", alone.Seconds(), osecs/alone.Seconds())
	fmt.Printf("| Otava, default (window 50, p 0.001), one compute_change_points call per series | %.3f s | 1× |\n", osecs)
}

// eval holds the evaluation set and runs Otava on it.
type eval struct {
	set      []synth
	steps    []float64
	tol      int
	delaySet []int
	python   string
	driver   string
	src      string
	work     string
}

// pickDelay chooses, for each step size, up to per series (half up, half
// down, in set order) with at least 100 points after the change.
func (e *eval) pickDelay(per int) {
	for _, st := range e.steps {
		for _, sign := range []float64{1, -1} {
			n := 0
			for i, s := range e.set {
				if n < per/2 && s.Change >= 0 && s.Step == sign*st && s.N-s.Change >= 100 {
					e.delaySet = append(e.delaySet, i)
					n++
				}
			}
		}
	}
}

func (e *eval) byStep(found [][]int, step float64) counts {
	var c counts
	for i, s := range e.set {
		if s.Change >= 0 && math.Abs(s.Step) == step {
			c.add(found[i], s.Change, s.N, e.tol)
		}
	}
	return c
}

func (e *eval) nulls(found [][]int) counts {
	var c counts
	for i, s := range e.set {
		if s.Change < 0 {
			c.add(found[i], -1, s.N, e.tol)
		}
	}
	return c
}

func (e *eval) overall(found [][]int) counts {
	var c counts
	for i, s := range e.set {
		c.add(found[i], s.Change, s.N, e.tol)
	}
	return c
}

// delayCell is the median delay of the delay series of one step size
// that were detected within the grid, and the share detected.
func (e *eval) delayCell(delays [][][]int, step float64) string {
	var d []int
	total := 0
	for j, i := range e.delaySet {
		s := e.set[i]
		if math.Abs(s.Step) != step {
			continue
		}
		total++
		if k := delay(delays[j], delayGrid(), s.Change, e.tol); k >= 0 {
			d = append(d, k)
		}
	}
	if total == 0 {
		return "–"
	}
	return fmt.Sprintf("%s (%.0f%%)", medInt(d), 100*float64(len(d))/float64(total))
}

func medInt(v []int) string {
	if len(v) == 0 {
		return "–"
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return strconv.Itoa(s[len(s)/2])
	}
	return strconv.FormatFloat(float64(s[len(s)/2-1]+s[len(s)/2])/2, 'f', -1, 64)
}

// writeOtava writes the evaluation set's point medians (series.txt) and
// the jobs: every series whole (full.txt), and the delay prefixes
// (delay.txt).
func (e *eval) writeOtava() error {
	var b strings.Builder
	for i, s := range e.set {
		writeSeries(&b, i, changepoint.Medians(s.S))
	}
	if err := os.WriteFile(filepath.Join(e.work, "series.txt"), []byte(b.String()), 0o666); err != nil {
		return err
	}
	b.Reset()
	for i, s := range e.set {
		fmt.Fprintf(&b, "j %d %d\n", i, s.N)
	}
	if err := os.WriteFile(filepath.Join(e.work, "full.txt"), []byte(b.String()), 0o666); err != nil {
		return err
	}
	b.Reset()
	for _, i := range e.delaySet {
		for _, k := range delayGrid() {
			fmt.Fprintf(&b, "j %d %d\n", i, e.set[i].Change+k)
		}
	}
	return os.WriteFile(filepath.Join(e.work, "delay.txt"), []byte(b.String()), 0o666)
}

// writeTiming writes the timing set as its own series file with every
// series whole as the jobs.
func (e *eval) writeTiming(set []synth) error {
	var b strings.Builder
	for i, s := range set {
		writeSeries(&b, i, changepoint.Medians(s.S))
		fmt.Fprintf(&b, "j %d %d\n", i, s.N)
	}
	return os.WriteFile(filepath.Join(e.work, "timing.txt"), []byte(b.String()), 0o666)
}

func writeSeries(b *strings.Builder, id int, v []float64) {
	fmt.Fprintf(b, "s %d", id)
	for _, x := range v {
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(x, 'g', 10, 64))
	}
	b.WriteByte('\n')
}

// otava runs the driver at one setting on the jobs of kind (full, delay
// or timing) and returns the indices reported per job, in job order, and
// the seconds the driver's detection loop took.
func (e *eval) otava(window int, p float64, kind string) ([][]int, float64, error) {
	files := []string{filepath.Join(e.work, "series.txt"), filepath.Join(e.work, kind+".txt")}
	if kind == "timing" {
		files = files[1:]
	}
	args := append([]string{e.driver, "--otava-src", e.src, "--window", strconv.Itoa(window), "--pvalue", strconv.FormatFloat(p, 'g', -1, 64)}, files...)
	cmd := exec.Command(e.python, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, 0, fmt.Errorf("otava driver (window %d, p %g, %s): %v", window, p, kind, err)
	}
	var found [][]int
	secs := -1.0
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "r":
			var idx []int
			for _, x := range f[3:] {
				v, err := strconv.Atoi(x)
				if err != nil {
					return nil, 0, fmt.Errorf("otava driver: bad index %q", x)
				}
				idx = append(idx, v)
			}
			found = append(found, idx)
		case "t":
			if len(f) < 2 {
				return nil, 0, fmt.Errorf("otava driver: bad time line %q", sc.Text())
			}
			if secs, err = strconv.ParseFloat(f[1], 64); err != nil {
				return nil, 0, fmt.Errorf("otava driver: bad time line %q", sc.Text())
			}
		}
	}
	if secs < 0 {
		return nil, 0, fmt.Errorf("otava driver (window %d, p %g, %s): no time line in its output", window, p, kind)
	}
	return found, secs, nil
}

func floats(s string, scale float64) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, v*scale)
	}
	return out, nil
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 2 {
			return nil, fmt.Errorf("%q is not a whole number of at least 2", f)
		}
		out = append(out, v)
	}
	return out, nil
}

func pcts(steps []float64) string {
	var s []string
	for _, st := range steps {
		s = append(s, fmt.Sprintf("%g%%", st*100))
	}
	return strings.Join(s, ", ")
}
