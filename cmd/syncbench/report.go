package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/report/charts"
	"github.com/syncbench/syncbench/internal/report/render"
)

func init() {
	commands["report"] = command{summary: "summarize results files: tables, winners, scaling, charts", run: reportCmd}
}

const reportUsage = `usage: syncbench report [flags] FILE...

Report reads Go benchmark results files (from syncbench run, plain
go test -bench, or any other project; "-" is standard input), and prints for each benchmark family
a table of medians with 95% confidence intervals (the same numbers
go tool benchstat prints), the winning implementation of each workload with
a Mann–Whitney test against the runner-up, scaling with GOMAXPROCS and the
goroutine cost claims, topped by a one-screen summary.

Results from different kinds of machine (cpu, ncpu, goos, goarch) are
reported apart, and so are benchmarks of the same name from different
packages (pkg), as benchstat keeps them. Samples of one benchmark from
several files of the same kind of machine are pooled; when those files
differ in go-version, commit or machine, a warning says so (select one
with -filter 'go-version:VALUE', or compare them with syncbench compare).
With -by go-version (a cross-release run, syncbench run -toolchain a,b,...),
the report has a column per Go release, the change from -baseline with its
significance, and one chart per family of time against release.
Byte rates written in MB/s (b.SetBytes) are shown in B/s with binary
prefixes, as benchstat shows them. Input problems are warnings on stderr
(with file and line); the exit code is 2 only when nothing usable is left.

Flags:
`

// defaultReference is the implementation the summary holds every other
// against (build.Options.Reference): the suite's plain lock, which each
// alternative has to beat to be worth it.
const defaultReference = "mutex"

// catchPanics makes a panic of the report one line and exit code 2 for
// users, never a stack trace; the tests turn it off to see the trace.
var catchPanics = true

// reportCmd implements `syncbench report`.
func reportCmd(args []string, stdout, stderr io.Writer) (err error) {
	defer func() {
		if !catchPanics {
			return
		}
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v (please report it with the input file)", r)
		}
	}()
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output `format`: "+strings.Join(render.Formats, ", "))
	out := fs.String("o", "", "write the report to `file` instead of standard output")
	plots := fs.String("plots", "", "write SVG and PNG charts into `dir` (the markdown report links them)")
	which := fs.String("charts", "key", "which charts -plots writes: key (each workload at the summary's GOMAXPROCS) or all (every GOMAXPROCS, and against GOMAXPROCS)")
	filter := fs.String("filter", "", "use only results matching the benchproc filter `expr`, e.g. '/impl:(mutex OR atomic) .unit:ns/op'")
	alpha := fs.Float64("alpha", 0.05, "false discovery rate of the winners' Mann–Whitney tests, controlled over families then workloads")
	threshold := percentFlag(0.05)
	fs.Var(&threshold, "threshold", "smallest gap that counts as a win, in `percent`")
	reference := fs.String("reference", defaultReference, "`implementation` every other is held against in the summary's crossovers, in the families that have it (\"\" for none)")
	var ignore keyList
	fs.Var(&ignore, "ignore", "pool results whose file configuration `key` differs (as benchstat -ignore); repeat or separate by commas")
	by := fs.String("by", "", "report along the file configuration `key` (go-version: a cross-release run): per family a column per value with its change from -baseline, decided as syncbench compare decides (markdown), and one chart per family against it")
	baseline := fs.String("baseline", "", "with -by, the `value` the others are compared with (default: the first, the oldest for go-version)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), reportUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if err := checkFormat(*format, render.Formats); err != nil {
		return err
	}
	if *alpha <= 0 || *alpha >= 1 {
		return fmt.Errorf("-alpha %v: want a value between 0 and 1", *alpha)
	}
	if *which != "key" && *which != "all" {
		return fmt.Errorf("-charts %q: want key or all", *which)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("no results FILE given (usage: syncbench report [flags] FILE...; - reads standard input)")
	}

	if err := outputsApart(fs.Args(), *out, *plots); err != nil {
		return err
	}
	if *by != "" {
		copts := compare.DefaultOptions()
		copts.Alpha, copts.Threshold, copts.Ignore, copts.Filter = *alpha, float64(threshold), ignore, *filter
		if copts.Filter == "" {
			copts.Filter = ".unit:sec/op"
		}
		return reportAcross(fs.Args(), *by, *baseline, copts, *out, *plots, stdout, stderr)
	}
	if *baseline != "" {
		return fmt.Errorf("-baseline needs -by KEY")
	}
	opts := build.Options{Filter: *filter, Alpha: *alpha, Threshold: float64(threshold), Ignore: ignore, Reference: *reference}
	in, err := build.Load(fs.Args(), opts)
	if err != nil {
		return err
	}
	rep := build.Report(in, opts)
	render.Summarize(rep)
	for _, w := range rep.Warnings {
		fmt.Fprintf(stderr, "syncbench report: warning: %s\n", w)
	}

	ropts := render.Options{Format: *format}
	if *plots != "" {
		if err := charts.Plot(rep, *plots, *which == "all"); err != nil {
			return fmt.Errorf("-plots %s: %w", *plots, err)
		}
		ropts.PlotsLink = plotsLink(*out, *plots)
	}

	return writeReport(*out, stdout, func(w io.Writer) error { return render.Render(w, rep, ropts) })
}

// writeReport writes a report with render to the file out, or to stdout
// when out is "", through a buffer.
func writeReport(out string, stdout io.Writer, render func(io.Writer) error) error {
	w := stdout
	var f *os.File
	if out != "" {
		var err error
		if f, err = os.Create(out); err != nil {
			return fmt.Errorf("-o: %w", err)
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	err := render(bw)
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

// plotsLink is the charts directory as seen from the report file, so the
// markdown's links work wherever the pair is moved together.
func plotsLink(out, plots string) string {
	base := "."
	if out != "" {
		base = filepath.Dir(out)
	}
	absBase, err1 := filepath.Abs(base)
	absPlots, err2 := filepath.Abs(plots)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absBase, absPlots); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(plots)
}

// outputsApart refuses outputs that would overwrite an input: a report
// file (-o) that is one of the inputs, or a charts directory (-plots)
// that holds one.
func outputsApart(inputs []string, out, plots string) error {
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		ist, err := os.Stat(in)
		if err != nil {
			continue // Load says what is wrong with it
		}
		if out != "" {
			if ost, err := os.Stat(out); err == nil && os.SameFile(ist, ost) {
				return fmt.Errorf("-o %s is the input file %s: refusing to overwrite it", out, in)
			}
		}
		if plots != "" {
			pst, err1 := os.Stat(plots)
			dst, err2 := os.Stat(filepath.Dir(in))
			if err1 == nil && err2 == nil && os.SameFile(pst, dst) {
				return fmt.Errorf("-plots %s holds the input file %s: refusing to write charts over it (choose another directory)", plots, in)
			}
		}
	}
	return nil
}
