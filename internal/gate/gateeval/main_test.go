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

// TestSimulate checks on a synthetic pool of quiet rounds, written as the
// gate writes them (3 runs per side and round), that the rounds are read
// as medians and that a simulated null run passes and a 30% slowdown of
// one implementation fails.
func TestSimulate(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	for _, side := range []string{"old", "new"} {
		var b strings.Builder
		b.WriteString("cpu: test\n")
		for range 20 {
			for _, impl := range []string{"a", "b"} {
				for rep := range 3 {
					v := 100 + r.Float64()
					if rep == 0 {
						v = 1000 // an outlier the median drops
					}
					fmt.Fprintf(&b, "BenchmarkC/impl=%s-2 1000 %.3f ns/op %.3f cpu-ns/op\n", impl, v, v)
				}
			}
		}
		if err := os.WriteFile(filepath.Join(dir, side), []byte(b.String()), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	p, err := load(filepath.Join(dir, "old"), filepath.Join(dir, "new"), gate.CPUUnit, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.old[0]) != 20 || len(p.names) != 2 || p.old[0][0] > 101 {
		t.Fatalf("pool: %d rounds of %d benchmarks, first %v", len(p.old[0]), len(p.names), p.old[0][0])
	}
	for _, tc := range []struct {
		shift float64
		want  gate.Verdict
	}{{0, gate.Pass}, {0.3, gate.Fail}} {
		if v, n := simulate(p, r, gate.DefaultPlan, regexp.MustCompile("impl=a"), tc.shift); v != tc.want {
			t.Errorf("shift %v: %v after %d rounds; want %v", tc.shift, v, n, tc.want)
		}
	}
}
