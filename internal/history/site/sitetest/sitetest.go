// Package sitetest makes the stores that the site's tests and scripts
// generate sites from: a cross-release results file split into its
// rounds, a store of synthetic series of any size, and a run with hostile
// names.
package sitetest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/history"
)

// SplitRounds splits a cross-release results file (syncbench run
// -toolchain, whose go-version blocks interleave the releases round by
// round) into one file per round: file i holds the i-th sample of every
// benchmark line under each release, after the file's header, with the
// header's date moved on by i seconds so that the rounds keep their
// order. Each round is then a run of its own, a point of its own in a
// store. A file of a few releases gives too few points for the
// detector's minimum segment (4 points on each side of a change) when
// each release is one point; split into its rounds, each release is as
// many points as the file has rounds.
func SplitRounds(data []byte) ([][]byte, error) {
	var header []string
	var parts [][]string
	lastGV := map[int]string{}
	count := map[string]int{}
	gv := ""
	inBody := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "go-version: "); ok {
			gv = v
			if !inBody {
				header = append(header, line)
			}
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			if !inBody {
				header = append(header, line)
			} else {
				for i := range parts {
					parts[i] = append(parts[i], line)
				}
			}
			continue
		}
		inBody = true
		name, _, _ := strings.Cut(line, "\t")
		name = strings.Fields(name + " ")[0]
		key := gv + "\x00" + name
		i := count[key]
		count[key]++
		for len(parts) <= i {
			parts = append(parts, nil)
		}
		if lastGV[i] != gv {
			parts[i] = append(parts[i], "go-version: "+gv)
			lastGV[i] = gv
		}
		parts[i] = append(parts[i], line)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("no benchmark lines")
	}
	out := make([][]byte, len(parts))
	for i, p := range parts {
		var b strings.Builder
		for _, h := range header {
			if d, ok := strings.CutPrefix(h, "date: "); ok {
				if t, err := time.Parse(time.RFC3339, d); err == nil {
					h = "date: " + t.Add(time.Duration(i)*time.Second).UTC().Format(time.RFC3339)
				}
			}
			b.WriteString(h + "\n")
		}
		for _, l := range p {
			b.WriteString(l + "\n")
		}
		out[i] = []byte(b.String())
	}
	return out, nil
}

// AddRounds adds the results file at path to st split into its rounds
// (see SplitRounds), and returns the number of rounds.
func AddRounds(ctx context.Context, st *history.Store, path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	parts, err := SplitRounds(data)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	for i, p := range parts {
		if _, err := st.Add(ctx, fmt.Sprintf("%s (round %d)", path, i+1), p, time.Time{}, history.AddOptions{}); err != nil {
			return 0, err
		}
	}
	return len(parts), nil
}

// Hostile is a name that runs a script when it reaches a page as markup.
const Hostile = "<img src=x onerror=alert(1)>"

// HostileBenchmark is Hostile as a benchmark name can hold it (no spaces:
// go test writes none; '/' separates attributes in HTML as a space does).
const HostileBenchmark = "<img/src=x/onerror=alert(1)>"

// AddHostile adds 20 runs whose machine, package and commits are Hostile
// (with the run's number) and whose benchmarks are HostileBenchmark and
// a script element, with a step of +50% after the 10th run so that the
// index lists a change point of them.
func AddHostile(ctx context.Context, st *history.Store) error {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for r := range 20 {
		var b strings.Builder
		fmt.Fprintf(&b, "machine: %s\ncpu: %s\nncpu: 2\ngoos: linux\ngoarch: amd64\npkg: %s\ncommit: %s%d\ndate: %s\n",
			Hostile, Hostile, Hostile, Hostile, r, start.Add(time.Duration(r)*time.Hour).Format(time.RFC3339))
		level := 100.0
		if r >= 10 {
			level = 150
		}
		for i := range 6 {
			v := level * (1 + 0.01*float64((r*7+i*3)%5))
			fmt.Fprintf(&b, "Benchmark%s-2\t1000\t%.2f ns/op\n", HostileBenchmark, v)
			fmt.Fprintf(&b, "Benchmark<script>alert(2)</script>/x=<b>-2\t1000\t%.2f ns/op\n", v)
		}
		if _, err := st.Add(ctx, fmt.Sprintf("hostile-%d.txt", r), []byte(b.String()), time.Time{}, history.AddOptions{}); err != nil {
			return err
		}
	}
	return nil
}

// Synthetic are the dimensions of a synthetic store.
type Synthetic struct {
	// Machines, Families and Configs per family make the series:
	// Machines × Families × Configs.
	Machines, Families, Configs int
	// Points is the number of runs per machine, Samples the samples of
	// each point.
	Points, Samples int
	// Seed seeds the noise.
	Seed uint64
}

// AddSynthetic adds the runs of a synthetic history to st: each series
// a level with 3% noise per sample and 1% per run, and a step of 10% to
// 30% (up or down) at a random point in one series of ten. progress, when
// not nil, is called after each run.
func AddSynthetic(ctx context.Context, st *history.Store, s Synthetic, progress func(done, total int)) error {
	rng := rand.New(rand.NewPCG(s.Seed, 1))
	type cfg struct {
		name     string
		level    float64
		stepAt   int
		stepSize float64
	}
	var cfgs []cfg
	for f := range s.Families {
		for c := range s.Configs {
			x := cfg{
				name:  fmt.Sprintf("Family%02d/impl=v%d/goroutines=%d", f, c%5, c/5+1),
				level: 20 * math.Exp(rng.Float64()*5),
			}
			if rng.IntN(10) == 0 {
				x.stepAt = 20 + rng.IntN(s.Points-40)
				x.stepSize = 1.1 + rng.Float64()*0.2
				if rng.IntN(2) == 0 {
					x.stepSize = 1 / x.stepSize
				}
			}
			cfgs = append(cfgs, x)
		}
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	total := s.Machines * s.Points
	done := 0
	for m := range s.Machines {
		for p := range s.Points {
			var b strings.Builder
			fmt.Fprintf(&b, "machine: synth-%d\ncpu: Synthetic CPU %d\nncpu: 4\ngoos: linux\ngoarch: amd64\npkg: example.com/synthetic\ncommit: %040x\ndate: %s\n",
				m, m, uint64(p+1)*0x9e3779b97f4a7c15, start.Add(time.Duration(p)*6*time.Hour).Format(time.RFC3339))
			for _, c := range cfgs {
				run := c.level * (1 + 0.01*rng.NormFloat64())
				if c.stepAt > 0 && p >= c.stepAt {
					run *= c.stepSize
				}
				for range s.Samples {
					fmt.Fprintf(&b, "Benchmark%s-4\t1000\t%.4g ns/op\n", c.name, run*(1+0.03*rng.NormFloat64()))
				}
			}
			if _, err := st.Add(ctx, fmt.Sprintf("synthetic-%d-%d.txt", m, p), []byte(b.String()), time.Time{}, history.AddOptions{}); err != nil {
				return err
			}
			done++
			if progress != nil {
				progress(done, total)
			}
		}
	}
	return nil
}
