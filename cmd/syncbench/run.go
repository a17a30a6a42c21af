package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/syncbench/syncbench/internal/gotool"
	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/report/charts"
	"github.com/syncbench/syncbench/internal/report/render"
	"github.com/syncbench/syncbench/internal/runner"
	"github.com/syncbench/syncbench/internal/runner/profile"
)

func init() {
	commands["run"] = command{
		summary: "build and run the benchmark suite, saving a results file",
		run:     runCmd,
	}
}

// runCmd implements `syncbench run [flags] [-- test binary flags]`.
func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var (
		bench     = fs.String("bench", ".", "run only the benchmarks matching `regexp` (as go test -bench)")
		cpu       = fs.String("cpu", "", "GOMAXPROCS `list` to run each benchmark with (default from the profile: 1,2,4,8)")
		count     = fs.Int("count", 0, "rounds: samples per configuration, each from a fresh process (default from the profile)")
		seed      = fs.Uint64("seed", 0, "seed of the rounds' order of work, to repeat a run's order (default: a new one, recorded in the file's sampling-seed line)")
		benchtime = fs.String("benchtime", "", "`time` (or Nx iterations) of one sample (default from the profile)")
		short     = fs.Bool("short", false, "run the bench package's short sweeps (default from the profile)")
		profName  = fs.String("profile", profile.Default, "`name` of the settings: "+strings.Join(profile.Names(), ", "))
		out       = fs.String("o", "", "results `file` (default results/<machine>/<UTC time>.txt)")
		force     = fs.Bool("force", false, "overwrite the results file if it exists")
		pkg       = fs.String("pkg", "./bench", "`directory` of the benchmark package")
		timeout   = fs.String("timeout", "", "stop a top-level benchmark that runs longer than `duration` (0: never; default from the profile)")
		toolchain = fs.String("toolchain", "", "build with these Go `releases` (GOTOOLCHAIN values such as go1.22.12, comma-separated; local is the go command's own); two or more make a cross-release run in interleaved rounds of -count")
		hist      = fs.Bool("history", true, "add the results to the history store ($SYNCBENCH_DB, else results/history.db; see syncbench history -h)")
		iters     = fs.String("iters", runner.IterationsAuto, "where the iteration counts come from: `auto` (those of the newest results file beside -o made at the same -benchtime, so that two runs do the same work), a results file, or none (calibrate)")
		goroot    = fs.String("goroot", "", "build with the Go tree at `path` (its bin/go), such as a Go checkout with a modified sync; with -toolchain, one more Go of a cross-release run")
	)
	var extra []string
	for i, a := range args {
		if a == "--" {
			args, extra = args[:i], args[i+1:]
			break
		}
	}
	fs.Usage = func() { runUsage(fs, fs.Output()) }
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (flags for the test binary go after --)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	p, err := profile.Lookup(*profName)
	if err != nil {
		return err
	}
	o := runner.Options{
		Pkg:       *pkg,
		Bench:     *bench,
		CPU:       p.CPU,
		Count:     p.Count,
		Benchtime: p.Benchtime,
		Short:     p.Short,
		Timeout:   p.Timeout,
		Profile:   p.Name,
		Out:       *out,
		Force:     *force,
		Args:      extra,
		Stderr:    stderr,
		Seed:      *seed,
		Iters:     *iters,
	}
	if set["cpu"] {
		if o.CPU, err = runner.ParseCPUList(*cpu); err != nil {
			return err
		}
	}
	if set["count"] {
		o.Count = *count // checked by runner.Run, before anything is built
	}
	if set["benchtime"] {
		o.Benchtime = *benchtime
	}
	if set["short"] {
		o.Short = *short
	}
	if set["timeout"] {
		d, err := time.ParseDuration(*timeout)
		if err != nil || d < 0 {
			return fmt.Errorf("invalid -timeout %q: want a duration such as 30m, or 0 for none", *timeout)
		}
		o.Timeout = d
	}
	if o.Go, err = goList(*toolchain, *goroot); err != nil {
		return err
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		o.Terminal = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			o.TermWidth = w
		}
	}

	// Ctrl-C and SIGTERM stop the run but keep its results.
	// A second one ends syncbench at once (the file holds whole lines
	// at every moment).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	rep, err := runner.Run(ctx, o)
	if err != nil {
		return err
	}
	runner.Summarize(stdout, rep, o)
	if err := reportRun(stdout, rep.File); err != nil {
		return err
	}
	if !*hist {
		return nil
	}
	// The results file is written already: a store that fails loses
	// nothing of it, and the error says how to add it later.
	if err := runToHistory(rep.File, stdout); err != nil {
		return fmt.Errorf("%v (the results are in %s; syncbench history add %s retries)", err, rep.File, rep.File)
	}
	return nil
}

// runToHistory adds a run's results file to the default store.
func runToHistory(file string, stdout io.Writer) error {
	ctx := context.Background()
	st, err := openStore(ctx, "")
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprint(stdout, "history: ")
	return addToHistory(ctx, st, []string{file}, stdout)
}

// goList returns the Go toolchains and tree of -toolchain and -goroot.
func goList(toolchains, goroot string) ([]gotool.Go, error) {
	var gos []gotool.Go
	if toolchains != "" {
		for _, v := range strings.Split(toolchains, ",") {
			v = strings.TrimSpace(v)
			if err := gotool.CheckToolchain(v); err != nil {
				return nil, fmt.Errorf("-toolchain: %w", err)
			}
			gos = append(gos, gotool.Go{Toolchain: v})
		}
	}
	if goroot != "" {
		abs, err := filepath.Abs(goroot)
		if err == nil {
			err = gotool.CheckGOROOT(abs)
		}
		if err != nil {
			return nil, fmt.Errorf("-goroot: %w", err)
		}
		gos = append(gos, gotool.Go{GOROOT: abs})
	}
	return gos, nil
}

// reportRun writes the markdown report of a run's results file and its key
// charts beside it (FILE.md, FILE-charts/), and prints the report's
// one-screen summary and where everything went.
func reportRun(stdout io.Writer, file string) error {
	in, err := build.Load([]string{file}, build.Options{})
	if err != nil {
		return err
	}
	rep := build.Report(in, build.Options{Reference: defaultReference})
	render.Summarize(rep)
	stem := strings.TrimSuffix(file, filepath.Ext(file))
	md, chartDir := stem+".md", stem+"-charts"
	if err := charts.Plot(rep, chartDir, false); err != nil {
		return fmt.Errorf("charts %s: %w", chartDir, err)
	}
	var b bytes.Buffer
	if err := render.Render(&b, rep, render.Options{Format: "markdown", PlotsLink: plotsLink(md, chartDir)}); err != nil {
		return err
	}
	if err := os.WriteFile(md, b.Bytes(), 0o666); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	for _, m := range rep.Machines {
		fmt.Fprintln(stdout)
		for _, line := range m.Summary {
			fmt.Fprintf(stdout, "- %s\n", line)
		}
	}
	fmt.Fprintf(stdout, "\nresults: %s\nreport:  %s (charts in %s/; syncbench report %s for every table)\n", file, md, chartDir, file)
	return nil
}

func runUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `usage: syncbench run [flags] [-- test binary flags]

Run builds the benchmark package's test binary once and runs it, writing
every result to a Go benchmark results file as it arrives, after config
lines that identify the machine and the run; two comment lines give the
load average when measuring starts and when the run ends. Flags after --
go to the test binary (the bench package's sweep flags, such as
-goroutines 1,64).
-toolchain and -goroot choose the Go that builds it; with two or more
(-toolchain go1.22.12,go1.27.3) the run alternates between them, benchmark
by benchmark in -count rounds, and says before each block of results which
go-version made it.
An interrupt keeps the results measured so far. Exit status 2 on any error.

profiles:
`)
	for _, n := range profile.Names() {
		p := profile.All[n]
		fmt.Fprintf(w, "  %-9s -count %d -benchtime %s%s: %s\n", n, p.Count, p.Benchtime,
			map[bool]string{true: " -short"}[p.Short], p.Summary)
	}
	fmt.Fprintln(w, "\nflags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
}
