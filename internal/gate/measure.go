package gate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/proc"
	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/runner"
)

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

// discover runs the side's benchmarks matching each of patterns once, at
// the configured -benchtime, and returns their full names (as the results
// files spell them, without the "Benchmark" prefix) with the iteration
// count the testing package chose for each. It also shows early that a
// benchmark fails on this side.
func discover(ctx context.Context, cfg Config, b *built, patterns []string) ([]string, map[string]int, error) {
	var names []string
	iters := map[string]int{}
	for _, pat := range patterns {
		rs, err := runOnce(ctx, cfg, b, &unit{name: "calibration", pattern: pat})
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rs {
			n := string(r.Name.Full())
			if _, ok := iters[n]; !ok {
				names = append(names, n)
			}
			iters[n] = r.Iters
		}
	}
	return names, iters, nil
}

// startupCPU returns the CPU time a test binary spends without running
// any benchmark (start-up and exit), to subtract from the CPU time of each
// measured run: the median of 5 runs of each side's binary, alternating,
// and the same for both sides. A value of its own per side would put the
// error of each estimate into every run of that side (an A/A run here
// came out 2–7% "slower" on every row with start-ups measured apart).
func startupCPU(ctx context.Context, sides []*built) time.Duration {
	var all []float64
	for range 5 {
		for _, b := range sides {
			cmd := proc.Command(ctx, os.Interrupt, b.bin, "-test.run", "^$", "-test.bench", "^$")
			cmd.Dir = b.dir
			if err := cmd.Run(); err != nil {
				return 0
			}
			all = append(all, float64(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()))
		}
	}
	return time.Duration(medianOf(all))
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

// CPUUnit is the metric the gate adds to every measured run: the CPU time
// (user and system) of the test process per operation, less the process's
// start-up. Unlike ns/op, it does not grow when other processes take the
// CPU away, which on a shared machine is most of the noise. It includes
// the benchmark's work outside its timer (set-up, the first run with
// b.N = 1), so the gate decides a row's CPUUnit on TimedCPUUnit instead
// when both sides report it.
const CPUUnit = "cpu-ns/op"

// TimedCPUUnit is the CPU time of a benchmark's timed region per
// operation, which the suite's gang-based benchmarks report when the
// environment has TimedCPUEnv=1; the gate always sets it, and a revision
// whose benchmarks do not know it ignores it (its rows are decided on the
// process's CPU time, CPUUnit).
const TimedCPUUnit = "timed-cpu-ns/op"

// TimedCPUEnv is the environment variable that asks for TimedCPUUnit.
const TimedCPUEnv = "SYNCBENCH_TIMED_CPU"

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
	cmd.Env = append(os.Environ(), TimedCPUEnv+"=1")
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

// session is one gate run's measuring: the built sides, the benchmarks
// (units), the result files, and the rows the rounds feed.
type session struct {
	cfg   Config
	plan  Plan
	sides []*built
	units []*unit
	ws    [2]*sideWriter
	rng   *rand.Rand
	rows  []*Row
	byKey map[[2]string]*Row
	// decide holds the units decided on.
	decide map[string]bool
	start  time.Time
}

func (s *session) progress(format string, args ...any) {
	if s.cfg.Progress != nil {
		fmt.Fprintf(s.cfg.Progress, "gate: "+format+"\n", args...)
	}
}

// open reports whether any row of unit u is still open (or has not run).
func (s *session) open(u *unit) bool {
	any := false
	for _, r := range s.rows {
		if r.Name == strings.TrimPrefix(u.name, "Benchmark") {
			any = true
			if r.State == Open {
				return true
			}
		}
	}
	return !any
}

// run runs interleaved rounds of the units whose rows are open until
// every row is decided (or one failed), the plan's last round, or the time
// budget, and returns the number of rounds run. With fixed set (a -rounds
// run), every unit runs in each of the plan's Max rounds and the rows are
// decided once at the end.
func (s *session) run(ctx context.Context, fixed bool) (int, error) {
	var last time.Duration
	n := 0
	for n < s.plan.Max {
		var todo []*unit
		for _, u := range s.units {
			if fixed || s.open(u) {
				todo = append(todo, u)
			}
		}
		if len(todo) == 0 {
			break
		}
		n++
		t0 := time.Now()
		if err := s.round(ctx, todo); err != nil {
			return n - 1, err
		}
		last = time.Since(t0)
		stop := n == s.plan.Max
		if !fixed && s.cfg.MaxTime > 0 && time.Since(s.start)+last+last/4 > s.cfg.MaxTime {
			stop = true
		}
		done := false
		if !fixed {
			done = Step(s.rows, s.plan, n, stop)
		}
		open := 0
		for _, r := range s.rows {
			if r.State == Open {
				open++
			}
		}
		if fixed {
			s.progress("round %d of %d: %d runs in %.1fs", n, s.plan.Max, 2*len(todo)*s.reps(), last.Seconds())
		} else {
			s.progress("round %d of at most %d: %d runs in %.1fs, %d of %d rows still open, %s of %s spent",
				n, s.plan.Max, 2*len(todo)*s.reps(), last.Seconds(), open, len(s.rows),
				time.Since(s.start).Round(time.Second), s.cfg.MaxTime)
		}
		if done || stop {
			break
		}
	}
	if fixed {
		Look(s.rows, s.plan, 1)
	}
	return n, nil
}

func (s *session) reps() int { return max(s.cfg.Reps, 1) }

// round runs each unit Reps times on both sides, the two sides of each
// repetition back to back in a random order, the units in a random order,
// and adds the medians to the rows.
func (s *session) round(ctx context.Context, units []*unit) error {
	order := append([]*unit(nil), units...)
	s.rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	for _, u := range order {
		// vals[side][name][unit] holds the repetitions' values.
		var vals [2]map[[2]string][]float64
		for i := range vals {
			vals[i] = map[[2]string][]float64{}
		}
		for range s.reps() {
			first := s.rng.IntN(2)
			for _, i := range []int{first, 1 - first} {
				b := s.sides[i]
				if u.sides != nil && !slices.Contains(u.sides, b) {
					continue
				}
				res, err := runOnce(ctx, s.cfg, b, u)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					return fmt.Errorf("%s failed on the %s side (%s): %v", u.name, b.label, b.side, err)
				}
				if err := s.ws[i].write(res); err != nil {
					return err
				}
				for _, r := range res {
					name := string(r.Name.Full())
					for _, v := range r.Values {
						if s.decide[v.Unit] || v.Unit == TimedCPUUnit && s.decide[CPUUnit] {
							k := [2]string{name, v.Unit}
							vals[i][k] = append(vals[i][k], v.Value)
						}
					}
				}
			}
		}
		if s.decide[CPUUnit] && !s.decide[TimedCPUUnit] {
			useTimedCPU(vals)
		}
		for k, old := range vals[0] {
			new, ok := vals[1][k]
			if !ok {
				continue
			}
			r := s.byKey[k]
			if r == nil {
				base, _ := benchfmt.Name(k[0]).Parts()
				r = &Row{Name: k[0], Unit: k[1], Family: string(base)}
				s.byKey[k] = r
				s.rows = append(s.rows, r)
				sort.SliceStable(s.rows, func(i, j int) bool {
					if s.rows[i].Name != s.rows[j].Name {
						return s.rows[i].Name < s.rows[j].Name
					}
					return s.rows[i].Unit < s.rows[j].Unit
				})
			}
			if r.State == Open {
				r.Add(medianOf(old), medianOf(new))
			}
		}
	}
	return nil
}

// useTimedCPU makes the CPUUnit values of each benchmark those of its
// timed region (TimedCPUUnit) where both sides reported it, so that the
// gate decides on the CPU time of the work timed, not on the process's
// (which includes set-up outside the timer); where one side did not (an
// older revision), both keep the process's CPU time, measured alike. The
// TimedCPUUnit values are then dropped: they are no row of their own.
func useTimedCPU(vals [2]map[[2]string][]float64) {
	for k, old := range vals[0] {
		if k[1] != TimedCPUUnit {
			continue
		}
		cpu := [2]string{k[0], CPUUnit}
		if new, ok := vals[1][k]; ok {
			vals[0][cpu], vals[1][cpu] = old, new
		}
	}
	for i := range vals {
		for k := range vals[i] {
			if k[1] == TimedCPUUnit {
				delete(vals[i], k)
			}
		}
	}
}

func medianOf(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return median(s)
}
