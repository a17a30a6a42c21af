// Package gate is the CI regression check of syncbench: it builds the
// benchmarks of two sides (git revisions, the working tree, Go toolchains),
// measures them in interleaved rounds on the same machine, and fails only
// on a regression that compare finds twice: once in the first sample, and
// again in a fresh sample of the suspect rows.
//
// Interleaving is what makes the comparison fair on a noisy machine: each
// round runs every selected benchmark once on both sides, in an order
// shuffled per round, so that a slow minute (another job, thermal
// throttling) hits both sides alike instead of all of one side. The two
// samples are then exchangeable under "no change", which is what the
// Mann–Whitney test in package compare assumes.
//
// Each benchmark runs in a process of its own, with an iteration count
// calibrated once (at -benchtime) and then fixed for every run on both
// sides, so that the process's CPU time is that benchmark's: the gate adds
// it to each result as cpu-ns/op (CPUUnit), which is what it decides on by
// default together with the exact allocation counts.
package gate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/syncbench/syncbench/internal/benchre"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/exitcode"
	"github.com/syncbench/syncbench/internal/proc"
	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/runner"
)

// The defaults of the gate, chosen by measuring it on a shared, noisy
// two-core machine (see results/gate-eval.md):
//
//   - The selection is the counter family with one goroutine and no
//     critical-section work, for every implementation but the
//     unsynchronized baseline and the channel (whose hand-off to a server
//     goroutine made its CPU time too noisy to decide at 5%): the cost of
//     a mutex, an RWMutex, two atomics and a sharded counter.
//   - The decision is on CPU time per operation (CPUUnit) and the exact
//     allocation counts, not on wall time: when other processes compete
//     for the CPU, wall time per operation varied by a factor of 3–6
//     between runs of the same binary, CPU time by a few percent. Wall
//     time is still measured and kept in the result files (see them with
//     syncbench compare); decide on it too with
//     -filter '.unit:(sec/op OR cpu-ns/op OR B/op OR allocs/op)' on a
//     quiet, dedicated runner.
//   - 20 rounds rather than 10: with 10, the median's interval too often
//     reached past the 5% threshold (an INCONCLUSIVE verdict).
const (
	DefaultBench     = `^BenchmarkCounter$/^impl=(mutex|rwmutex|atomic-add|atomic-cas|sharded)$/^goroutines=1$/^local=0$/^held=0$`
	DefaultBenchTime = "200ms"
	DefaultRounds    = 20
	DefaultFilter    = ".unit:(cpu-ns/op OR B/op OR allocs/op)"
)

// Config is one gate run.
type Config struct {
	Old, New Side
	// Pkg is the package whose benchmarks run (default ./bench).
	Pkg string
	// Bench is the -test.bench regular expression selecting the
	// benchmarks, with sub-benchmark levels separated by '/'.
	Bench string
	// BenchTime, CPU and Benchmem are passed to the test binaries as
	// -test.benchtime, -test.cpu and -test.benchmem.
	BenchTime string
	CPU       string
	Benchmem  bool
	// Rounds is the number of interleaved rounds, for the first sample
	// and again for the recheck.
	Rounds int
	// Compare is the decision rule.
	Compare compare.Options
	// OutDir receives the result files (created if needed).
	OutDir string
	// Seed seeds the shuffling of each round's order.
	Seed uint64
	// Dir is the directory the gate runs from (default: the current one).
	Dir string
	// Progress, when not nil, receives one line per round.
	Progress io.Writer
	// Timeout bounds one benchmark run (default 10m).
	Timeout time.Duration
}

// Verdict is the gate's answer.
type Verdict string

// The gate's verdicts and their exit codes: PASS 0, FAIL 1,
// INCONCLUSIVE 2.
const (
	Pass         Verdict = "PASS"
	Fail         Verdict = "FAIL"
	Inconclusive Verdict = "INCONCLUSIVE"
)

// Outcome is the result of a gate run.
type Outcome struct {
	Verdict Verdict
	// Reason is one line explaining the verdict.
	Reason string
	// First is the comparison of the first sample; Recheck that of the
	// fresh sample of suspect rows (nil when nothing was suspect).
	First, Recheck *compare.Report
	// Files are the result files written, old then new (then the
	// recheck's old and new).
	Files []string
	// OldDesc and NewDesc describe the sides as built.
	OldDesc, NewDesc string
	// Benchmarks is the number of top-level benchmarks run per round.
	Benchmarks int
	Rounds     int
	Seed       uint64
	Elapsed    time.Duration
}

// Err returns the error the command ends with for the verdict: nil for
// PASS, exit code 1 for FAIL and 2 for INCONCLUSIVE.
func (o *Outcome) Err() error {
	switch o.Verdict {
	case Fail:
		return exitcode.New(exitcode.Regression, "FAIL: %s", o.Reason)
	case Inconclusive:
		return exitcode.New(exitcode.Failure, "INCONCLUSIVE: %s", o.Reason)
	}
	return nil
}

// Run runs the gate. Its errors carry exit code 2 and say in one line what
// failed: an unknown revision or toolchain, a build failure, a benchmark
// failing on one side, an interrupt. Temporary worktrees and binaries are
// removed before Run returns, whatever happens.
func Run(ctx context.Context, cfg Config) (out *Outcome, err error) {
	start := time.Now()
	if cfg.Pkg == "" {
		cfg.Pkg = "./bench"
	}
	if cfg.Bench == "" {
		cfg.Bench = DefaultBench
	}
	if cfg.Rounds < 1 {
		return nil, exitcode.New(exitcode.Failure, "-rounds must be at least 1")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Minute
	}
	if cfg.Dir == "" {
		if cfg.Dir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	if cfg.OutDir == "" {
		cfg.OutDir = "."
	}
	if strings.HasPrefix(cfg.Pkg, "-") {
		// It reaches go test and go list as an argument: not as a flag.
		return nil, exitcode.New(exitcode.Failure, "-pkg %q: a package may not start with '-'", cfg.Pkg)
	}
	if err := os.MkdirAll(cfg.OutDir, 0o777); err != nil {
		return nil, exitcode.New(exitcode.Failure, "%v", err)
	}
	// Check that the result files can be written before building anything.
	if probe, err := os.CreateTemp(cfg.OutDir, ".syncbench-gate-probe-*"); err != nil {
		return nil, exitcode.New(exitcode.Failure, "-o %s: cannot write result files there: %v", cfg.OutDir, errors.Unwrap(err))
	} else {
		probe.Close()
		os.Remove(probe.Name())
	}
	if _, err := benchre.Parse(cfg.Bench); err != nil {
		return nil, exitcode.New(exitcode.Failure, "%v", err)
	}

	// Worktrees, binaries and build directories go into a directory that
	// the next gate removes if this one is killed.
	tmp, release, err := proc.TempDir("syncbench-gate-")
	if err != nil {
		return nil, exitcode.New(exitcode.Failure, "%v", err)
	}
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
		release()
		if ctx.Err() != nil && err != nil {
			err = exitcode.New(exitcode.Failure, "interrupted; temporary worktrees removed")
			out = nil
		}
	}()

	var rp *repo
	sides := []*built{{side: cfg.Old, label: "old"}, {side: cfg.New, label: "new"}}
	for _, b := range sides {
		src := cfg.Dir
		if b.side.Rev != "" {
			if rp == nil {
				if rp, err = findRepo(ctx, cfg.Dir); err != nil {
					return nil, exitcode.New(exitcode.Failure, "%s side %s: %v", b.label, b.side, err)
				}
			}
			if b.commit, err = rp.resolve(ctx, b.side.Rev); err != nil {
				return nil, exitcode.New(exitcode.Failure, "%s side: %v", b.label, err)
			}
			wt := filepath.Join(tmp, b.label)
			rm, err := rp.addWorktree(ctx, wt, b.commit)
			if err != nil {
				return nil, exitcode.New(exitcode.Failure, "%s side %s: %v", b.label, b.side, err)
			}
			cleanups = append(cleanups, rm)
			src = filepath.Join(wt, filepath.FromSlash(rp.prefix))
		}
		b.bin = filepath.Join(tmp, b.label+".test")
		if err := build(ctx, src, cfg.Pkg, b.bin, b.side); err != nil {
			return nil, exitcode.New(exitcode.Failure, "building the %s side (%s): %v", b.label, b.side, err)
		}
		if b.dir, err = pkgDir(ctx, src, cfg.Pkg, b.side); err != nil {
			return nil, exitcode.New(exitcode.Failure, "%s side (%s): %v", b.label, b.side, err)
		}
		if b.list, b.iters, err = discover(ctx, cfg, b); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, exitcode.New(exitcode.Failure, "benchmarks fail on the %s side (%s): %v", b.label, b.side, err)
		}
	}

	for _, b := range sides {
		b.startup = startupCPU(ctx, b)
	}
	units := unitsFor(sides)
	if len(units) == 0 {
		return nil, exitcode.New(exitcode.Failure, "no benchmark matches -bench %q on either side", cfg.Bench)
	}
	out = &Outcome{Rounds: cfg.Rounds, Seed: cfg.Seed, Benchmarks: len(units),
		OldDesc: describe(sides[0]), NewDesc: describe(sides[1])}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))

	files := [2]string{filepath.Join(cfg.OutDir, "gate-old.txt"), filepath.Join(cfg.OutDir, "gate-new.txt")}
	if err := measure(ctx, cfg, sides, units, files, rng, "round"); err != nil {
		return nil, err
	}
	out.Files = files[:]
	first, err := compareFiles(files, cfg.Compare)
	if err != nil {
		return nil, err
	}
	out.First = first

	// Suspects are measured again in fresh rounds; only a regression found
	// again fails the gate.
	recheck := func(suspects []*compare.Row) (*compare.Report, error) {
		rfiles := [2]string{filepath.Join(cfg.OutDir, "gate-old-recheck.txt"), filepath.Join(cfg.OutDir, "gate-new-recheck.txt")}
		if err := measure(ctx, cfg, sides, recheckUnits(suspects, units), rfiles, rng, "recheck round"); err != nil {
			return nil, err
		}
		out.Files = append(out.Files, rfiles[:]...)
		return compareFiles(rfiles, RecheckOptions(cfg.Compare, suspects))
	}
	if out.Verdict, out.Reason, out.Recheck, err = Judge(first, recheck, cfg.Compare.Threshold); err != nil {
		return nil, err
	}
	out.Elapsed = time.Since(start)
	return out, nil
}

// RecheckOptions returns opts restricted to the suspect rows, so that the
// Holm family of the recheck is the suspects alone.
func RecheckOptions(opts compare.Options, suspects []*compare.Row) compare.Options {
	want := map[[2]string]bool{}
	for _, r := range suspects {
		want[[2]string{r.Name, r.Unit}] = true
	}
	opts.Select = func(name, unit string) bool { return want[[2]string{name, unit}] }
	return opts
}

// Judge is the gate's decision. The rows of first that are regressions are
// suspects; recheck measures them again in a fresh sample and compares
// (with RecheckOptions). FAIL when the recheck confirms a regression;
// otherwise INCONCLUSIVE when a tested row, as finally measured, is too
// noisy to rule out a regression of threshold (see Noisy); otherwise PASS. recheck is
// called only when there are suspects.
func Judge(first *compare.Report, recheck func(suspects []*compare.Row) (*compare.Report, error), threshold float64) (Verdict, string, *compare.Report, error) {
	final := first.Rows
	var re *compare.Report
	if suspects := first.Regressions(); len(suspects) > 0 {
		var err error
		if re, err = recheck(suspects); err != nil {
			return "", "", nil, err
		}
		if regs := re.Regressions(); len(regs) > 0 {
			return Fail, fmt.Sprintf("%d regression(s) confirmed by a fresh sample, worst: %s", len(regs), compare.Worst(regs)), re, nil
		}
		suspect := map[*compare.Row]bool{}
		for _, r := range suspects {
			suspect[r] = true
		}
		final = nil
		for _, r := range first.Rows {
			if !suspect[r] {
				final = append(final, r)
			}
		}
		final = append(final, re.Rows...)
	}
	if noisy := Noisy(final, threshold); len(noisy) > 0 {
		r := noisy[0]
		return Inconclusive, fmt.Sprintf("too noisy to rule out a %s regression in %d row(s): the new interval reaches %s past the old center, e.g. %s %s (old ±%s, new ±%s; more -rounds or a quieter machine)",
			pct(threshold), len(noisy), pctf(worseReach(r)), r.Name, r.Unit, r.Old.Range, r.New.Range), re, nil
	}
	if re != nil {
		return Pass, fmt.Sprintf("%d suspect row(s) not confirmed by a fresh sample", len(re.Rows)), re, nil
	}
	return Pass, "no regression", nil, nil
}

func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }

func pctf(f float64) string {
	if math.IsInf(f, 0) {
		return "∞"
	}
	return fmt.Sprintf("%.1f%%", f*100)
}

// Noisy returns the rows that cannot rule out a regression of threshold:
// tested (not deterministic) rows whose new interval reaches farther than
// threshold beyond the old center in the worse direction (for a time, the
// new interval's upper end is above old×(1+threshold)), and rows with too
// few samples to test. Such a row passed only because it was too noisy to
// fail; the worst come first.
func Noisy(rows []*compare.Row, threshold float64) []*compare.Row {
	var noisy []*compare.Row
	reach := map[*compare.Row]float64{}
	for _, r := range rows {
		if r.Exact || r.Better == 0 || r.Verdict == compare.Slower {
			continue
		}
		x := worseReach(r)
		if r.Verdict == compare.NotEnoughData || x > threshold {
			noisy = append(noisy, r)
			reach[r] = x
		}
	}
	sort.SliceStable(noisy, func(i, j int) bool { return reach[noisy[i]] > reach[noisy[j]] })
	return noisy
}

// worseReach is how far, as a fraction of the old center, the new
// interval reaches in the worse direction.
func worseReach(r *compare.Row) float64 {
	c := r.Old.Center
	if c <= 0 {
		return 0
	}
	var x float64
	if r.Better < 0 {
		x = r.New.Hi/c - 1
	} else {
		x = 1 - r.New.Lo/c
	}
	if math.IsNaN(x) {
		return math.Inf(1)
	}
	return x
}

func describe(b *built) string {
	var parts []string
	if b.commit != "" {
		parts = append(parts, "commit "+short(b.commit))
	} else {
		parts = append(parts, "working tree")
	}
	if b.side.Toolchain != "" {
		parts = append(parts, "GOTOOLCHAIN="+b.side.Toolchain)
	}
	if b.side.GOROOT != "" {
		parts = append(parts, "GOROOT="+b.side.GOROOT)
	}
	if b.side.Tags != "" {
		parts = append(parts, "tags "+b.side.Tags)
	}
	return fmt.Sprintf("%s (%s)", b.side, strings.Join(parts, ", "))
}

func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func compareFiles(files [2]string, opts compare.Options) (*compare.Report, error) {
	var s [2]*compare.Side
	for i, f := range files {
		rf, err := results.ReadFile(f)
		if err != nil {
			return nil, err
		}
		s[i] = &compare.Side{Name: filepath.Base(f), Results: rf.Results, Units: rf.Units}
	}
	return compare.Compare(s[0], s[1], opts)
}

// unit is one benchmark invocation in a round: a -test.bench pattern that
// selects one top-level benchmark (and the sub-benchmarks the user's
// pattern selects under it), with the sides that have it.
type unit struct {
	name    string // top-level benchmark, for messages
	pattern string
	cpu     string // -test.cpu override, or ""
	// iters, when not 0, fixes the iterations of every run (the same on
	// both sides), so that the process's CPU time measures them.
	iters int
	sides []*built
}

// roundIters rounds an iteration count to two significant digits.
func roundIters(n int) int {
	if n < 100 {
		return max(n, 1)
	}
	p := 1
	for n/p >= 100 {
		p *= 10
	}
	return (n + p/2) / p * p
}

// discover runs the side's benchmarks matching pattern once each, at the
// configured -benchtime, and returns their full names (as the results
// files spell them, without the "Benchmark" prefix) with the iteration
// count the testing package chose for each. It also shows early that a
// benchmark fails on this side.
func discover(ctx context.Context, cfg Config, b *built) ([]string, map[string]int, error) {
	rs, err := runOnce(ctx, cfg, b, &unit{name: "discovery", pattern: cfg.Bench})
	if err != nil {
		return nil, nil, err
	}
	var names []string
	iters := map[string]int{}
	for _, r := range rs {
		n := string(r.Name.Full())
		if _, ok := iters[n]; !ok {
			names = append(names, n)
		}
		iters[n] = r.Iters
	}
	return names, iters, nil
}

// startupCPU returns the CPU time a test binary of the side spends
// without running any benchmark (start-up and exit), the least of three
// runs, to subtract from the CPU time of each measured run.
func startupCPU(ctx context.Context, b *built) time.Duration {
	best := time.Duration(-1)
	for range 3 {
		cmd := proc.Command(ctx, os.Interrupt, b.bin, "-test.run", "^$", "-test.bench", "^$")
		cmd.Dir = b.dir
		if err := cmd.Run(); err != nil {
			return 0
		}
		if c := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(); best < 0 || c < best {
			best = c
		}
	}
	return max(best, 0)
}

// unitsFor returns the invocations of one round: every benchmark either
// side has, each selected exactly, with the sides that have it.
func unitsFor(sides []*built) []*unit {
	byName := map[string]*unit{}
	var names []string
	for _, b := range sides {
		for _, n := range b.list {
			u := byName[n]
			if u == nil {
				u = exactUnit(n)
				u.iters = roundIters(b.iters[n])
				byName[n] = u
				names = append(names, n)
			}
			u.sides = append(u.sides, b)
		}
	}
	sort.Strings(names)
	units := make([]*unit, len(names))
	for i, n := range names {
		units[i] = byName[n]
	}
	return units
}

// exactUnit returns the invocation that runs exactly the benchmark with
// full name name (every sub-benchmark level anchored) at its GOMAXPROCS.
func exactUnit(name string) *unit {
	base, parts := benchfmt.Name(name).Parts()
	pat := "^Benchmark" + regexp.QuoteMeta(string(base)) + "$"
	cpu := "1"
	for _, p := range parts {
		switch p[0] {
		case '/':
			pat += "/^" + regexp.QuoteMeta(string(p[1:])) + "$"
		case '-':
			cpu = string(p[1:])
		}
	}
	return &unit{name: "Benchmark" + name, pattern: pat, cpu: cpu}
}

// recheckUnits returns one invocation per suspect benchmark, with the
// iterations of the first sample.
func recheckUnits(suspects []*compare.Row, first []*unit) []*unit {
	iters := map[string]int{}
	for _, u := range first {
		iters[u.name] = u.iters
	}
	seen := map[string]bool{}
	var units []*unit
	for _, r := range suspects {
		if !seen[r.Name] {
			seen[r.Name] = true
			u := exactUnit(r.Name)
			u.iters = iters[u.name]
			units = append(units, u)
		}
	}
	return units
}

// measure runs cfg.Rounds interleaved rounds of units on both sides and
// writes each side's results to its file as they arrive.
func measure(ctx context.Context, cfg Config, sides []*built, units []*unit, files [2]string, rng *rand.Rand, what string) error {
	var ws [2]*sideWriter
	for i, b := range sides {
		w, err := newSideWriter(files[i], b)
		if err != nil {
			return exitcode.New(exitcode.Failure, "%v", err)
		}
		defer w.close()
		ws[i] = w
	}
	type job struct {
		u    *unit
		side int
	}
	for round := 1; round <= cfg.Rounds; round++ {
		var jobs []job
		for _, u := range units {
			for i, b := range sides {
				if u.sides == nil || contains(u.sides, b) {
					jobs = append(jobs, job{u, i})
				}
			}
		}
		rng.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })
		t0 := time.Now()
		for _, j := range jobs {
			b := sides[j.side]
			res, err := runOnce(ctx, cfg, b, j.u)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return exitcode.New(exitcode.Failure, "%s failed on the %s side (%s): %v", j.u.name, b.label, b.side, err)
			}
			if err := ws[j.side].write(res); err != nil {
				return exitcode.New(exitcode.Failure, "%v", err)
			}
		}
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "gate: %s %d/%d: %d runs in %.1fs\n", what, round, cfg.Rounds, len(jobs), time.Since(t0).Seconds())
		}
	}
	for _, w := range ws {
		if err := w.close(); err != nil {
			return exitcode.New(exitcode.Failure, "%v", err)
		}
	}
	return nil
}

func contains(bs []*built, b *built) bool {
	for _, x := range bs {
		if x == b {
			return true
		}
	}
	return false
}

// CPUUnit is the metric the gate adds to every measured run: the CPU time
// (user and system) of the test process per operation, less the process's
// start-up. Unlike ns/op, it does not grow when other processes take the
// CPU away, which on a shared machine is most of the noise.
const CPUUnit = "cpu-ns/op"

// runOnce runs one benchmark invocation and returns its results, with the
// CPU time the process used beyond start-up as CPUUnit when the run has
// a fixed iteration count.
func runOnce(ctx context.Context, cfg Config, b *built, u *unit) ([]*benchfmt.Result, error) {
	args := []string{"-test.run", "^$", "-test.bench", u.pattern, "-test.count", "1",
		"-test.timeout", cfg.Timeout.String()}
	if u.iters > 0 {
		args = append(args, "-test.benchtime", strconv.Itoa(u.iters)+"x")
	} else if cfg.BenchTime != "" {
		args = append(args, "-test.benchtime", cfg.BenchTime)
	}
	if u.cpu != "" {
		args = append(args, "-test.cpu", u.cpu)
	} else if cfg.CPU != "" {
		args = append(args, "-test.cpu", cfg.CPU)
	}
	if cfg.Benchmem {
		args = append(args, "-test.benchmem")
	}
	cmd := proc.Command(ctx, os.Interrupt, b.bin, args...)
	cmd.Dir = b.dir
	outb, err := cmd.CombinedOutput()
	text := string(outb)
	if err != nil || strings.Contains(text, "\n--- FAIL") || strings.HasPrefix(text, "--- FAIL") {
		return nil, errors.New(lastLine(text, err))
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() - b.startup
	var rs []*benchfmt.Result
	rd := benchfmt.NewReader(bytes.NewReader(outb), u.name)
	for rd.Scan() {
		if r, ok := rd.Result().(*benchfmt.Result); ok {
			rs = append(rs, r.Clone())
		}
	}
	// With fixed iterations and one benchmark per process, the process's
	// CPU time is that benchmark's.
	if u.iters > 0 && len(rs) == 1 && rs[0].Iters > 0 {
		v := float64(max(cpu, 0).Nanoseconds()) / float64(rs[0].Iters)
		rs[0].Values = append(rs[0].Values, benchfmt.Value{Value: v, Unit: CPUUnit, OrigValue: v, OrigUnit: CPUUnit})
	}
	return rs, nil
}

// sideWriter writes one side's results file: a comment naming the side,
// the suite's Unit lines, then the results with the configuration the
// test binary printed plus the lines `syncbench run` adds to identify a
// run (go-version, ncpu, kernel, machine, commit, ...), so that files of
// two toolchains or commits are told apart by report and compare.
type sideWriter struct {
	f   *os.File
	bw  *benchfmt.Writer
	cfg [][2]string
}

func newSideWriter(path string, b *built) (*sideWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(f, "# syncbench gate, %s side: %s\n", b.label, describe(b))
	for _, l := range results.UnitLines() {
		fmt.Fprintln(f, l)
	}
	cfg := runner.RunConfig(b.bin, b.dir, path, time.Now())
	return &sideWriter{f: f, bw: benchfmt.NewWriter(f), cfg: cfg}, nil
}

func (w *sideWriter) write(rs []*benchfmt.Result) error {
	for _, r := range rs {
		for _, kv := range w.cfg {
			r.SetConfig(kv[0], kv[1])
			if i, ok := r.ConfigIndex(kv[0]); ok {
				r.Config[i].File = true
			}
		}
		if err := w.bw.Write(r); err != nil {
			return err
		}
	}
	return nil
}

func (w *sideWriter) close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}
