// Command fidelity runs the suite's benchmarks and Go's own benchmarks of
// the same operations interleaved, and writes the ratios as Markdown; see
// scripts/fidelity.sh and internal/fidelity.
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
	"github.com/syncbench/syncbench/internal/runner"
)

func main() {
	rounds := flag.Int("rounds", 20, "interleaved rounds; every pair runs once per side in each")
	benchtime := flag.String("benchtime", "100ms", "-test.benchtime of every run")
	out := flag.String("o", "results/fidelity.md", "Markdown report to write")
	raw := flag.String("raw", "results/fidelity.txt", "file for every result line (benchfmt), or empty")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "fidelity: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if err := run(*rounds, *benchtime, *out, *raw); err != nil {
		fmt.Fprintf(os.Stderr, "fidelity: %v\n", err)
		os.Exit(2)
	}
}

func run(rounds int, benchtime, out, raw string) error {
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
		Log: os.Stderr, Load: fidelity.LoadAvg}
	var rawTmp *os.File
	if raw != "" {
		if rawTmp, err = os.CreateTemp(filepath.Dir(raw), ".fidelity-raw-"); err != nil {
			return err
		}
		defer os.Remove(rawTmp.Name())
		o.Raw = rawTmp
	}
	m, err := fidelity.Measure(ctx, o, fidelity.Pairs)
	if err != nil {
		return err
	}
	config := runner.RunConfig(filepath.Join(dir, "suite.test"), "bench", out, start)
	settings := fmt.Sprintf("%d rounds, -test.benchtime %s per run", rounds, benchtime)
	tmp, err := os.CreateTemp(filepath.Dir(out), ".fidelity-md-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fidelity.Markdown(tmp, m, config, settings); err != nil {
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
	fidelity.Text(os.Stdout, m)
	return os.Rename(tmp.Name(), out)
}
