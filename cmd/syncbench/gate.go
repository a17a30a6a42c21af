package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/exitcode"
	"github.com/syncbench/syncbench/internal/gate"
	"github.com/syncbench/syncbench/internal/runner"
)

func init() {
	commands["gate"] = command{summary: "build two revisions or toolchains, measure them interleaved, fail on a confirmed regression", run: gateCmd}
}

// sideFlag is a flag.Value holding a gate side.
type sideFlag struct{ s *gate.Side }

func (f sideFlag) String() string {
	if f.s == nil {
		return ""
	}
	return f.s.String()
}

func (f sideFlag) Set(v string) error {
	s, err := gate.ParseSide(v)
	if err != nil {
		var e *exitcode.Error
		if errors.As(err, &e) {
			return e.Err
		}
		return err
	}
	*f.s = s
	return nil
}

func gateCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := gate.Config{Compare: compare.DefaultOptions(), Progress: stderr}
	cfg.Compare.Filter = gate.DefaultFilter
	cfg.Old, _ = gate.ParseSide("rev=HEAD")
	cfg.New, _ = gate.ParseSide("worktree")
	fs.Var(sideFlag{&cfg.Old}, "old", "baseline `side`: rev=REVISION, worktree, toolchain=GOVERSION (go1.22.12 on), goroot=PATH (a Go tree), tags=TAGS, comma-separated")
	fs.Var(sideFlag{&cfg.New}, "new", "candidate `side` (same forms as -old)")
	compareFlags(fs, &cfg.Compare)
	fs.StringVar(&cfg.Pkg, "pkg", "./bench", "`package` whose benchmarks run")
	fs.StringVar(&cfg.Bench, "bench", gate.DefaultBench, "benchmarks to run, a go test -bench `regexp`")
	fs.StringVar(&cfg.BenchTime, "benchtime", gate.DefaultBenchTime, "go test -benchtime `d` that calibrates each benchmark's iteration count, then fixed for every run on both sides")
	fs.StringVar(&cfg.CPU, "cpu", "", "go test -cpu `list` (default: the test binary's GOMAXPROCS)")
	fs.BoolVar(&cfg.Benchmem, "benchmem", true, "report allocations (compared exactly)")
	fs.IntVar(&cfg.Rounds, "rounds", gate.DefaultRounds, "interleaved `rounds`, and again for the recheck of suspects")
	fs.StringVar(&cfg.OutDir, "o", "syncbench-gate", "`directory` for the result files")
	seed := fs.Uint64("seed", 0, "seed of the per-round shuffle (default: from the clock)")
	format := fs.String("format", "text", "output `format`: text or markdown")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: syncbench gate [-old SIDE] [-new SIDE] [flags]")
		fmt.Fprintln(fs.Output(), "Exit status: 0 PASS, 1 FAIL (a regression confirmed by a fresh sample), 2 INCONCLUSIVE or error.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return exitcode.New(exitcode.Failure, "unexpected arguments %q (sides are given with -old and -new)", fs.Args())
	}
	if *format != "text" && *format != "markdown" {
		return exitcode.New(exitcode.Failure, "-format %q: want text or markdown", *format)
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
		cfg.Seed = uint64(time.Now().UnixNano())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	out, err := gate.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := writeGate(stdout, out, *format); err != nil {
		return err
	}
	return out.Err()
}

func writeGate(w io.Writer, o *gate.Outcome, format string) error {
	md := format == "markdown"
	if md {
		fmt.Fprintf(w, "## syncbench gate: %s\n\n%s.\n\n", o.Verdict, o.Reason)
		fmt.Fprintf(w, "- old: %s\n- new: %s\n- %d benchmark(s) × %d interleaved rounds, seed %d, %s\n- result files: %s\n\n",
			o.OldDesc, o.NewDesc, o.Benchmarks, o.Rounds, o.Seed, o.Elapsed.Round(time.Second), strings.Join(o.Files, ", "))
	} else {
		fmt.Fprintf(w, "old: %s\nnew: %s\n%d benchmark(s) x %d interleaved rounds, seed %d\n\n", o.OldDesc, o.NewDesc, o.Benchmarks, o.Rounds, o.Seed)
	}
	if md && o.Recheck != nil {
		fmt.Fprintf(w, "### Recheck of the suspects (fresh rounds)\n\n")
		if err := o.Recheck.Write(w, "markdown"); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n### First sample\n\n")
	}
	if err := o.First.Write(w, format); err != nil {
		return err
	}
	if !md && o.Recheck != nil {
		fmt.Fprintf(w, "\nrecheck of %d suspect row(s) in %d fresh rounds:\n", len(o.Recheck.Rows), o.Rounds)
		if err := o.Recheck.Write(w, "text"); err != nil {
			return err
		}
	}
	hint := fmt.Sprintf("syncbench compare -filter '.unit:sec/op' %s %s", o.Files[0], o.Files[1])
	if md {
		fmt.Fprintf(w, "\nWall time per operation is in the result files too: `%s`.\n", hint)
	} else {
		fmt.Fprintf(w, "(wall time per operation: %s)\n", hint)
		fmt.Fprintf(w, "\ngate: %s: %s (%s; results in %s)\n", o.Verdict, o.Reason, o.Elapsed.Round(time.Second), strings.Join(o.Files, ", "))
	}
	return nil
}
