// Command gateeval estimates the false-alarm and detection rates of the
// syncbench gate by resampling recorded interleaved rounds, for
// scripts/gate-eval.sh.
//
// Usage:
//
//	go run ./internal/gate/gateeval [flags] OLD NEW
//
// OLD and NEW are the result files of a gate run whose two sides were the
// same code (an A/A run, such as `syncbench gate -old rev=HEAD -new
// rev=HEAD -rounds 40`). The k-th result of a benchmark in a file was
// measured in round k. One simulated gate run draws -rounds rounds with
// replacement from the recorded ones, swaps the two sides of each drawn
// round with probability 1/2 (they ran the same code, so the labels are
// arbitrary), multiplies the new side's sec/op and cpu-sec/op (the gate's cpu-ns/op) of the benchmarks of -impl
// by 1+shift/100, and applies the gate's decision (gate.Judge): suspects
// are rechecked on another -rounds drawn rounds. With shift 0 the FAIL
// rate is the false-alarm rate; with a shift it is the detection rate.
//
// The rates come with Wilson 95% intervals over the simulated trials.
// Those intervals count Monte Carlo error only: trials drawn from the same
// recorded rounds are not independent, so the real uncertainty is larger,
// the more so the fewer rounds were recorded.
package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/gate"
	"github.com/syncbench/syncbench/internal/results"
)

var why = flag.Bool("why", false, "print the reason of every simulated FAIL or INCONCLUSIVE to stderr")

func main() {
	rounds := flag.Int("rounds", gate.DefaultRounds, "rounds per simulated gate run (and per recheck)")
	trials := flag.Int("trials", 1000, "simulated gate runs per shift")
	impl := flag.String("impl", "atomic-add", "implementation slowed down")
	shifts := flag.String("shifts", "0,5,10,20", "slowdowns to simulate, in percent (0: false alarms)")
	seed := flag.Uint64("seed", 1, "random seed")
	opts := compare.DefaultOptions()
	opts.Filter = gate.DefaultFilter
	flag.Float64Var(&opts.Alpha, "alpha", opts.Alpha, "gate -alpha")
	flag.Float64Var(&opts.Threshold, "threshold", opts.Threshold, "gate -threshold, as a fraction")
	flag.StringVar(&opts.Filter, "filter", opts.Filter, "gate -filter")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: gateeval [flags] OLD NEW")
		os.Exit(2)
	}
	pool, err := load(flag.Arg(0), flag.Arg(1))
	if err != nil {
		fmt.Fprintf(os.Stderr, "gateeval: %v\n", err)
		os.Exit(2)
	}
	rng := rand.New(rand.NewPCG(*seed, 7))
	fmt.Printf("| slowdown of impl=%s | simulated runs | FAIL | rate (Wilson 95%%) | INCONCLUSIVE | PASS |\n", *impl)
	fmt.Println("|---|--:|--:|---|--:|--:|")
	for _, f := range strings.Split(*shifts, ",") {
		shift, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gateeval: -shifts: %v\n", err)
			os.Exit(2)
		}
		count := map[gate.Verdict]int{}
		for range *trials {
			v, err := simulate(pool, rng, *rounds, *impl, shift/100, opts)
			if err != nil {
				fmt.Fprintf(os.Stderr, "gateeval: %v\n", err)
				os.Exit(2)
			}
			count[v]++
		}
		lo, hi := wilson(count[gate.Fail], *trials)
		fmt.Printf("| %g%% | %d | %d | %.1f%% [%.1f%%, %.1f%%] | %.1f%% | %.1f%% |\n", shift, *trials, count[gate.Fail],
			100*float64(count[gate.Fail])/float64(*trials), 100*lo, 100*hi,
			100*float64(count[gate.Inconclusive])/float64(*trials), 100*float64(count[gate.Pass])/float64(*trials))
	}
	fmt.Printf("\n(%d recorded rounds of %d benchmarks; %d rounds per simulated run and per recheck)\n", len(pool.rounds), len(pool.names), *rounds)
}

// round is one recorded round: each benchmark's result on both sides.
type round struct{ old, new map[string]*benchfmt.Result }

type pool struct {
	rounds []round
	names  []string
	units  benchfmt.UnitMetadataMap
}

func load(oldPath, newPath string) (*pool, error) {
	p := &pool{}
	var perSide [2][]map[string]*benchfmt.Result
	for i, path := range []string{oldPath, newPath} {
		f, err := results.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			p.units = f.Units
		}
		seen := map[string]int{}
		for _, r := range f.Results {
			name := string(r.Name.Full())
			k := seen[name]
			seen[name]++
			for len(perSide[i]) <= k {
				perSide[i] = append(perSide[i], map[string]*benchfmt.Result{})
			}
			perSide[i][k][name] = r
			if i == 0 && k == 0 {
				p.names = append(p.names, name)
			}
		}
	}
	n := min(len(perSide[0]), len(perSide[1]))
	for k := 0; k < n; k++ {
		rd := round{old: perSide[0][k], new: perSide[1][k]}
		complete := true
		for _, name := range p.names {
			if rd.old[name] == nil || rd.new[name] == nil {
				complete = false
			}
		}
		if complete {
			p.rounds = append(p.rounds, rd)
		}
	}
	if len(p.rounds) < 4 {
		return nil, fmt.Errorf("only %d complete rounds recorded in %s and %s", len(p.rounds), oldPath, newPath)
	}
	return p, nil
}

// draw builds the two sides of a simulated sample of rounds, keeping only
// the benchmarks keep accepts.
func (p *pool) draw(rng *rand.Rand, rounds int, impl string, shift float64, keep func(string) bool) (*compare.Side, *compare.Side) {
	old := &compare.Side{Name: "old", Units: p.units}
	new := &compare.Side{Name: "new", Units: p.units}
	for range rounds {
		rd := p.rounds[rng.IntN(len(p.rounds))]
		a, b := rd.old, rd.new
		if rng.IntN(2) == 1 {
			a, b = b, a
		}
		for _, name := range p.names {
			if !keep(name) {
				continue
			}
			old.Results = append(old.Results, a[name])
			r := b[name].Clone()
			if shift != 0 && hasImpl(name, impl) {
				for i := range r.Values {
					if u := r.Values[i].Unit; u == "sec/op" || u == "cpu-sec/op" {
						r.Values[i].Value *= 1 + shift
					}
				}
			}
			new.Results = append(new.Results, r)
		}
	}
	return old, new
}

// hasImpl reports whether the benchmark's name has the part impl=<impl>.
func hasImpl(name, impl string) bool {
	_, parts := benchfmt.Name(name).Parts()
	for _, p := range parts {
		if string(p) == "/impl="+impl {
			return true
		}
	}
	return false
}

func simulate(p *pool, rng *rand.Rand, rounds int, impl string, shift float64, opts compare.Options) (gate.Verdict, error) {
	all := func(string) bool { return true }
	o, n := p.draw(rng, rounds, impl, shift, all)
	first, err := compare.Compare(o, n, opts)
	if err != nil {
		return "", err
	}
	recheck := func(suspects []*compare.Row) (*compare.Report, error) {
		names := map[string]bool{}
		for _, r := range suspects {
			names[r.Name] = true
		}
		o, n := p.draw(rng, rounds, impl, shift, func(name string) bool { return names[name] })
		return compare.Compare(o, n, gate.RecheckOptions(opts, suspects))
	}
	v, reason, _, err := gate.Judge(first, recheck, opts.Threshold)
	if *why && v != gate.Pass {
		fmt.Fprintf(os.Stderr, "%s: %s\n", v, reason)
	}
	return v, err
}

// wilson returns the Wilson score 95% interval of k successes in n trials.
func wilson(k, n int) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	const z = 1.959963984540054
	p := float64(k) / float64(n)
	nf := float64(n)
	den := 1 + z*z/nf
	center := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	return math.Max(0, center-half), math.Min(1, center+half)
}
