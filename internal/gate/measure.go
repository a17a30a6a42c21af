package gate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/montanaflynn/stats"
	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/gate/build"
	"github.com/syncbench/syncbench/internal/gate/sequential"
	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/rounds"
	"github.com/syncbench/syncbench/internal/runner/runconfig"
)

// startupCPU returns the CPU time a test binary spends without running
// any benchmark (start-up and exit), to subtract from the CPU time of each
// measured run: the median of 5 runs of each side's binary, alternating,
// and the same for both sides. A value of its own per side would put the
// error of each estimate into every run of that side (an A/A run here
// came out 2–7% "slower" on every row with start-ups measured apart).
func startupCPU(ctx context.Context, sides []rounds.Side) time.Duration {
	var all []float64
	for range 5 {
		for _, side := range sides {
			p, err := rounds.Exec(ctx, side, []string{"-test.run=^$", "-test.bench=^$"})
			if err != nil {
				return 0
			}
			all = append(all, float64(p.CPU))
		}
	}
	return time.Duration(medianOf(all))
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

// runOnce runs one step of a round (see package rounds), its unit on its
// side (b), and returns its results, with the CPU time the process used
// beyond start-up as CPUUnit when the unit has a fixed iteration count and
// one result.
func runOnce(ctx context.Context, st rounds.Step, b *built) ([]*benchfmt.Result, error) {
	u := st.Unit
	cmd := st.Side.Command(ctx, st.Args...)
	outb, err := cmd.CombinedOutput()
	text := string(outb)
	if err != nil || strings.Contains(text, "\n--- FAIL") || strings.HasPrefix(text, "--- FAIL") {
		return nil, errors.New(build.LastLine(text, err))
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() - b.startup
	var rs []*benchfmt.Result
	rd := benchfmt.NewReader(bytes.NewReader(outb), unitName(u))
	for rd.Scan() {
		if r, ok := rd.Result().(*benchfmt.Result); ok {
			rs = append(rs, r.Clone())
		}
	}
	// With fixed iterations and one benchmark per process, the process's
	// CPU time is that benchmark's.
	if u.Iters > 0 && len(rs) == 1 && rs[0].Iters > 0 {
		v := float64(max(cpu, 0).Nanoseconds()) / float64(rs[0].Iters)
		rs[0].Values = append(rs[0].Values, benchfmt.Value{Value: v, Unit: CPUUnit, OrigValue: v, OrigUnit: CPUUnit})
	}
	return rs, nil
}

// unitName names a unit in messages.
func unitName(u rounds.Unit) string {
	if u.Name != "" {
		return "Benchmark" + u.Name
	}
	return u.Top
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

func newSideWriter(path string, b *built, seed uint64, whole []string, reps int) (*sideWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(f, "# syncbench gate, %s side: %s\n", b.label, describe(b))
	for _, l := range results.UnitLines() {
		fmt.Fprintln(f, l)
	}
	cfg := append(runconfig.ForThisMachine(b.bin, b.dir, path, time.Now()), rounds.ConfigLines(0, seed, whole, reps)...)
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
	plan  sequential.Plan
	sides []*built
	units []rounds.Unit
	ws    [2]*sideWriter
	eng   *rounds.Engine
	rows  []*sequential.Row
	byKey map[[2]string]*sequential.Row
	// decide holds the units decided on.
	decide map[string]bool
	// ran holds the configurations (rounds.Unit.Config) run at least once.
	ran   map[string]bool
	start time.Time
}

func (s *session) progress(format string, args ...any) {
	if s.cfg.Progress != nil {
		fmt.Fprintf(s.cfg.Progress, "gate: "+format+"\n", args...)
	}
}

// open reports whether any row of unit u is still open (or has not run).
// A whole unit (every configuration of a top-level benchmark at one
// GOMAXPROCS value) owns the rows of its family at that value.
func (s *session) open(u rounds.Unit) bool {
	any := false
	for _, r := range s.rows {
		mine := r.Name == u.Name
		if u.Name == "" {
			_, cpu := rounds.Exact(r.Name, []int{u.CPU})
			mine = "Benchmark"+r.Family == u.Top && cpu == u.CPU
		}
		if mine {
			any = true
			if r.State == sequential.Open {
				return true
			}
		}
	}
	// A unit with no row has nothing to decide once it has run (a
	// configuration on one side only, or none of the units decided).
	return !any && !s.ran[u.Config()]
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
		var todo []rounds.Unit
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
			done = sequential.Step(s.rows, s.plan, n, stop)
		}
		open := 0
		for _, r := range s.rows {
			if r.State == sequential.Open {
				open++
			}
		}
		if fixed {
			s.progress("round %d of %d: %d runs in %.1fs", n, s.plan.Max, len(todo)*s.reps(), last.Seconds())
		} else {
			s.progress("round %d of at most %d: %d runs in %.1fs, %d of %d rows still open, %s of %s spent",
				n, s.plan.Max, len(todo)*s.reps(), last.Seconds(), open, len(s.rows),
				time.Since(s.start).Round(time.Second), s.cfg.MaxTime)
		}
		if done || stop {
			break
		}
	}
	if fixed {
		sequential.Look(s.rows, s.plan, 1)
	}
	return n, nil
}

func (s *session) reps() int { return max(s.cfg.Reps, 1) }

// round runs one round of the engine (rounds.Engine.Round): each
// configuration Reps times on both sides, the two sides of each
// repetition back to back in a random order and the configurations in
// the round's order, and adds each configuration's medians to its rows.
func (s *session) round(ctx context.Context, units []rounds.Unit) error {
	// vals[side][name][unit] holds the values of the current group.
	var vals [2]map[[2]string][]float64
	reset := func() {
		for i := range vals {
			vals[i] = map[[2]string][]float64{}
		}
	}
	reset()
	err := s.eng.Round(ctx, units, s.reps(), func(ctx context.Context, st rounds.Step) error {
		u := st.Unit
		i := u.Side
		b := s.sides[i]
		s.ran[u.Config()] = true
		res, err := runOnce(ctx, st, b)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("%s failed on the %s side (%s): %w", unitName(u), b.label, b.side, err)
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
		if st.Last {
			s.add(vals)
			reset()
		}
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// add adds the medians of one configuration's values on both sides to
// its rows.
func (s *session) add(vals [2]map[[2]string][]float64) {
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
			r = &sequential.Row{Name: k[0], Unit: k[1], Family: string(base)}
			s.byKey[k] = r
			s.rows = append(s.rows, r)
			sort.SliceStable(s.rows, func(i, j int) bool {
				if s.rows[i].Name != s.rows[j].Name {
					return s.rows[i].Name < s.rows[j].Name
				}
				return s.rows[i].Unit < s.rows[j].Unit
			})
		}
		if r.State == sequential.Open {
			r.Add(medianOf(old), medianOf(new))
		}
	}
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

// medianOf is the median of xs (0 for none), xs left as they are.
func medianOf(xs []float64) float64 {
	m, err := stats.Median(xs)
	if err != nil {
		return 0
	}
	return m
}
