package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/benchre"
	"github.com/syncbench/syncbench/internal/gotool"
	"github.com/syncbench/syncbench/internal/machine"
	"github.com/syncbench/syncbench/internal/option"
	"github.com/syncbench/syncbench/internal/proc"
	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/rounds"
	"github.com/syncbench/syncbench/internal/runner/progress"
	"github.com/syncbench/syncbench/internal/runner/runconfig"
)

// Options are the settings of one run.
type Options struct {
	// Pkg is the directory of the benchmark package ("./bench").
	Pkg string
	// Bench is the -bench regular expression selecting benchmarks.
	Bench string
	// CPU is the list of GOMAXPROCS values (-cpu).
	CPU []int
	// Count is the number of rounds (-count): samples per configuration,
	// each from a fresh process (see package rounds).
	Count int
	// Benchtime is the time or iteration count of one sample.
	Benchtime string
	// Short runs the package with -test.short (its short sweeps).
	Short bool
	// Timeout bounds the test binary's run for each top-level benchmark
	// (-test.timeout); 0 is no limit.
	Timeout time.Duration
	// Profile is the name of the profile the settings came from, for
	// the summary.
	Profile string
	// Out is the results file; empty means
	// results/<machine>/<UTC time>.txt under the current directory.
	Out string
	// Force allows overwriting an existing results file.
	Force bool
	// Go lists the Go toolchains or trees to build and run the suite with;
	// empty means the go command on PATH. With more than one, the run is
	// a cross-release run (see Run).
	Go []gotool.Go
	// Args are passed to the test binary after the run's own flags (the
	// bench package's sweep flags).
	Args []string
	// Stderr receives the progress, warnings and the output of a
	// failing benchmark (the final summary is Summarize's).
	Stderr io.Writer
	// Terminal selects the live progress bar instead of one plain line
	// per finished benchmark; TermWidth is the terminal's width.
	Terminal  bool
	TermWidth int
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Seed is the seed of the rounds' order (see package rounds); 0
	// draws one. The results file records it.
	Seed uint64
	// Iters says where the iteration counts come from: IterationsAuto
	// reuses those of the newest results file beside Out made at the
	// same Benchtime, a file name reuses that file's, and "" or
	// IterationsNone calibrates every configuration in this run (see
	// doc.go, "The same work in every run").
	Iters string
}

// The values of Options.Iters that name no file.
const (
	IterationsAuto = "auto"
	IterationsNone = "none"
)

// Report is what a finished (or stopped) run measured.
type Report struct {
	// File is the results file.
	File string
	// Results is the number of result lines in it.
	Results int
	// Benchmarks is the number of top-level benchmark functions selected.
	Benchmarks int
	// Elapsed is the wall time of the run, the build included.
	Elapsed time.Duration
	// Times are the wall times of the top-level benchmarks run, in order.
	Times []TopTime
	// LoadStart and LoadEnd are the machine's load averages (1, 5 and 15
	// minutes) when the run started and when it ended.
	LoadStart, LoadEnd string
}

// TopTime is the wall time one top-level benchmark took, its process's
// start and end included.
type TopTime struct {
	// Name is the top-level benchmark (with its side, in a cross-release
	// run) and Elapsed the wall time of its process.
	Name    string
	Elapsed time.Duration
}

// Run builds and runs the suite as o says, through the measuring engine
// (package rounds: calibration, then o.Count rounds of fresh processes in
// an order shuffled each round, the Go versions of o.Go as its sides), and
// writes the results file as results arrive; an interrupt or a failing
// benchmark stops it with an error that says where the results are.
func Run(ctx context.Context, o Options) (*Report, error) {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	if err := check(&o); err != nil {
		return nil, err
	}
	pattern, err := benchre.Parse(o.Bench)
	if err != nil {
		return nil, err
	}
	pkgDir, err := packageDir(ctx, o.Pkg)
	if err != nil {
		return nil, err
	}

	m := machine.Detect()

	out := o.Out
	if out == "" {
		out = filepath.Join("results", m.Name(), start.UTC().Format("20060102T150405Z")+".txt")
	}
	reuse, reuseFrom, err := reusedIterations(o, out)
	if err != nil {
		return nil, err
	}
	w, err := results.Create(out, o.Force)
	if err != nil {
		return nil, err
	}
	// Until the first result is written, a failure leaves no file (or
	// the old one, with -force).
	defer w.Abort()
	if over := overCPUs(o.CPU, m.NCPU); len(over) > 0 {
		fmt.Fprintf(o.Stderr, "syncbench run: warning: -cpu %s exceeds the %d CPUs of this machine: those settings time-slice the real cores\n",
			FormatCPUList(over), m.NCPU)
	}

	// The test binary and the go command's build directory (GOTMPDIR) go
	// into a directory that the next run removes if this one is killed.
	tmp, release, err := proc.TempDir("syncbench-run-")
	if err != nil {
		return nil, err
	}
	defer release()

	if o.Terminal {
		// Building can take a while on a fresh machine; say so on the
		// terminal (logs get the line below once it is done).
		fmt.Fprintf(o.Stderr, "syncbench run: building the test binary of %s\n", o.Pkg)
	}
	gos := o.Go
	if len(gos) == 0 {
		gos = []gotool.Go{{}}
	}
	bins := make([]string, len(gos))
	versions := make([]string, len(gos))
	for k, g := range gos {
		if bins[k], err = build(ctx, pkgDir, o.Pkg, tmp, k, g, o.Stderr); err != nil {
			return nil, err
		}
		versions[k] = runconfig.GoVersion(bins[k])
		for j := range k {
			if len(gos) > 1 && versions[j] == versions[k] {
				return nil, fmt.Errorf("%s and %s both build with %s: a cross-release run needs a different Go version for each", goName(gos[j]), goName(g), versions[k])
			}
		}
	}
	bin := bins[0]
	tops, err := list(ctx, bin, pkgDir, pattern, o.Args, o.Stderr)
	if err != nil {
		return nil, err
	}
	for k := 1; k < len(bins); k++ {
		other, err := list(ctx, bins[k], pkgDir, pattern, o.Args, o.Stderr)
		if err != nil {
			return nil, err
		}
		if strings.Join(other, " ") != strings.Join(tops, " ") {
			return nil, fmt.Errorf("the benchmarks selected differ between %s (%s) and %s (%s)", versions[0], strings.Join(tops, ", "), versions[k], strings.Join(other, ", "))
		}
	}
	if len(tops) == 0 {
		return nil, fmt.Errorf("-bench %q matches no benchmark in %s", o.Bench, o.Pkg)
	}

	short := ""
	if o.Short {
		short = " -short"
	}
	loadStart := machine.LoadAvg()
	fmt.Fprintf(o.Stderr, "syncbench run: %d benchmarks of %s (-count %d -benchtime %s -cpu %s%s) into %s; load average %s\n",
		len(tops), o.Pkg, o.Count, o.Benchtime, FormatCPUList(o.CPU), short, out, loadStart)
	hdr := configKVs(runconfig.Lines(m, bin, pkgDir, out, start))
	if len(bins) > 1 {
		fmt.Fprintf(o.Stderr, "syncbench run: %d interleaved rounds under %s\n", o.Count, strings.Join(versions, ", "))
		hdr = dropKey(hdr, "go-version") // said before each block
	}
	rep := &Report{File: out, Benchmarks: len(tops), LoadStart: loadStart}
	pl := progress.NewPlan(len(tops))
	var prog progress.Reporter
	if o.Terminal {
		prog = progress.NewBar(o.Stderr, pl, o.TermWidth)
	} else {
		prog = progress.NewPlain(o.Stderr, pl)
	}
	st := &stream{w: w, header: hdr, prog: prog, notes: []string{loadNote("start", loadStart)}}
	sides := make([]rounds.Side, len(bins))
	for k := range bins {
		sides[k] = rounds.Side{Label: versions[k], Bin: bins[k], Dir: pkgDir}
	}
	seed := o.Seed
	if seed == 0 {
		seed = rounds.NewSeed()
	}
	runErr := measure(ctx, sides, o, seed, pattern, tops, st, rep, reuse, reuseFrom)
	prog.Done(runErr == nil && ctx.Err() == nil)
	rep.Results = w.Results()
	rep.Elapsed = now().Sub(start)
	rep.LoadEnd = machine.LoadAvg()

	if rep.Results == 0 {
		// Nothing measured: leave no file behind (Abort).
		switch {
		case ctx.Err() != nil:
			return rep, fmt.Errorf("interrupted before the first result; no results file written")
		case runErr != nil:
			st.showFailure(o.Stderr)
			return rep, fmt.Errorf("%v; no results file written", runErr)
		}
		return rep, fmt.Errorf("-bench %q matches no benchmark in %s", o.Bench, o.Pkg)
	}
	// The file holds results: it ends with the load at the end (an error
	// here is the file's, and Close reports it).
	_ = w.Comment(loadNote("end", rep.LoadEnd))
	if err := w.Close(); err != nil && runErr == nil {
		// A full disk: say what the file holds.
		return rep, fmt.Errorf("%v: %d results kept in %s", err, rep.Results, out)
	}
	switch {
	case ctx.Err() != nil:
		return rep, fmt.Errorf("interrupted: %d results kept in %s", rep.Results, out)
	case runErr != nil:
		st.showFailure(o.Stderr)
		return rep, fmt.Errorf("%v: %d results kept in %s", runErr, rep.Results, out)
	}
	return rep, nil
}

// reusedIterations returns the iteration counts the run reuses (o.Iters)
// and the file they come from: none when o.Benchtime is itself a count,
// or o.Iters is IterationsNone, or it is IterationsAuto and no results
// file beside out was made at o.Benchtime. A file named by o.Iters that
// cannot be read is an error naming the option.
func reusedIterations(o Options, out string) (map[string]int, string, error) {
	from := o.Iters
	switch {
	case from == "" || from == IterationsNone || strings.HasSuffix(o.Benchtime, "x"):
		return nil, "", nil
	case from == IterationsAuto:
		if from = results.NewestWithBenchtime(filepath.Dir(out), o.Benchtime); from == "" {
			return nil, "", nil
		}
	}
	iters, bt, err := results.Iterations(from)
	if err != nil {
		return nil, "", option.New("iters", "%w", err)
	}
	if bt != o.Benchtime {
		if bt == "" {
			bt = "no benchtime line"
		}
		return nil, "", option.New("iters", "%s was measured at -benchtime %s, this run at %s: its counts would not fill the samples", from, bt, o.Benchtime)
	}
	return iters, from, nil
}

// dropKey returns kvs without the line of key.
func dropKey(kvs []kv, key string) []kv {
	var out []kv
	for _, c := range kvs {
		if c.key != key {
			out = append(out, c)
		}
	}
	return out
}

// check fills in defaults and validates the numeric settings.
func check(o *Options) error {
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	if o.Pkg == "" {
		o.Pkg = "./bench"
	}
	if o.Bench == "" {
		o.Bench = "."
	}
	if len(o.CPU) == 0 {
		o.CPU = []int{1, 2, 4, 8}
	}
	for _, n := range o.CPU {
		if n < 1 {
			return fmt.Errorf("invalid -cpu list %q", FormatCPUList(o.CPU))
		}
	}
	if o.Count < 1 {
		return fmt.Errorf("invalid -count %d: want at least 1", o.Count)
	}
	if err := CheckBenchtime(o.Benchtime); err != nil {
		return err
	}
	if o.Timeout < 0 {
		return fmt.Errorf("invalid -timeout %v", o.Timeout)
	}
	for _, a := range o.Args {
		if name := strings.TrimLeft(a, "-"); name != a && strings.HasPrefix(name, "test.") {
			// The run sets the -test.* flags itself, once per process; a
			// second -test.bench would run every benchmark twice.
			return fmt.Errorf("%s after --: the test binary's -test.* flags are set by syncbench run (use its own flags: -bench, -cpu, -count, -benchtime, -short, -timeout)", a)
		}
	}
	return nil
}

// overCPUs returns the -cpu values above ncpu.
func overCPUs(cpus []int, ncpu int) []int {
	var over []int
	for _, n := range cpus {
		if n > ncpu {
			over = append(over, n)
		}
	}
	return over
}

// build compiles the benchmark package's test binary with g into dir (the
// k-th Go of the run); pkgName is the package directory as the user named
// it, for messages.
func build(ctx context.Context, pkgDir, pkgName, dir string, k int, g gotool.Go, stderr io.Writer) (string, error) {
	if g.GOROOT == "" {
		if _, err := exec.LookPath("go"); err != nil {
			return "", fmt.Errorf("cannot find the go command on PATH")
		}
	}
	bin := filepath.Join(dir, "bench.test")
	if k > 0 {
		bin = filepath.Join(dir, fmt.Sprintf("bench-%d.test", k))
	}
	if os.PathSeparator == '\\' {
		bin += ".exe"
	}
	// Interrupted, go removes its build directory; killed, it leaves it in
	// dir, which the next run removes.
	cmd := g.Command(ctx, os.Interrupt, pkgDir, "test", "-c", "-o", bin, ".")
	cmd.Env = append(cmd.Env, "GOTMPDIR="+dir)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("interrupted while building; no results file written")
		}
		stderr.Write(out.Bytes())
		with := ""
		if g != (gotool.Go{}) {
			with = " with " + g.String()
		}
		return "", fmt.Errorf("building the test binary of %s%s failed (go test -c: %w)", pkgName, with, err)
	}
	if _, err := os.Stat(bin); err != nil {
		// go test -c writes nothing for a directory without test files.
		return "", fmt.Errorf("%s has no test files: no benchmarks to run", pkgName)
	}
	return bin, nil
}

// goName names g in messages.
func goName(g gotool.Go) string {
	if s := g.String(); s != "" {
		return s
	}
	return "the go command on PATH"
}

// list returns the top-level benchmark functions that pattern can select
// (rounds.List), with the extra args, so that a flag the binary does not
// know fails here.
func list(ctx context.Context, bin, pkgDir string, pattern benchre.Pattern, extra []string, stderr io.Writer) ([]string, error) {
	tops, err := rounds.List(ctx, rounds.Side{Bin: bin, Dir: pkgDir}, pattern, extra)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("interrupted before the first result; no results file written")
		}
		return nil, fmt.Errorf("test binary rejected its arguments: %w", err)
	}
	return tops, nil
}

// executeOne runs one step of a round: its side's test binary, in a
// process of its own (rounds.Side.Command), streaming its results to st.
func executeOne(ctx context.Context, step rounds.Step, st *stream) error {
	// Stop the binary when ctx is done or a benchmark fails.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	st.onFail = cancel
	st.current = ""

	// Interrupt rather than kill, as Ctrl-C would, the binary and whatever
	// it started (GoroutineMemory's fresh processes); kill what is left
	// some seconds later.
	cmd := step.Side.Command(runCtx, step.Args...)
	cmd.Stderr = &st.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the test binary: %w", err)
	}
	readErr := st.consume(stdout)
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		return nil
	}
	switch {
	case st.failed != "":
		return fmt.Errorf("benchmark %s failed", st.failed)
	case st.writeErr != nil:
		return st.writeErr
	case waitErr != nil:
		what := "failed"
		if st.stderr.panicked() {
			what = "panicked"
		}
		if name := st.running(); name != "" {
			return fmt.Errorf("benchmark %s %s (test binary: %v)", name, what, exitStatus(waitErr))
		}
		return fmt.Errorf("the test binary %s (%v)", what, exitStatus(waitErr))
	case readErr != nil:
		return fmt.Errorf("reading the test binary's output: %v", readErr)
	}
	if st.stderr.Len() > 0 {
		// A benchmark that passed but wrote to stderr: show it, once.
		var b strings.Builder
		st.stderr.WriteTo(&b)
		st.stderr.Reset()
		for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			st.prog.Println(l)
		}
	}
	return nil
}

// exitStatus describes the end of a process briefly.
func exitStatus(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ProcessState.String()
	}
	return err.Error()
}

// packageDir is the directory of the benchmark package pkg: a directory,
// or an import path that go list finds from the current module.
func packageDir(ctx context.Context, pkg string) (string, error) {
	if st, err := os.Stat(pkg); err == nil && st.IsDir() {
		return filepath.Abs(pkg)
	}
	if !strings.HasPrefix(pkg, "-") && !strings.HasPrefix(pkg, ".") && !filepath.IsAbs(pkg) {
		out, err := exec.CommandContext(ctx, "go", "list", "-f", "{{.Dir}}", "--", pkg).Output()
		if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
			return dir, nil
		}
	}
	return "", fmt.Errorf("benchmark package %s: no such directory or importable package; run syncbench at the root of a syncbench checkout, or give -pkg the benchmark package's directory or import path", pkg)
}

// loadNote is the comment line of a results file that gives the load
// average when the run started or ended (when is "start" or "end").
func loadNote(when, load string) string {
	return "load average (1, 5, 15 min) at the " + when + ": " + load
}
