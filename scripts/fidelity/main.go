// Command fidelity runs pairs of benchmarks interleaved (the suite's and
// Go's own of the same operations, or the suite's with and without a part
// of its harness) and writes the ratios as Markdown; see
// scripts/fidelity.sh, scripts/overhead.sh and internal/fidelity.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/syncbench/syncbench/internal/fidelity"
	"github.com/syncbench/syncbench/internal/machine"
	"github.com/syncbench/syncbench/internal/runner/runconfig"
)

func main() {
	setName := flag.String("set", "fidelity", "pairs to run: fidelity (the suite against Go's own benchmarks) or overhead (the harness and the probe)")
	rounds := flag.Int("rounds", 0, "interleaved rounds; every pair runs once per side in each (default: the set's own, fidelity.Sets)")
	benchtime := flag.String("benchtime", "100ms", "time of one sample: each side's iteration count is calibrated once to fill it, at a quarter of it (rounds.CalibrateRun)")
	out := flag.String("o", "", "Markdown report to write (default results/SET.md)")
	raw := flag.String("raw", "", "file for every result line, benchfmt (default results/SET.txt; - for none)")
	flag.Parse()
	set, ok := fidelity.LookupSet(*setName)
	if flag.NArg() > 0 || !ok {
		fmt.Fprintf(os.Stderr, "fidelity: unexpected argument %q or unknown -set %q\n", flag.Arg(0), *setName)
		os.Exit(2)
	}
	roundsSet := false
	flag.Visit(func(f *flag.Flag) { roundsSet = roundsSet || f.Name == "rounds" })
	if !roundsSet {
		*rounds = set.Rounds
	}
	if *out == "" {
		*out = filepath.Join("results", set.Name+".md")
	}
	switch *raw {
	case "":
		*raw = filepath.Join("results", set.Name+".txt")
	case "-":
		*raw = ""
	}
	if err := run(set, *rounds, *benchtime, *out, *raw); err != nil {
		fmt.Fprintf(os.Stderr, "fidelity: %v\n", err)
		os.Exit(2)
	}
}

func run(set fidelity.Set, rounds int, benchtime, out, raw string) error {
	if _, err := time.ParseDuration(benchtime); err != nil {
		return fmt.Errorf("-benchtime %q: %v", benchtime, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir, err := os.MkdirTemp("", "syncbench-fidelity-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	o := fidelity.Options{Rounds: rounds, Benchtime: benchtime, BenchPkg: "./bench", Go: "go", Dir: dir,
		Log: os.Stderr, Load: machine.LoadAvg}
	var rawTmp *os.File
	if raw != "" {
		if rawTmp, err = os.CreateTemp(filepath.Dir(raw), ".fidelity-raw-"); err != nil {
			return err
		}
		defer os.Remove(rawTmp.Name())
		o.Raw = rawTmp
	}
	m, err := fidelity.Measure(ctx, o, set.Pairs)
	if err != nil {
		return err
	}
	config := runconfig.ForThisMachine(filepath.Join(dir, "suite.test"), "bench", out, start)
	settings := fmt.Sprintf("%d rounds of the measuring engine (internal/rounds: each pair's sides back to back in a random order, the pairs shuffled each round, seed %d), samples of %s, iterations calibrated once at a quarter of it", rounds, m.Seed, benchtime)
	tmp, err := os.CreateTemp(filepath.Dir(out), ".fidelity-md-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fidelity.Markdown(tmp, set, m, config, settings); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if rawTmp != nil {
		if err := rawTmp.Close(); err != nil {
			return err
		}
		if err := os.Rename(rawTmp.Name(), raw); err != nil {
			return err
		}
	}
	fidelity.Text(os.Stdout, set, m)
	return os.Rename(tmp.Name(), out)
}
