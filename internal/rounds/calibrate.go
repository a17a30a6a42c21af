package rounds

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/benchre"
)

// CalibrationShare is how much shorter than -benchtime the calibration
// runs are: calibration runs each configuration for -benchtime /
// CalibrationShare, and its iteration count for the rounds is -benchtime
// over the ns/op it measured (the testing package itself aims 20% over
// the time it is given).
const CalibrationShare = 4

// WholeSetup is the set-up time from which a top-level benchmark runs as
// whole units without being calibrated: a second or more repeated in each
// configuration's process costs more than the ~30 ms samples it would
// serve, whatever the number of configurations.
const WholeSetup = time.Second

// UnreportedShare is how many times the timed work its results report a
// top-level benchmark's calibration process may take beyond start-up and
// set-up before the benchmark runs whole, uncalibrated (when that time is
// WholeSetup or more too): such a benchmark reports an ns/op of its own
// (BenchmarkGoroutineMemory's is per goroutine, not per batch of b.N), so
// that an iteration count sized from it would fill -benchtime many times
// over. The testing package's own ramp (runs of 1, then of more
// iterations, until one fills the calibration's time) takes about twice
// the last run.
const UnreportedShare = 10

// A Calibration is what calibrating found: the units of one round and
// what the process overhead was.
type Calibration struct {
	// Units are the units of a round, in the order calibration found
	// them (tops in order, then sides, then configurations).
	Units []Unit
	// Startup is the wall time of a process that runs no benchmark, on
	// the first side.
	Startup time.Duration
	// Setup is, per top-level benchmark, the wall time of a process
	// running it with no sub-benchmark selected, less that of a process
	// running none: the largest of the sides'.
	Setup map[string]time.Duration
	// Whole lists the top-level benchmarks run as whole units (one per
	// GOMAXPROCS value), because of their set-up or of the time their
	// results do not report (Unreported).
	Whole []string
	// Unreported is, per top-level benchmark made whole because of it,
	// the wall time of its calibration process beyond start-up, set-up
	// and the timed work its results report (see UnreportedShare).
	Unreported map[string]time.Duration
	// Times is the wall time each top-level benchmark took to calibrate,
	// on all sides.
	Times map[string]time.Duration
	// Reused is how many configurations got their count from
	// Settings.Reuse; Recalibrated lists those of Settings.Reuse whose
	// count calibration replaced, because at the speed it measured the
	// count would have run ReuseSpan times longer or shorter than
	// Benchtime.
	Reused       int
	Recalibrated []string
	// Confirmed is how many of the Reused counts calibration's speed put
	// out of the span but a run at the count itself kept (confirm).
	Confirmed int
}

// ReuseSpan is how far from Benchtime a reused iteration count may take a
// configuration, at the speed calibration measured, before calibration's
// own count replaces it: a change of the code (or of the machine) that
// makes a configuration ten times slower must not make the run ten times
// longer. It is wide because calibration's short runs misjudge the
// configurations whose time per operation grows with the length of the
// run (contended locks, which settle into starvation mode): exactly the
// ones whose counts must not change from run to run.
const ReuseSpan = 10

// count returns the iteration count of configuration n in the rounds:
// s.Reuse's when it has one within ReuseSpan of s.Benchtime, else the
// one calibration found. A reused count that calibration's speed puts out
// of the span is tried first (confirm): a run at that count itself that
// stays within the span keeps it.
func (c *Calibration) count(ctx context.Context, side Side, n Count, cpus []int, s Settings) (int, error) {
	r, ok := s.Reuse[n.Name]
	goal, err := time.ParseDuration(s.Benchtime)
	if !ok || r <= 0 || err != nil || goal <= 0 {
		return n.Iters, nil
	}
	if t := n.SecPerOp * float64(r); n.SecPerOp > 0 && (t > goal.Seconds()*ReuseSpan || t < goal.Seconds()/ReuseSpan) {
		in, err := confirm(ctx, side, n.Name, r, cpus, s, goal)
		if err != nil {
			return 0, err
		}
		if !in {
			c.Recalibrated = append(c.Recalibrated, n.Name)
			return n.Iters, nil
		}
		c.Confirmed++
	}
	c.Reused++
	return r, nil
}

// confirm runs configuration name once on side at r iterations and
// reports whether its timed work stayed within ReuseSpan of goal, the
// process stopped once it could not. Calibration's short run misjudges the
// configurations whose time per operation falls as their run grows (the
// unsync counter's 256 goroutines: 0.5 ns/op at 21 million iterations, 5
// ns/op and more at 120 thousand), and only a run at the count itself can
// tell a count that still fits from one that no longer does.
func confirm(ctx context.Context, side Side, name string, r int, cpus []int, s Settings, goal time.Duration) (bool, error) {
	bench, cpu := Exact(name, cpus)
	limit := goal * ReuseSpan
	// Room for the process's start, its set-up and exit beside the work.
	cctx, cancel := context.WithTimeout(ctx, limit+confirmSlack)
	defer cancel()
	p, err := Exec(cctx, side, Args(Unit{Bench: bench, CPU: cpu, Iters: r}, s))
	switch {
	case ctx.Err() != nil:
		return false, ctx.Err()
	case cctx.Err() != nil:
		return false, nil // still running at the limit: out of the span
	case err != nil:
		return false, err
	}
	rd := benchfmt.NewReader(bytes.NewReader(p.Output), name)
	for rd.Scan() {
		if res, ok := rd.Result().(*benchfmt.Result); ok && string(res.Name.Full()) == name {
			v, ok := res.Value("sec/op")
			t := v * float64(res.Iters)
			return ok && t <= limit.Seconds() && t >= goal.Seconds()/ReuseSpan, nil
		}
	}
	return false, nil
}

// confirmSlack is the time a confirming process has beyond its timed
// work's limit.
const confirmSlack = 2 * time.Second

// Observer sees calibration's progress; any of its fields may be nil.
type Observer struct {
	// Top is called as the top-level benchmark top starts calibrating on
	// side (its index).
	Top func(top string, side int)
}

// Calibrate runs each top-level benchmark of tops once on every side (the
// configurations that pattern selects, at every GOMAXPROCS value of cpus:
// CalibrateRun) and returns the units of a round. A configuration gets
// the iteration count of the first side that has it, so that every side
// runs the same work, or the count s.Reuse holds for it (an earlier run's,
// so that two runs do the same work: the time per operation of a
// contended benchmark depends on how long it runs), unless that count is
// now out of ReuseSpan. Every side probes a top-level benchmark's set-up,
// and what all of them found decides whether it runs whole, on every
// side alike (so that its units pair up in a round): a side whose set-up
// takes WholeSetup or more makes it whole, uncalibrated on the sides
// after it, and so does one whose calibration process took more than its
// results report (UnreportedShare). It stops at the first failure, with an error naming the
// benchmark (a *Failure, whose Side names the side).
func Calibrate(ctx context.Context, sides []Side, tops []string, pattern benchre.Pattern, cpus []int, s Settings, obs Observer) (*Calibration, error) {
	c := &Calibration{Setup: map[string]time.Duration{}, Times: map[string]time.Duration{}, Unreported: map[string]time.Duration{}}
	// The process overhead of each side (binaries of two revisions or Go
	// releases differ): the median of 3 processes running nothing.
	startup := make([]time.Duration, len(sides))
	for k, side := range sides {
		var starts []time.Duration
		for range 3 {
			p, err := Exec(ctx, side, []string{"-test.run=^$", "-test.bench=^$"})
			if err != nil {
				return nil, err
			}
			starts = append(starts, p.Wall)
		}
		slices.Sort(starts)
		startup[k] = starts[1]
	}
	c.Startup = startup[0]
	iters := map[string]int{}
	for _, top := range tops {
		// Over every side: the seconds of timed work in one pass of top,
		// and the set-up that splitting it into configurations would
		// repeat.
		var timed, extra float64
		type found struct {
			side int
			name string
		}
		var names []found
		for k, side := range sides {
			if obs.Top != nil {
				obs.Top(top, k)
			}
			t0 := time.Now()
			probe, err := Exec(ctx, side, append([]string{"-test.run=^$", "-test.bench=^" + regexp.QuoteMeta(top) + "$/^$",
				"-test.cpu=1", "-test.count=1", "-test.benchtime=1x", "-test.timeout=" + s.Timeout.String()}, flagArgs(s)...))
			if err != nil {
				return nil, err
			}
			setup := max(probe.Wall-startup[k], 0)
			c.Setup[top] = max(c.Setup[top], setup)
			if setup >= WholeSetup {
				// No calibration: its units run for Benchtime.
				c.Times[top] += time.Since(t0)
				break
			}
			t1 := time.Now()
			counts, err := CalibrateRun(ctx, side, pattern.ForTop(top), cpus, s)
			c.Times[top] += time.Since(t0)
			if err != nil {
				return nil, err
			}
			// (Only at a -benchtime duration, where each count is sized
			// from its ns/op, and when every result reports one.)
			var reported float64
			timedAll := !strings.HasSuffix(s.Benchtime, "x") && len(counts) > 0
			for _, n := range counts {
				reported += n.SecPerOp * float64(n.CalIters)
				timedAll = timedAll && n.SecPerOp > 0
			}
			// The top-level benchmark runs once per GOMAXPROCS value.
			beyond := time.Since(t1) - startup[k] - time.Duration(len(cpus))*setup
			if u := beyond - time.Duration(reported*float64(time.Second)); timedAll && u >= WholeSetup && beyond.Seconds() > UnreportedShare*reported {
				c.Unreported[top] = u
				break
			}
			for _, n := range counts {
				if _, ok := iters[n.Name]; !ok {
					it, err := c.count(ctx, side, n, cpus, s)
					if err != nil {
						return nil, err
					}
					iters[n.Name] = it
				}
				timed += n.SecPerOp * float64(iters[n.Name])
				names = append(names, found{k, n.Name})
			}
			// (A set-up under 50 ms is a process's noise on a loaded
			// machine.)
			if setup > 50*time.Millisecond {
				extra += float64(max(len(counts)-len(cpus), 0)) * setup.Seconds()
			}
		}
		// Split into configurations unless the set-up repeated in each
		// of their processes would cost more than their timed work.
		if c.Setup[top] >= WholeSetup || c.Unreported[top] > 0 || extra > timed {
			c.Whole = append(c.Whole, top)
			for k := range sides {
				for _, cpu := range cpus {
					c.Units = append(c.Units, Unit{Side: k, Top: top, Bench: pattern.ForTop(top), CPU: cpu})
				}
			}
			continue
		}
		for _, f := range names {
			bench, cpu := Exact(f.name, cpus)
			c.Units = append(c.Units, Unit{Side: f.side, Top: top, Name: f.name, Bench: bench, CPU: cpu, Iters: iters[f.name]})
		}
	}
	return c, nil
}

// WhyWhole says why top runs whole, for a progress line: its set-up, or
// the time its results do not report.
func (c *Calibration) WhyWhole(top string) string {
	if u, ok := c.Unreported[top]; ok {
		return fmt.Sprintf("its results report an ns/op of their own: its calibration took %s more than they account for", u.Round(10*time.Millisecond))
	}
	return fmt.Sprintf("its set-up takes %s", c.Setup[top].Round(10*time.Millisecond))
}

// A Count is a configuration that calibration found, with the iteration
// count it gets in the rounds.
type Count struct {
	// Name is the configuration's full name as result lines spell it,
	// without "Benchmark" and with its -procs suffix.
	Name string
	// Iters is its iteration count in the rounds.
	Iters int
	// SecPerOp is what calibration measured; 0 if the result had none.
	SecPerOp float64
	// CalIters is the iteration count of calibration's run.
	CalIters int
}

// CalibrateRun is calibration's step, one process: side's binary runs the
// configurations bench selects, at every GOMAXPROCS value of cpus, once
// each (-count 1), for s.Benchtime / CalibrationShare, and each gets the
// iteration count that fills s.Benchtime at the sec/op it reported,
// rounded to two significant digits and at most 2·CalibrationShare times
// the calibration's (in case a benchmark reports its own ns/op). When
// s.Benchtime is an iteration count, the process runs 1x and that count
// is every configuration's. It returns the configurations in the order
// the binary reported them; its error is a *Failure or ctx's.
func CalibrateRun(ctx context.Context, side Side, bench string, cpus []int, s Settings) ([]Count, error) {
	fixed := 0
	calTime := s.Benchtime
	var goal time.Duration
	if n, ok := strings.CutSuffix(s.Benchtime, "x"); ok {
		fixed, _ = strconv.Atoi(n)
		calTime = "1x"
	} else if d, err := time.ParseDuration(s.Benchtime); err == nil && d > 0 {
		goal = d
		calTime = (d / CalibrationShare).String()
	}
	cpuList := make([]string, len(cpus))
	for i, k := range cpus {
		cpuList[i] = strconv.Itoa(k)
	}
	p, err := Exec(ctx, side, append([]string{"-test.run=^$", "-test.bench=" + bench, "-test.cpu=" + strings.Join(cpuList, ","),
		"-test.count=1", "-test.benchtime=" + calTime, "-test.timeout=" + s.Timeout.String()}, flagArgs(s)...))
	if err != nil {
		return nil, err
	}
	var counts []Count
	rd := benchfmt.NewReader(bytes.NewReader(p.Output), bench)
	for rd.Scan() {
		r, ok := rd.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		n := Count{Name: string(r.Name.Full()), Iters: RoundIters(r.Iters), CalIters: r.Iters}
		v, ok := r.Value("sec/op")
		if ok {
			n.SecPerOp = v
		}
		if fixed > 0 {
			n.Iters = fixed
		} else if ok && v > 0 && goal > 0 {
			want := min(max(goal.Seconds()/v, float64(r.Iters)), float64(2*CalibrationShare*r.Iters))
			n.Iters = RoundIters(int(want))
		}
		counts = append(counts, n)
	}
	return counts, nil
}

// flagArgs are the flags of s that calibration passes on.
func flagArgs(s Settings) []string {
	var args []string
	if s.Short {
		args = append(args, "-test.short")
	}
	if s.Benchmem {
		args = append(args, "-test.benchmem")
	}
	return append(args, s.Args...)
}
