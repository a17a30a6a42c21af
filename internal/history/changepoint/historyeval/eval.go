package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/syncbench/syncbench/internal/history/changepoint"
	"github.com/syncbench/syncbench/internal/results"
)

// pool is the real samples the series are drawn from: for each
// configuration seen in enough runs, the time samples of each run,
// divided by the configuration's median over every run.
type pool struct {
	names []string
	runs  [][][]float64 // runs[config][run] = samples
	files int
}

// load reads the real runs (gzipped or not), in groups: each group is
// the runs of one bench code on one machine. It keeps every sec/op
// configuration of a group that at least minRuns of the group's runs
// hold, with at least 3 samples in each; the same name in two groups is
// two configurations.
func load(groups [][]string, minRuns int) (*pool, error) {
	byName := map[string][][]float64{}
	nfiles := 0
	for gi, paths := range groups {
		nfiles += len(paths)
		if err := loadGroup(byName, gi, paths); err != nil {
			return nil, err
		}
	}
	p := &pool{files: nfiles}
	return p.finish(byName, minRuns)
}

// loadGroup adds the sec/op samples of one group's runs to byName, each
// name prefixed with the group's number.
func loadGroup(byName map[string][][]float64, group int, paths []string) error {
	for fi, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		var r io.Reader = f
		if strings.HasSuffix(path, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				f.Close()
				return fmt.Errorf("%s: %v", path, err)
			}
		}
		rf, err := results.Read(path, r)
		f.Close()
		if err != nil {
			return err
		}
		for _, res := range rf.Results {
			v, ok := res.Value("sec/op")
			if !ok || v <= 0 {
				continue
			}
			name := strconv.Itoa(group) + " " + res.GetConfig("pkg") + " " + string(res.Name.Full())
			runs := byName[name]
			for len(runs) <= fi {
				runs = append(runs, nil)
			}
			runs[fi] = append(runs[fi], v)
			byName[name] = runs
		}
	}
	return nil
}

// finish keeps the configurations of byName held by minRuns runs and
// normalizes them.
func (p *pool) finish(byName map[string][][]float64, minRuns int) (*pool, error) {
	for name, runs := range byName {
		var kept [][]float64
		var all []float64
		for _, r := range runs {
			if len(r) >= 3 {
				kept = append(kept, r)
				all = append(all, r...)
			}
		}
		if len(kept) < minRuns {
			continue
		}
		med := changepoint.Median(all)
		for _, r := range kept {
			for i := range r {
				r[i] /= med
			}
		}
		p.names = append(p.names, name)
		p.runs = append(p.runs, kept)
	}
	if len(p.names) == 0 {
		return nil, fmt.Errorf("no sec/op configuration is in %d runs of a group", minRuns)
	}
	// Map order is random: sort so that a seed makes the same series.
	idx := make([]int, len(p.names))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return p.names[idx[a]] < p.names[idx[b]] })
	names, runs := make([]string, len(idx)), make([][][]float64, len(idx))
	for i, j := range idx {
		names[i], runs[i] = p.names[j], p.runs[j]
	}
	p.names, p.runs = names, runs
	return p, nil
}

// spread is, over the pool's configurations, the median of the spread of
// the runs' medians: (largest/smallest − 1).
func (p *pool) spread() float64 {
	var s []float64
	for _, runs := range p.runs {
		var meds []float64
		for _, r := range runs {
			meds = append(meds, changepoint.Median(slices.Clone(r)))
		}
		s = append(s, slices.Max(meds)/slices.Min(meds)-1)
	}
	return changepoint.Median(s)
}

// truth is what a synthetic series holds: n points and, when Change >= 0,
// a step of Step (a fraction) from point Change on.
type truth struct {
	N      int
	Change int
	Step   float64
	Config int
}

// synth is one synthetic series with its truth.
type synth struct {
	truth
	S changepoint.Series
}

// draw makes one series of n points from configuration cfg: each point
// picks one real run at random and draws as many samples as that run has,
// with replacement, from it; from point change on (if change >= 0) every
// sample is multiplied by 1+step.
func (p *pool) draw(rng *rand.Rand, cfg, n, change int, step float64) synth {
	s := make(changepoint.Series, n)
	for i := range n {
		run := p.runs[cfg][rng.IntN(len(p.runs[cfg]))]
		f := 1.0
		if change >= 0 && i >= change {
			f = 1 + step
		}
		pt := make([]float64, len(run))
		for j := range pt {
			pt[j] = run[rng.IntN(len(run))] * f
		}
		s[i] = pt
	}
	return synth{truth{N: n, Change: change, Step: step, Config: cfg}, s}
}

// generate makes the evaluation's series: per of each signed step (a
// length uniform in [minN, maxN], the change uniform in the middle three
// fifths) and null series without a change.
func (p *pool) generate(rng *rand.Rand, steps []float64, per, null, minN, maxN int) []synth {
	var out []synth
	for _, st := range steps {
		for _, sign := range []float64{1, -1} {
			for range per {
				n := minN + rng.IntN(maxN-minN+1)
				c := n/5 + rng.IntN(n*3/5+1)
				out = append(out, p.draw(rng, rng.IntN(len(p.names)), n, c, sign*st))
			}
		}
	}
	for range null {
		n := minN + rng.IntN(maxN-minN+1)
		out = append(out, p.draw(rng, rng.IntN(len(p.names)), n, -1, 0))
	}
	return out
}

// counts are the matched (tp) and unmatched (fp) reported change points
// and the true ones missed (fn), plus the points of the series counted.
type counts struct {
	TP, FP, FN, Points int
	LocErr             []int // |reported − true| of each match
}

// add scores one series: the reported indices against its true change
// (change < 0: none). A true change is matched by the nearest reported
// index within tol of it; every other reported index is a false one.
func (c *counts) add(reported []int, change, n, tol int) {
	c.Points += n
	if change < 0 {
		c.FP += len(reported)
		return
	}
	best := -1
	for i, r := range reported {
		if d := abs(r - change); d <= tol && (best < 0 || d < abs(reported[best]-change)) {
			best = i
		}
	}
	if best < 0 {
		c.FN++
		c.FP += len(reported)
		return
	}
	c.TP++
	c.FP += len(reported) - 1
	c.LocErr = append(c.LocErr, abs(reported[best]-change))
}

func (c *counts) merge(o counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
	c.Points += o.Points
	c.LocErr = append(c.LocErr, o.LocErr...)
}

// prf is precision, recall and F1 (precision is 1 when nothing was
// reported, F1 0 when nothing was found).
func (c counts) prf() (precision, recall, f1 float64) {
	precision = 1
	if c.TP+c.FP > 0 {
		precision = float64(c.TP) / float64(c.TP+c.FP)
	}
	if c.TP+c.FN > 0 {
		recall = float64(c.TP) / float64(c.TP+c.FN)
	}
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return precision, recall, f1
}

// perThousand is the false change points per 1,000 points.
func (c counts) perThousand() float64 {
	if c.Points == 0 {
		return 0
	}
	return 1000 * float64(c.FP) / float64(c.Points)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// delayGrid is the numbers of points after the change at which the
// prefixes are analysed: every point to 20, every second to 40, every
// fifth to 100.
func delayGrid() []int {
	var g []int
	for k := 1; k <= 100; {
		g = append(g, k)
		switch {
		case k < 20:
			k++
		case k < 40:
			k += 2
		default:
			k += 5
		}
	}
	return g
}

// delay is the first k of grid (in order) whose prefix's reported indices
// hold one within tol of change, or -1; found[i] are the indices reported
// on the prefix of change+grid[i] points.
func delay(found [][]int, grid []int, change, tol int) int {
	for i, rep := range found {
		for _, r := range rep {
			if abs(r-change) <= tol {
				return grid[i]
			}
		}
	}
	return -1
}

// indices are the reported change points' indices.
func indices(cs []changepoint.Change) []int {
	out := make([]int, len(cs))
	for i, c := range cs {
		out[i] = c.Index
	}
	return out
}
