package main

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCounts: precision, recall and F1 on hand-made series: a match is
// the reported point nearest the true change within the tolerance, every
// other one is false, and a series without a change makes only false
// ones.
func TestCounts(t *testing.T) {
	var c counts
	c.add([]int{48, 53, 100}, 50, 200, 5) // 48 matches (error 2), 53 and 100 false
	c.add([]int{10}, 50, 100, 5)          // missed, 10 false
	c.add(nil, 30, 100, 5)                // missed
	c.add([]int{36}, 30, 100, 5)          // 6 away: missed, false
	c.add([]int{25}, 30, 100, 5)          // 5 away: matched
	if c.TP != 2 || c.FP != 4 || c.FN != 3 || c.Points != 600 {
		t.Fatalf("counts = %+v, want TP 2, FP 4, FN 3, 600 points", c)
	}
	if !slices.Equal(c.LocErr, []int{2, 5}) {
		t.Errorf("errors of the matches = %v, want [2 5]", c.LocErr)
	}
	p, r, f1 := c.prf()
	if math.Abs(p-2.0/6) > 1e-12 || math.Abs(r-2.0/5) > 1e-12 || math.Abs(f1-2*(2.0/6)*(2.0/5)/(2.0/6+2.0/5)) > 1e-12 {
		t.Errorf("precision, recall, F1 = %v, %v, %v; want 1/3, 2/5, 4/11", p, r, f1)
	}
	var null counts
	null.add([]int{5, 70}, -1, 1500, 5)
	null.add(nil, -1, 500, 5)
	if null.FP != 2 || null.TP+null.FN != 0 || null.perThousand() != 1 {
		t.Errorf("null series: %+v, %v per 1,000 points; want 2 false in 2,000 points, 1 per 1,000", null, null.perThousand())
	}
	var none counts
	none.add(nil, 40, 100, 5)
	if p, r, f1 := none.prf(); p != 1 || r != 0 || f1 != 0 {
		t.Errorf("nothing reported: %v, %v, %v; want precision 1, recall 0, F1 0", p, r, f1)
	}
}

// TestDelay: the delay is the first prefix (in points after the change)
// whose report holds the change within the tolerance, not merely any
// report.
func TestDelay(t *testing.T) {
	grid := []int{1, 2, 4, 8}
	found := [][]int{nil, {90}, {57}, {51}}
	if d := delay(found, grid, 50, 5); d != 8 {
		t.Errorf("delay = %d, want 8 (57 is 7 away)", d)
	}
	if d := delay(found, grid, 50, 7); d != 4 {
		t.Errorf("delay at tolerance 7 = %d, want 4", d)
	}
	if d := delay(found[:3], grid, 50, 5); d != -1 {
		t.Errorf("delay = %d, want -1 (not found)", d)
	}
	g := delayGrid()
	if g[0] != 1 || g[19] != 20 || g[20] != 22 || g[len(g)-1] != 100 || !slices.IsSorted(g) {
		t.Errorf("delay grid %v", g)
	}
}

// TestLoadDraw: configurations are kept when enough runs of their group
// hold them, normalized by their median over every run, and a drawn point
// takes all its samples from one real run, times 1+step from the change
// on.
func TestLoadDraw(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("pkg: x\n"+body), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.txt", "BenchmarkA 1 10 ns/op\nBenchmarkA 1 10 ns/op\nBenchmarkA 1 10 ns/op\nBenchmarkOnly 1 5 ns/op\nBenchmarkOnly 1 5 ns/op\nBenchmarkOnly 1 5 ns/op\n")
	b := write("b.txt", "BenchmarkA 1 30 ns/op\nBenchmarkA 1 30 ns/op\nBenchmarkA 1 30 ns/op\nBenchmarkA 1 30 ns/op\n")
	p, err := load([][]string{{a, b}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.names) != 1 || len(p.runs[0]) != 2 {
		t.Fatalf("kept %v with %d runs; want BenchmarkA alone, in 2 runs", p.names, len(p.runs))
	}
	// Median of 10,10,10,30,30,30,30 is 30: the runs are 1/3 and 1.
	if p.runs[0][0][0] != 1.0/3 || p.runs[0][1][0] != 1 {
		t.Errorf("normalized runs %v", p.runs[0])
	}
	if s := p.spread(); math.Abs(s-2) > 1e-12 {
		t.Errorf("spread = %v, want 2 (1 over 1/3, minus 1)", s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	s := p.draw(rng, 0, 40, 25, 0.1)
	levels := map[float64]bool{}
	for i, pt := range s.S {
		f := 1.0
		if i >= 25 {
			f = 1.1
		}
		if len(pt) != 3 && len(pt) != 4 {
			t.Fatalf("point %d has %d samples; want those of one run (3 or 4)", i, len(pt))
		}
		for _, v := range pt {
			if v != pt[0] {
				t.Fatalf("point %d mixes runs: %v", i, pt)
			}
		}
		lv := pt[0] / f
		if math.Abs(lv-1.0/3) > 1e-12 && math.Abs(lv-1) > 1e-12 {
			t.Fatalf("point %d: %v is not a run's sample times %v", i, pt[0], f)
		}
		levels[math.Round(lv*3)] = true
	}
	if len(levels) != 2 {
		t.Errorf("40 points drew from %d runs; want both", len(levels))
	}
	if _, err := load([][]string{{a, b}}, 3); err == nil {
		t.Error("no configuration in 3 runs: want an error")
	}
}
