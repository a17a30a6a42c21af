package gate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/benchre"
	"github.com/syncbench/syncbench/internal/gate/build"
	"github.com/syncbench/syncbench/internal/gate/sequential"
	"github.com/syncbench/syncbench/internal/option"
	"github.com/syncbench/syncbench/internal/proc"
	"github.com/syncbench/syncbench/internal/rounds"
	"github.com/syncbench/syncbench/internal/runner"
)

// DefaultBench is the default selection, one go test -bench pattern per
// element: the counters uncontended, and the contended configurations.
var DefaultBench = []string{
	`^BenchmarkCounter$/^impl=(mutex|rwmutex|atomic-add|atomic-cas|sharded)$/^goroutines=1$/^local=0$/^held=0$`,
	`^BenchmarkCounter$/^impl=(mutex|atomic-add)$/^goroutines=64$/^local=0$/^held=0$`,
	`^BenchmarkReadMostly$/^impl=rwmutex$/^reads=90$/^goroutines=64$`,
	`^BenchmarkChannel$/^impl=chan$/^buf=16$/^producers=4$/^consumers=4$`,
	`^BenchmarkPingPong$/^buf=0$`,
}

// The gate's other defaults (the package doc and results/gate-eval.md say why).
const (
	DefaultBenchTime = "50ms"
	DefaultReps      = 1
	DefaultMaxTime   = 10 * time.Minute
	DefaultUnits     = "cpu-ns/op,allocs/op,B/op"
)

// Config is one gate run.
type Config struct {
	Old, New build.Side
	// Pkg is the package whose benchmarks run (default ./bench); a
	// relative path not found in Dir is taken from the nearest module or
	// workspace root above it.
	Pkg string
	// Bench lists the -test.bench regular expressions selecting the
	// benchmarks, with sub-benchmark levels separated by '/'.
	Bench []string
	// BenchTime, CPU and Benchmem are passed to the test binaries as
	// -test.benchtime, -test.cpu and -test.benchmem.
	BenchTime string
	CPU       string
	Benchmem  bool
	// Reps is the number of runs of each benchmark on each side per
	// round, whose medians the round contributes.
	Reps int
	// Units are the units decided on.
	Units []string
	// Plan is the schedule of looks and the decision's error rates.
	Plan sequential.Plan
	// Rounds, when not 0, runs exactly that many rounds of every
	// benchmark and decides once at the end (for recording rounds to
	// resample); otherwise rounds run until decided (Plan, MaxTime).
	Rounds int
	// MaxTime is the time budget of the whole run, building included.
	MaxTime time.Duration
	// OutDir receives the result files (created if needed).
	OutDir string
	// Seed seeds the shuffling of each round's order.
	Seed uint64
	// Dir is the directory the gate runs from (default: the current one).
	Dir string
	// Progress, when not nil, receives one line per step and per round.
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
	// Rows are the decided rows.
	Rows []*sequential.Row
	Plan sequential.Plan
	// Files are the result files written, old then new.
	Files []string
	// OldDesc and NewDesc describe the sides as built.
	OldDesc, NewDesc string
	// Benchmarks is the number of benchmarks selected, Rounds the rounds
	// run, Reps the runs per side and round.
	Benchmarks, Rounds, Reps int
	Seed                     uint64
	Elapsed, MaxTime         time.Duration
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
	if len(cfg.Bench) == 0 {
		cfg.Bench = DefaultBench
	}
	if len(cfg.Units) == 0 {
		cfg.Units = strings.Split(DefaultUnits, ",")
	}
	if cfg.Plan == (sequential.Plan{}) {
		cfg.Plan = sequential.DefaultPlan
	}
	if cfg.Rounds < 0 {
		return nil, option.New("rounds", "want 0 (until decided) or more, not %d", cfg.Rounds)
	}
	if cfg.Rounds > 0 {
		cfg.Plan.Max, cfg.Plan.First = cfg.Rounds, min(cfg.Plan.First, cfg.Rounds)
		cfg.Plan.First = max(cfg.Plan.First, 2)
		if cfg.Rounds < 2 {
			return nil, option.New("rounds", "want at least 2, not %d", cfg.Rounds)
		}
	}
	if err := cfg.Plan.Check(); err != nil {
		return nil, err
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
		return nil, option.New("pkg", "%q: a package may not start with '-'", cfg.Pkg)
	}
	for _, pat := range cfg.Bench {
		if _, err := benchre.Parse(pat); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(cfg.OutDir, 0o777); err != nil {
		return nil, err
	}
	// Check that the result files can be written before building anything.
	if probe, err := os.CreateTemp(cfg.OutDir, ".syncbench-gate-probe-*"); err != nil {
		return nil, option.New("o", "cannot write result files in %s: %w", cfg.OutDir, errors.Unwrap(err))
	} else {
		probe.Close()
		os.Remove(probe.Name())
	}
	s := &session{cfg: cfg, plan: cfg.Plan, start: start, byKey: map[[2]string]*sequential.Row{}, decide: map[string]bool{}, ran: map[string]bool{}}
	for _, u := range cfg.Units {
		s.decide[strings.TrimSpace(u)] = true
	}
	// Relative packages are the enclosing module's or workspace's,
	// whichever directory of the checkout the gate runs from.
	if root := pkgRoot(cfg.Dir, cfg.Pkg); root != "" {
		cfg.Dir = root
		s.cfg.Dir = root
	}

	// Worktrees, binaries and build directories go into a directory that
	// the next gate removes if this one is killed.
	tmp, release, err := proc.TempDir("syncbench-gate-")
	if err != nil {
		return nil, err
	}
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
		release()
		if ctx.Err() != nil && err != nil {
			err = fmt.Errorf("interrupted; temporary worktrees removed, the rounds measured so far are in %s", partialNames(cfg.OutDir)[0]+" and "+partialNames(cfg.OutDir)[1])
			out = nil
		}
	}()

	var rp *build.Repo
	sides := []*built{{side: cfg.Old, label: "old"}, {side: cfg.New, label: "new"}}
	for _, b := range sides {
		src := cfg.Dir
		if b.side.Rev != "" {
			if rp == nil {
				if rp, err = build.FindRepo(ctx, cfg.Dir); err != nil {
					return nil, fmt.Errorf("%s side %s: %w", b.label, b.side, err)
				}
			}
			if b.commit, err = rp.Resolve(ctx, b.side.Rev); err != nil {
				return nil, fmt.Errorf("%s side: %w", b.label, err)
			}
			wt := filepath.Join(tmp, b.label)
			rm, err := rp.AddWorktree(ctx, wt, b.commit)
			if err != nil {
				return nil, fmt.Errorf("%s side %s: %w", b.label, b.side, err)
			}
			cleanups = append(cleanups, rm)
			src = filepath.Join(wt, filepath.FromSlash(rp.Prefix))
		}
		s.progress("building the %s side (%s)", b.label, b.side)
		b.bin = filepath.Join(tmp, b.label+".test")
		if err := build.Test(ctx, b.side, src, cfg.Pkg, b.bin); err != nil {
			return nil, fmt.Errorf("building the %s side (%s): %w", b.label, b.side, err)
		}
		if b.dir, err = build.PkgDir(ctx, src, cfg.Pkg); err != nil {
			return nil, fmt.Errorf("%s side (%s): %w", b.label, b.side, err)
		}
	}
	// The measuring engine (package rounds): calibrate every selected
	// benchmark on both sides, then rounds of one fresh process per
	// configuration and side.
	pattern, err := benchre.Parse(strings.Join(cfg.Bench, "|"))
	if err != nil {
		return nil, err
	}
	var tops []string
	for _, b := range sides {
		list, err := rounds.List(ctx, rounds.Side{Bin: b.bin, Dir: b.dir}, pattern, nil)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%s side (%s): %w", b.label, b.side, err)
		}
		for _, t := range list {
			if !slices.Contains(tops, t) {
				tops = append(tops, t)
			}
		}
	}
	sort.Strings(tops)
	cpus := []int{runtime.GOMAXPROCS(0)}
	if cfg.CPU != "" {
		if cpus, err = runner.ParseCPUList(cfg.CPU); err != nil {
			return nil, err
		}
	}
	rsides := make([]rounds.Side, len(sides))
	for i, b := range sides {
		rsides[i] = rounds.Side{Label: b.label, Bin: b.bin, Dir: b.dir, Env: []string{TimedCPUEnv + "=1"}}
	}
	set := rounds.Settings{Benchtime: cfg.BenchTime, Timeout: cfg.Timeout, Benchmem: cfg.Benchmem}
	s.progress("calibrating both sides: each benchmark once at -benchtime %s", cfg.BenchTime)
	cal, err := rounds.Calibrate(ctx, rsides, tops, pattern, cpus, set, rounds.Observer{
		Top: func(top string, k int) { s.progress("calibrating %s on the %s side", top, sides[k].label) },
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var f *rounds.Failure
		if errors.As(err, &f) {
			b := sides[0]
			if f.Side == sides[1].label {
				b = sides[1]
			}
			return nil, fmt.Errorf("benchmarks fail on the %s side (%s): %v: %s", b.label, b.side, err, strings.TrimSpace(build.LastLine(f.Output, nil)))
		}
		return nil, err
	}
	s.progress("measuring the start-up CPU time of the test binaries")
	startup := startupCPU(ctx, rsides)
	for _, b := range sides {
		b.startup = startup
	}
	s.sides = sides
	s.units = cal.Units
	s.eng = rounds.New(rsides, set, cfg.Seed)
	configs := configsOf(s.units)
	if configs == 0 {
		return nil, fmt.Errorf("no benchmark matches -bench %q on either side", strings.Join(cfg.Bench, " "))
	}
	out = &Outcome{Seed: cfg.Seed, Benchmarks: configs, Reps: s.reps(), MaxTime: cfg.MaxTime,
		OldDesc: describe(sides[0]), NewDesc: describe(sides[1])}

	partial := partialNames(cfg.OutDir)
	for i, b := range sides {
		w, err := newSideWriter(partial[i], b, cfg.Seed, cal.Whole, s.reps())
		if err != nil {
			return nil, err
		}
		defer w.close()
		s.ws[i] = w
	}
	if cfg.Rounds > 0 {
		s.progress("%d benchmark(s), %d rounds of %d run(s) per side", configs, cfg.Rounds, s.reps())
	} else {
		s.progress("%d benchmark(s), rounds of %d run(s) per side until each row is decided: at most %d rounds or %s", configs, s.reps(), cfg.Plan.Max, cfg.MaxTime)
	}
	if out.Rounds, err = s.run(ctx, cfg.Rounds > 0); err != nil {
		return nil, err
	}
	// The complete files replace the last gate's only now: an
	// interrupted gate leaves its rounds beside them.
	final := [2]string{filepath.Join(cfg.OutDir, "gate-old.txt"), filepath.Join(cfg.OutDir, "gate-new.txt")}
	for i, w := range s.ws {
		if err := w.close(); err != nil {
			return nil, err
		}
		if err := os.Rename(partial[i], final[i]); err != nil {
			return nil, err
		}
	}
	out.Files = final[:]
	out.Rows, out.Plan = s.rows, cfg.Plan
	out.Verdict, out.Reason = Judge(s.rows, cfg.Plan)
	out.Elapsed = time.Since(start)
	return out, nil
}

// configsOf counts the configurations of units (a unit per side each).
func configsOf(units []rounds.Unit) int {
	seen := map[string]bool{}
	for _, u := range units {
		seen[u.Top+"\x00"+u.Name+"\x00"+fmt.Sprint(u.CPU)] = true
	}
	return len(seen)
}

// partialNames returns the names of the result files while they are
// written (and after an interrupt).
func partialNames(dir string) [2]string {
	return [2]string{filepath.Join(dir, "gate-old.partial.txt"), filepath.Join(dir, "gate-new.partial.txt")}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// pkgRoot returns the nearest directory at or above dir that holds a
// go.mod or go.work and the relative package pkg, or "" when dir holds
// pkg itself or pkg is not relative.
func pkgRoot(dir, pkg string) string {
	if !strings.HasPrefix(pkg, ".") || isDir(filepath.Join(dir, pkg)) {
		return ""
	}
	for d := dir; ; d = filepath.Dir(d) {
		if (exists(filepath.Join(d, "go.mod")) || exists(filepath.Join(d, "go.work"))) && isDir(filepath.Join(d, pkg)) {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }

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
