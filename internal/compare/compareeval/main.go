// Command compareeval estimates the false-alarm rate of syncbench compare
// on A/A pairs of whole-suite files, and its detection of a slowdown of one
// family, by resampling real runs; scripts/compare-eval.sh runs it.
//
// Usage:
//
//	go run ./internal/compare/compareeval [flags] RUN...
//
// The RUNs are result files of the same code on the same machine (gzipped
// or not). Their samples of each benchmark, pooled, are taken as the
// population of that benchmark. One simulated file draws -count result
// lines per benchmark from the pool with replacement and multiplies each
// line's time by a small random factor (a smoothed bootstrap: a kernel of
// width 1.06·σ·n^(-1/5), σ the MAD of the benchmark's log times, so that
// draws of one pool line do not tie), dividing the rates derived from the
// time (units ending in /s) by the same factor. An A/A trial compares two
// such files; a detection trial multiplies the times of one family of the
// new file (each family in turn) by 1+shift/100. Every trial runs compare
// with its default options, as `syncbench compare OLD NEW` does.
//
// The population has no drift between runs: the A/A figure is the rate of
// the procedure on independent samples, not on two runs of a machine
// whose speed wanders (compare two real runs for that).
package main

import (
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/results"
)

func main() {
	counts := flag.String("counts", "6,10", "samples per benchmark and side (syncbench run -count) to simulate")
	trials := flag.Int("trials", 200, "A/A trials, and detection trials, per count")
	shift := flag.Float64("shift", 10, "slowdown of one family in the detection trials, in percent")
	seed := flag.Uint64("seed", 1, "random seed")
	verbose := flag.Bool("v", false, "print each A/A false alarm's error on stderr")
	families := flag.Int("families", 0, "grow the population to this many families by copying its families under new names (0: as read)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: compareeval [flags] RUN...")
		os.Exit(2)
	}
	p, err := load(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "compareeval:", err)
		os.Exit(2)
	}
	if *families > len(p.families) {
		p.grow(*families)
	}
	var ns []int
	for _, f := range strings.Split(*counts, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "compareeval: -counts: bad count %q\n", f)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	rng := rand.New(rand.NewPCG(*seed, 2))
	fmt.Printf("Population: %d benchmarks in %d families, %d to %d samples each, pooled from %s.\n\n",
		len(p.benches), len(p.families), p.minPool(), p.maxPool(), strings.Join(flag.Args(), ", "))
	fmt.Println("| -count | A/A trials | false alarms (exit 1) | not enough data (exit 2) | mean rows flagged per A/A pair | detection trials | slowed family flagged (exit 1) | mean share of its time rows flagged | trials with a row outside it flagged |")
	fmt.Println("|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	perFamily := map[int]map[string][2]int{}
	for _, n := range ns {
		var aa, aa1, aa2, aaRows int
		for i := 0; i < *trials; i++ {
			rep, err := compare.Compare(p.draw(rng, n, "", 1), p.draw(rng, n, "", 1), compare.DefaultOptions())
			if err != nil {
				fmt.Fprintln(os.Stderr, "compareeval:", err)
				os.Exit(2)
			}
			aa++
			var reg *compare.RegressionError
			switch err := rep.Err(); {
			case errors.As(err, &reg):
				aa1++
				if *verbose {
					fmt.Fprintf(os.Stderr, "A/A -count %d: %v\n", n, err)
				}
			case err != nil:
				aa2++
			}
			aaRows += rep.Count(compare.Slower) + rep.Count(compare.Faster)
		}
		var det, found, outside int
		var share float64
		perFamily[n] = map[string][2]int{}
		for i := 0; i < *trials; i++ {
			fam := p.families[i%len(p.families)]
			rep, err := compare.Compare(p.draw(rng, n, "", 1), p.draw(rng, n, fam, 1+*shift/100), compare.DefaultOptions())
			if err != nil {
				fmt.Fprintln(os.Stderr, "compareeval:", err)
				os.Exit(2)
			}
			det++
			in, rows, out := 0, 0, false
			for _, r := range rep.Rows {
				inFam := r.Family == fam
				if inFam && r.Unit == "sec/op" {
					rows++
				}
				if r.Verdict == compare.Slower || r.Verdict == compare.Faster {
					if !inFam {
						out = true
					} else if r.Unit == "sec/op" {
						in++
					}
				}
			}
			famFound := false
			for _, f := range rep.Families {
				famFound = famFound || (f.Name == fam && f.Verdict == compare.Slower)
			}
			hit := errors.As(rep.Err(), new(*compare.RegressionError)) && (in > 0 || famFound)
			if hit {
				found++
			}
			if out {
				outside++
			}
			if rows > 0 {
				share += float64(in) / float64(rows)
			}
			c := perFamily[n][fam]
			c[1]++
			if hit {
				c[0]++
			}
			perFamily[n][fam] = c
		}
		fmt.Printf("| %d | %d | %s | %s | %.2f | %d | %s | %.0f%% | %s |\n", n, aa, rate(aa1, aa), rate(aa2, aa),
			float64(aaRows)/float64(aa), det, rate(found, det), 100*share/float64(det), rate(outside, det))
	}
	fmt.Printf("\nDetection of a %g%% slowdown by family (trials in which compare exits 1 and flags the family):\n\n", *shift)
	fmt.Print("| family | time rows |")
	for _, n := range ns {
		fmt.Printf(" -count %d |", n)
	}
	fmt.Print("\n|---|--:|")
	for range ns {
		fmt.Print("--:|")
	}
	fmt.Println()
	for _, fam := range p.families {
		fmt.Printf("| %s | %d |", fam, p.familyRows[fam])
		for _, n := range ns {
			c := perFamily[n][fam]
			fmt.Printf(" %d of %d |", c[0], c[1])
		}
		fmt.Println()
	}
}

// rate formats k of n as a percentage with its Wilson 95% interval.
func rate(k, n int) string {
	if n == 0 {
		return "-"
	}
	z := 1.96
	p := float64(k) / float64(n)
	d := 1 + z*z/float64(n)
	c := (p + z*z/(2*float64(n))) / d
	h := z * math.Sqrt(p*(1-p)/float64(n)+z*z/(4*float64(n)*float64(n))) / d
	return fmt.Sprintf("%.1f%% [%.1f, %.1f]", 100*p, 100*math.Max(0, c-h), 100*math.Min(1, c+h))
}

// pool is the population: every benchmark's result lines from all runs.
type pool struct {
	// config is the file configuration of the first run, given to every
	// simulated line so that runs pooled from several files (with
	// different dates) are one configuration.
	config     []benchfmt.Config
	benches    []*bench
	families   []string
	familyRows map[string]int
	units      benchfmt.UnitMetadataMap
}

type bench struct {
	family string
	lines  []*benchfmt.Result
	// width is the smoothing kernel's width in log time.
	width float64
}

func (p *pool) minPool() int {
	m := math.MaxInt
	for _, b := range p.benches {
		m = min(m, len(b.lines))
	}
	return m
}

func (p *pool) maxPool() int {
	m := 0
	for _, b := range p.benches {
		m = max(m, len(b.lines))
	}
	return m
}

func load(paths []string) (*pool, error) {
	p := &pool{familyRows: map[string]int{}, units: benchfmt.UnitMetadataMap{}}
	byName := map[string]*bench{}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		var r io.Reader = f
		if strings.HasSuffix(path, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		rf, err := results.Read(path, r)
		f.Close()
		if err != nil {
			return nil, err
		}
		for k, v := range rf.Units {
			p.units[k] = v
		}
		for _, res := range rf.Results {
			if p.config == nil {
				for _, c := range res.Config {
					if c.File {
						p.config = append(p.config, c)
					}
				}
			}
			name := string(res.Name.Full())
			b := byName[name]
			if b == nil {
				b = &bench{family: string(res.Name.Base())}
				byName[name] = b
				p.benches = append(p.benches, b)
				if p.familyRows[b.family] == 0 {
					p.families = append(p.families, b.family)
				}
				p.familyRows[b.family]++
			}
			b.lines = append(b.lines, res)
		}
	}
	for _, b := range p.benches {
		var logs []float64
		for _, l := range b.lines {
			if v, ok := l.Value("sec/op"); ok && v > 0 {
				logs = append(logs, math.Log(v))
			}
		}
		b.width = 1.06 * 1.4826 * mad(logs) * math.Pow(float64(max(len(logs), 1)), -0.2)
	}
	return p, nil
}

// mad is the median absolute deviation of xs from their median.
func mad(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	med := median(xs)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - med)
	}
	return median(dev)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// grow copies whole families under new names (the family name with 2, 3,
// ... appended) until the population has n families.
func (p *pool) grow(n int) {
	orig, benches := append([]string(nil), p.families...), p.benches
	for k := 2; len(p.families) < n; k++ {
		for _, fam := range orig {
			if len(p.families) >= n {
				break
			}
			name := fam + strconv.Itoa(k)
			p.families = append(p.families, name)
			p.familyRows[name] = p.familyRows[fam]
			for _, b := range benches {
				if b.family != fam {
					continue
				}
				c := &bench{family: name, width: b.width}
				for _, l := range b.lines {
					r := l.Clone()
					full := string(r.Name)
					r.Name = benchfmt.Name(strings.Replace(full, fam, name, 1))
					c.lines = append(c.lines, r)
				}
				p.benches = append(p.benches, c)
			}
		}
	}
}

// draw simulates one file of n samples per benchmark, with the times of
// family slow (if not empty) multiplied by factor.
func (p *pool) draw(rng *rand.Rand, n int, slow string, factor float64) *compare.Side {
	s := &compare.Side{Name: "sim", Units: p.units}
	for _, b := range p.benches {
		for i := 0; i < n; i++ {
			r := b.lines[rng.IntN(len(b.lines))].Clone()
			cfg := append([]benchfmt.Config(nil), p.config...)
			for _, c := range r.Config {
				if !c.File {
					cfg = append(cfg, c)
				}
			}
			r.Config = cfg
			f := math.Exp(rng.NormFloat64() * b.width)
			if b.family == slow {
				f *= factor
			}
			compare.Slow(r, f)
			s.Results = append(s.Results, r)
		}
	}
	return s
}
