// Command gateeval estimates the false-alarm and detection rates of the
// syncbench gate by resampling recorded interleaved rounds, for
// scripts/gate-eval.sh, and measures how correlated the two sides of a
// round are, row by row.
//
// Usage:
//
//	go run ./internal/gate/gateeval [flags] OLD NEW
//
// OLD and NEW are the result files of a fixed-round gate run whose two
// sides were the same code (an A/A run, such as `syncbench gate -old
// rev=HEAD -new rev=HEAD -rounds 30`). Each round holds -reps runs of
// each benchmark per side, in file order; the round's value is their
// median, as the gate takes it. One simulated gate run draws rounds with
// replacement from the recorded ones (the same round for every row, so
// that rows keep their correlation), swaps the two sides of each row's
// drawn round with probability 1/2 (they ran the same code), multiplies
// the new side of the target rows by 1+shift, and applies the gate's own
// sequential decision (sequential.Step and gate.Judge) round by round until
// every row is decided or -max-rounds. With shift 0 the FAIL rate is the
// false-alarm rate; with a shift it is the detection rate.
//
// The rates come with Wilson 95% intervals over the simulated trials.
// Those count Monte Carlo error only: trials drawn from the same recorded
// rounds are not independent, so the real uncertainty is larger, the
// more so the fewer rounds were recorded.
package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/syncbench/syncbench/internal/gate"
	"github.com/syncbench/syncbench/internal/gate/sequential"
	"github.com/syncbench/syncbench/internal/results"
)

func main() {
	trials := flag.Int("trials", 1000, "simulated gate runs per setting")
	reps := flag.Int("reps", gate.DefaultReps, "runs per benchmark, side and round in the recorded files")
	unit := flag.String("unit", gate.CPUUnit, "unit decided on")
	maxRounds := flag.Int("max-rounds", sequential.DefaultPlan.Max, "most rounds of a simulated gate run (what fits in its time budget)")
	shifts := flag.String("shifts", "10,20", "slowdowns to simulate on each target, in percent (0 is always simulated)")
	targets := flag.String("targets", `impl=mutex/goroutines=64,impl=atomic-add/goroutines=64,ReadMostly,Channel,PingPong,goroutines=1/`, "comma-separated regexps: the rows slowed down in one setting")
	seed := flag.Uint64("seed", 1, "random seed")
	threshold := flag.Float64("threshold", sequential.DefaultPlan.Threshold*100, "gate -threshold, in `percent`")
	margin := flag.Float64("margin", sequential.DefaultPlan.Margin*100, "gate -margin, in `percent`")
	pairingOnly := flag.Bool("pairing", false, "print only the pairing table (no simulation)")
	exclude := flag.String("exclude", "", "leave out the rows matching this `regexp` (what the gate would do without them)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: gateeval [flags] OLD NEW")
		os.Exit(2)
	}
	p, err := load(flag.Arg(0), flag.Arg(1), *unit, *reps)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gateeval: %v\n", err)
		os.Exit(2)
	}
	if *exclude != "" {
		re, err := regexp.Compile(*exclude)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gateeval: -exclude: %v\n", err)
			os.Exit(2)
		}
		p = p.without(re)
	}
	plan := sequential.DefaultPlan
	plan.Max = *maxRounds
	plan.Threshold = *threshold / 100
	plan.Margin = max(*margin/100, plan.Threshold)
	if *pairingOnly {
		pairing(p)
		return
	}
	rng := rand.New(rand.NewPCG(*seed, 7))
	var sh []float64
	for _, f := range strings.Split(*shifts, ",") {
		s, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gateeval: -shifts: %v\n", err)
			os.Exit(2)
		}
		sh = append(sh, s/100)
	}
	fmt.Printf("From %d recorded A/A rounds of %d rows (%s, median of %d runs per round), at most %d rounds per simulated run, %d simulated runs per setting; looks at rounds %s; threshold %g%%, margin %g%%.\n\n",
		len(p.old[0]), len(p.names), *unit, *reps, plan.Max, *trials, lookList(plan), plan.Threshold*100, plan.Margin*100)
	fmt.Println("| rows slowed down | slowdown | FAIL (Wilson 95%) | PASS | INCONCLUSIVE | median rounds |")
	fmt.Println("|---|--:|---|---|---|--:|")
	row := func(label string, target *regexp.Regexp, shift float64) {
		count := map[gate.Verdict]int{}
		var rounds []int
		for range *trials {
			v, n := simulate(p, rng, plan, target, shift)
			count[v]++
			rounds = append(rounds, n)
		}
		sort.Ints(rounds)
		fmt.Printf("| %s | %.0f%% | %s | %s | %s | %d |\n", label, shift*100,
			rate(count[gate.Fail], *trials), rate(count[gate.Pass], *trials), rate(count[gate.Inconclusive], *trials), rounds[len(rounds)/2])
	}
	row("none (A/A)", nil, 0)
	for _, t := range strings.Split(*targets, ",") {
		re, err := regexp.Compile(t)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gateeval: -targets: %v\n", err)
			os.Exit(2)
		}
		var hit []string
		for _, n := range p.names {
			if re.MatchString(n) {
				hit = append(hit, n)
			}
		}
		if len(hit) == 0 {
			continue
		}
		for _, s := range sh {
			row(fmt.Sprintf("`%s` (%d rows)", t, len(hit)), re, s)
		}
	}
	fmt.Printf("\n### What each row costs\n\n")
	fmt.Println("Per row: the wall time of one run (its calibrated iterations; each round runs it once per side, plus the test binary's start-up), and in the simulated A/A runs how often the row was decided (passed) and the median round it passed at.")
	fmt.Println()
	fmt.Println("| row | one run | passed in A/A | median round passed |")
	fmt.Println("|---|--:|--:|--:|")
	passed := make([][]int, len(p.names))
	for range *trials {
		_, _, rows := simulateRows(p, rng, plan, nil, 0)
		for i, r := range rows {
			if r.State == sequential.Passed {
				passed[i] = append(passed[i], r.Round)
			}
		}
	}
	for i, n := range p.names {
		med := "-"
		if len(passed[i]) > 0 {
			sort.Ints(passed[i])
			med = strconv.Itoa(passed[i][len(passed[i])/2])
		}
		fmt.Printf("| `%s` | %.0f ms | %s | %s |\n", n, p.secs[i]*1000, rate(len(passed[i]), *trials), med)
	}
	pairing(p)
}

// pairing prints how the two sides of each row's rounds move together.
func pairing(p *pool) {
	fmt.Printf("\n### Pairing: how the two sides of a round move together\n\n")
	fmt.Println("Per row over the recorded rounds: the spread (standard deviation of the log) of one side's round values, that of the new/old ratio of a round, and the correlation of the two sides' logs. A ratio spread well below √2 × one side's spread is what pairing the rounds gains.")
	fmt.Println()
	fmt.Println("| row | sd of log, one side | sd of log ratio | correlation |")
	fmt.Println("|---|--:|--:|--:|")
	for i, n := range p.names {
		lo, ln := logs(p.old[i]), logs(p.new[i])
		d := make([]float64, len(lo))
		for k := range lo {
			d[k] = ln[k] - lo[k]
		}
		fmt.Printf("| `%s` | %.3f | %.3f | %+.2f |\n", n, sd(lo), sd(d), corr(lo, ln))
	}
}

// pool holds the recorded rounds: old[i][k] and new[i][k] are row i's
// values (the median of its runs) in round k.
type pool struct {
	names    []string
	old, new [][]float64
	// secs[i] is the median wall time of one run of row i (iterations
	// times sec/op), its cost per side and round beyond start-up.
	secs []float64
}

func load(oldPath, newPath, unit string, reps int) (*pool, error) {
	var vals [2]map[string][]float64
	var order []string
	runSecs := map[string][]float64{}
	for i, path := range []string{oldPath, newPath} {
		f, err := results.ReadFile(path)
		if err != nil {
			return nil, err
		}
		vals[i] = map[string][]float64{}
		for _, r := range f.Results {
			name := string(r.Name.Full())
			for _, v := range r.Values {
				if v.Unit == "sec/op" {
					runSecs[name] = append(runSecs[name], v.Value*float64(r.Iters))
				}
				if v.Unit == unit || v.OrigUnit == unit {
					if i == 0 && vals[i][name] == nil {
						order = append(order, name)
					}
					vals[i][name] = append(vals[i][name], v.Value)
				}
			}
		}
	}
	p := &pool{}
	n := -1
	for _, name := range order {
		o, nw := medians(vals[0][name], reps), medians(vals[1][name], reps)
		k := min(len(o), len(nw))
		if n < 0 || k < n {
			n = k
		}
		p.names = append(p.names, name)
		p.secs = append(p.secs, medians(runSecs[name], max(len(runSecs[name]), 1))...)
		p.old = append(p.old, o)
		p.new = append(p.new, nw)
	}
	if n < 4 {
		return nil, fmt.Errorf("%s and %s: fewer than 4 complete rounds of %s", oldPath, newPath, unit)
	}
	for i := range p.names {
		p.old[i], p.new[i] = p.old[i][:n], p.new[i][:n]
	}
	return p, nil
}

// without returns the pool without the rows whose names re matches.
func (p *pool) without(re *regexp.Regexp) *pool {
	q := &pool{}
	for i, n := range p.names {
		if !re.MatchString(n) {
			q.names = append(q.names, n)
			q.old = append(q.old, p.old[i])
			q.new = append(q.new, p.new[i])
			q.secs = append(q.secs, p.secs[i])
		}
	}
	return q
}

// medians returns the medians of consecutive groups of reps values.
func medians(xs []float64, reps int) []float64 {
	var out []float64
	for k := 0; k+reps <= len(xs); k += reps {
		g := append([]float64(nil), xs[k:k+reps]...)
		sort.Float64s(g)
		m := len(g) / 2
		if len(g)%2 == 0 {
			out = append(out, (g[m-1]+g[m])/2)
		} else {
			out = append(out, g[m])
		}
	}
	return out
}

// simulate runs one simulated sequential gate and returns its verdict and
// the rounds it ran.
func simulate(p *pool, rng *rand.Rand, plan sequential.Plan, target *regexp.Regexp, shift float64) (gate.Verdict, int) {
	v, n, _ := simulateRows(p, rng, plan, target, shift)
	return v, n
}

// simulateRows is simulate, also returning the rows as decided.
func simulateRows(p *pool, rng *rand.Rand, plan sequential.Plan, target *regexp.Regexp, shift float64) (gate.Verdict, int, []*sequential.Row) {
	rows := make([]*sequential.Row, len(p.names))
	for i, n := range p.names {
		fam, _, _ := strings.Cut(n, "/")
		rows[i] = &sequential.Row{Name: n, Unit: gate.CPUUnit, Family: fam}
	}
	rounds := len(p.old[0])
	n := 0
	for n < plan.Max {
		n++
		k := rng.IntN(rounds)
		for i, r := range rows {
			if r.State != sequential.Open {
				continue
			}
			o, nw := p.old[i][k], p.new[i][k]
			if rng.IntN(2) == 1 {
				o, nw = nw, o
			}
			if target != nil && target.MatchString(r.Name) {
				nw *= 1 + shift
			}
			r.Add(o, nw)
		}
		if sequential.Step(rows, plan, n, n == plan.Max) {
			break
		}
	}
	v, _ := gate.Judge(rows, plan)
	return v, n, rows
}

func rate(k, n int) string {
	lo, hi := wilson(k, n)
	return fmt.Sprintf("%.1f%% [%.1f%%, %.1f%%]", 100*float64(k)/float64(n), 100*lo, 100*hi)
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

func logs(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.Log(x)
	}
	return out
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func sd(xs []float64) float64 {
	m := mean(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

func corr(a, b []float64) float64 {
	ma, mb := mean(a), mean(b)
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

// lookList names the rounds the plan looks after.
func lookList(plan sequential.Plan) string {
	var ls []string
	for n := 1; n <= plan.Max; n++ {
		if plan.IsLook(n) {
			ls = append(ls, strconv.Itoa(n))
		}
	}
	return strings.Join(ls, ", ")
}
