package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/syncbench/syncbench/internal/gate"
	"github.com/syncbench/syncbench/internal/gate/build"
	"github.com/syncbench/syncbench/internal/gate/sequential"
	"github.com/syncbench/syncbench/internal/rounds"
	"github.com/syncbench/syncbench/internal/runner"
)

func init() {
	commands["gate"] = command{summary: "build two revisions or toolchains, measure them interleaved, fail on a confirmed regression", run: gateCmd}
}

// sideFlag is a flag.Value holding a gate side.
type sideFlag struct{ s *build.Side }

func (f sideFlag) String() string {
	if f.s == nil {
		return ""
	}
	return f.s.String()
}

func (f sideFlag) Set(v string) error {
	s, err := build.ParseSide(v)
	if err != nil {
		return err
	}
	*f.s = s
	return nil
}

func gateCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := gate.Config{Plan: sequential.DefaultPlan, Progress: stderr}
	cfg.Old, _ = build.ParseSide("rev=HEAD")
	cfg.New, _ = build.ParseSide("worktree")
	fs.Var(sideFlag{&cfg.Old}, "old", "baseline `side`: rev=REVISION, worktree, toolchain=GOVERSION (go1.22.12 on), goroot=PATH (a Go tree), tags=TAGS, comma-separated")
	fs.Var(sideFlag{&cfg.New}, "new", "candidate `side` (same forms as -old)")
	fs.StringVar(&cfg.Pkg, "pkg", "./bench", "`package` whose benchmarks run (relative to the module root when not found here)")
	bench := fs.String("bench", strings.Join(gate.DefaultBench, " "), "benchmarks to run: go test -bench `regexps`, separated by spaces")
	fs.StringVar(&cfg.BenchTime, "benchtime", gate.DefaultBenchTime, "go test -benchtime `d` that calibrates each benchmark's iteration count, then fixed for every run on both sides")
	fs.StringVar(&cfg.CPU, "cpu", "", "go test -cpu `list` (default: the test binary's GOMAXPROCS)")
	fs.BoolVar(&cfg.Benchmem, "benchmem", true, "report allocations")
	fs.IntVar(&cfg.Reps, "reps", gate.DefaultReps, "`n` runs of each benchmark per side and round, the two sides back to back; the round keeps their medians")
	units := fs.String("units", gate.DefaultUnits, "`units` decided on, comma-separated (add sec/op for wall time)")
	fs.Var((*percentFlag)(&cfg.Plan.Threshold), "threshold", "smallest slowdown that fails, in `percent`")
	fs.Float64Var(&cfg.Plan.Alpha, "alpha", cfg.Plan.Alpha, "chance of a FAIL when nothing is slower, over the whole sequential run and every row")
	fs.Var((*percentFlag)(&cfg.Plan.Margin), "margin", "slowdown a PASS rules out, in `percent` (at least -threshold; with a larger -threshold, twice it)")
	fs.Float64Var(&cfg.Plan.Beta, "beta", cfg.Plan.Beta, "chance of a PASS of a row slower by more than the margin")
	fs.DurationVar(&cfg.MaxTime, "max-time", gate.DefaultMaxTime, "time `budget` of the whole gate, building included; rows undecided then are INCONCLUSIVE")
	fs.IntVar(&cfg.Plan.Max, "max-rounds", cfg.Plan.Max, "most `rounds`; the first look is at round 12, then each time the rounds double")
	fs.IntVar(&cfg.Rounds, "rounds", 0, "run exactly `n` rounds of every benchmark and decide once at the end (to record rounds for resampling)")
	fs.StringVar(&cfg.OutDir, "o", "syncbench-gate", "`directory` for the result files")
	seed := fs.Uint64("seed", 0, "seed of the per-round shuffle (default: from the clock)")
	format := fs.String("format", "text", "output `format`: text or markdown")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: syncbench gate [-old SIDE] [-new SIDE] [flags]")
		fmt.Fprint(fs.Output(), "\n"+gate.Manual())
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q (sides are given with -old and -new)", fs.Args())
	}
	marginSet := false
	fs.Visit(func(f *flag.Flag) { marginSet = marginSet || f.Name == "margin" })
	if !marginSet && cfg.Plan.Threshold > cfg.Plan.Margin {
		cfg.Plan.Margin = 2 * cfg.Plan.Threshold
	}
	if err := checkFormat(*format, []string{"text", "markdown"}); err != nil {
		return err
	}
	cfg.Bench = strings.Fields(*bench)
	for _, u := range strings.Split(*units, ",") {
		if u = strings.TrimSpace(u); u != "" {
			cfg.Units = append(cfg.Units, u)
		}
	}
	if cfg.Reps < 1 {
		return fmt.Errorf("-reps %d: want at least 1", cfg.Reps)
	}
	if cfg.MaxTime <= 0 {
		return fmt.Errorf("-max-time %s: want a positive duration", cfg.MaxTime)
	}
	// Checked here, not after both sides are built and fail on them.
	if cfg.CPU != "" {
		if _, err := runner.ParseCPUList(cfg.CPU); err != nil {
			return err
		}
	}
	if err := runner.CheckBenchtime(cfg.BenchTime); err != nil {
		return err
	}
	cfg.Seed = *seed
	if cfg.Seed == 0 {
		cfg.Seed = rounds.NewSeed()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	out, err := gate.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := out.Write(stdout, *format); err != nil {
		return err
	}
	if out.Verdict == gate.Pass {
		return nil
	}
	return gateVerdict{out.Verdict}
}

// gateVerdict is the verdict of a gate that did not pass (FAIL or
// INCONCLUSIVE), its line already written: main gives it its exit code.
type gateVerdict struct{ verdict gate.Verdict }

func (g gateVerdict) Error() string { return fmt.Sprintf("gate: %s", g.verdict) }
