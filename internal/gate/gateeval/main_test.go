package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/gate"
	"github.com/syncbench/syncbench/internal/gate/sequential"
)

func TestWilson(t *testing.T) {
	// Known values: 0 of 10 -> [0, 0.2775]; 5 of 10 -> [0.2366, 0.7634].
	if lo, hi := wilson(0, 10); lo != 0 || math.Abs(hi-0.2775) > 1e-4 {
		t.Errorf("wilson(0,10) = %v, %v", lo, hi)
	}
	if lo, hi := wilson(5, 10); math.Abs(lo-0.2366) > 1e-4 || math.Abs(hi-0.7634) > 1e-4 {
		t.Errorf("wilson(5,10) = %v, %v", lo, hi)
	}
}

// TestSimulate checks on a synthetic pool written as the gate writes it
// (3 runs per side and round, one an outlier) that the rounds are read as
// medians, and that simulated runs keep the rates the gate promises at a
// noise like that of this machine's contended rows (a spread of about 10%
// per round and side, a round's load shared by both sides): unchanged code
// passes and rarely fails, a 15% slowdown of one row fails in most runs
// and only through that row.
func TestSimulate(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	const rounds = 60
	old, nw := &strings.Builder{}, &strings.Builder{}
	for _, b := range []*strings.Builder{old, nw} {
		b.WriteString("cpu: test\n")
	}
	for range rounds {
		for _, impl := range []string{"a", "b"} {
			load := 100 * math.Exp(0.1*r.NormFloat64())
			for _, b := range []*strings.Builder{old, nw} {
				for rep := range 3 {
					v := load * math.Exp(0.1*r.NormFloat64())
					if rep == 0 {
						v = 10 * load // an outlier the median drops
					}
					fmt.Fprintf(b, "BenchmarkC/impl=%s-2 1000 %.3f ns/op %.3f cpu-ns/op\n", impl, v, v)
				}
			}
		}
	}
	for name, b := range map[string]*strings.Builder{"old": old, "new": nw} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	p, err := load(filepath.Join(dir, "old"), filepath.Join(dir, "new"), gate.CPUUnit, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.old[0]) != rounds || len(p.names) != 2 || p.old[0][0] > 200 {
		t.Fatalf("pool: %d rounds of %d benchmarks, first %v", len(p.old[0]), len(p.names), p.old[0][0])
	}
	const trials = 200
	target := regexp.MustCompile("impl=a")
	count := func(shift float64) (map[gate.Verdict]int, int) {
		c, wrongRow := map[gate.Verdict]int{}, 0
		for range trials {
			v, _, rows := simulateRows(p, r, sequential.DefaultPlan, target, shift)
			c[v]++
			for _, row := range rows {
				if row.State == sequential.Failed && !target.MatchString(row.Name) {
					wrongRow++
				}
			}
		}
		return c, wrongRow
	}
	null, _ := count(0)
	if null[gate.Pass] < trials*9/10 || null[gate.Fail] > trials*3/100 {
		t.Errorf("no change: %v of %d runs; want at least 90%% PASS, at most 3%% FAIL", null, trials)
	}
	slow, wrong := count(0.15)
	if slow[gate.Fail] < trials*9/10 || wrong > 0 {
		t.Errorf("impl=a 15%% slower: %v of %d runs, %d failed rows other than impl=a; want at least 90%% FAIL, none", slow, trials, wrong)
	}
}
