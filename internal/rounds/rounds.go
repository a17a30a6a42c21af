// Package rounds is syncbench's one measuring engine: rounds of fresh
// processes. `syncbench run` (one side, or one side per Go release with
// -toolchain), the gate (two sides) and the fidelity pairs measure through
// it.
//
// A measurement first calibrates: each top-level benchmark runs once per
// side in a process of its own at a quarter of the profile's -benchtime
// (-count 1, every GOMAXPROCS value), and each configuration's iteration
// count is the one that fills -benchtime at the ns/op its result line
// reports, rounded to two significant digits. Then come the
// rounds: in each, every work unit runs once in a fresh process, with
// -test.benchtime Nx (the calibrated N) -test.count 1 -test.cpu k and a
// -test.bench pattern anchored at every level, so that it runs exactly one
// configuration. The order of the units changes from round to round: the
// units of one configuration on every side form a group, the groups are
// shuffled each round and so are the sides within a group, by a PCG
// generator whose seed is recorded in the results file (see ConfigLines).
// Each sample is thus an independent replicate of the whole process
// (its heap, its scheduler's history, its place in the machine's drift),
// and the drift spreads over every configuration instead of landing on
// some of them, as it does with `go test -count N`, whose samples of one
// configuration share one process and one stretch of time.
//
// A unit is normally one configuration. A top-level benchmark whose own
// set-up (the work it does before and around its sub-benchmarks) is
// expensive would pay that set-up again in every one of its processes;
// calibration measures it (a process running the top-level benchmark with
// no sub-benchmark selected, less a process running no benchmark) and runs
// such a benchmark as one unit per GOMAXPROCS value with all its
// configurations, timed by -benchtime, when splitting it would cost more
// set-up per round than its configurations' timed work, or when the set-up
// alone takes WholeSetup or more (then without calibrating it: its units
// run for -benchtime and calibrate themselves, as go test does). A
// benchmark that reports an ns/op of its own, which is not its time per
// iteration, runs whole too: its calibration process takes far more than
// its results account for (UnreportedShare), and an iteration count sized
// from that ns/op would fill -benchtime many times over. Every side is
// probed, and the decision holds for all of them: two revisions or two Go
// releases may differ in a benchmark's set-up. In the suite, that is
// BenchmarkGoroutineMemory, which runs each batch of b.N in a fresh process
// and reports ns/op per goroutine (up to a million to a batch); its
// revisions before 2026-12-03 measured the footprint in a fresh process of
// its own before the sub-benchmarks, a set-up of several seconds.
//
// Every process, calibration's (CalibrateRun, which callers with units
// of their own, as the fidelity pairs, use too) and the rounds', starts
// through Side.Command (package proc: its process group ends with it).
//
// The cost, measured on vm-epyc (the 2-CPU machine of results/report.md)
// with other work running (load average 2.6 to 4.5): a test binary of the
// suite that runs no benchmark takes about 13 ms of wall time.
// BenchmarkCounter -short at -cpu 1,2,4,8 (264 configurations), -benchtime
// 20ms, 2 rounds: 5 s of calibration (19 ms a configuration) and 18.4 s for
// 528 runs of 20.6 ms of timed work each, so about 14 ms of overhead per
// process (start, the top-level benchmark's and the sub-benchmark's first
// runs with b.N = 1, exit, goleak's check). The standard profile has 1,312
// configurations and 6 rounds. Outside GoroutineMemory: 1,300 × 6 × 35 ms =
// 273 s of rounds and 1,300 × 19 ms = 25 s of calibration. GoroutineMemory
// (12 configurations) has a set-up of about 12 s, measured once by its
// probe, so it runs as 4 whole units per round, uncalibrated: 24 × 12.7 s
// (its time per top-level run in the committed back-to-back run: 5 min 4 s
// for 24) = 305 s. In all about 615 s, 10 to 11 minutes. At 30 ms per
// sample the rounds would take 6 × 1,300 × 45 ms = 351 s, 11.9 minutes in
// all, with no margin: hence the standard profile's 20 ms (measured
// since: three standard runs of this design on vm-epyc took 7 min 54 s
// to 9 min 44 s; at 9 rounds on vm-xeon, 11 min 25 s to 13 min 27 s,
// results/replication-9rounds.md, and 8 min 32 s to 8 min 58 s once
// GoroutineMemory started its million goroutines once a unit,
// results/replication-9rounds-33be5c0.md; at 10 rounds 8 min 8 s to 8 min
// 25 s on vm-xeon, results/replication-10rounds-69b98cb.md, and 8 min 54 s
// to 11 min 51 s on vm-epyc, results/replication.md and
// -10rounds-69b98cb-epyc.md). One process per top-level benchmark would save the process
// overhead but could neither fix a per-configuration iteration count
// (-benchtime Nx applies to every sub-benchmark of the process) nor change
// the order of the configurations within it.
package rounds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/benchre"
	"github.com/syncbench/syncbench/internal/results"
)

// SamplingKey is the config key of a results file whose samples were
// taken by this engine; its value says how (see ConfigLines). A file
// without it holds samples taken back to back in one process.
const SamplingKey = results.SamplingKey

// SeedKey is the config key holding the seed of the rounds' order.
const SeedKey = results.SeedKey

// A Side is one test binary measured: a build of the benchmark package.
type Side struct {
	// Label names the side in messages and progress (a Go version, "old").
	Label string
	// Bin is the test binary; Dir the directory it runs in (the package's).
	Bin, Dir string
	// Env, when not nil, is added to the environment of its processes.
	Env []string
	// Args follow the other arguments of every process of the side
	// (Side.Command): flags of its own, as a fidelity pair's -reads=99.
	Args []string
}

// Settings are the test binary's flags that every process of a
// measurement shares.
type Settings struct {
	// Benchtime is the time of one sample ("30ms"), or a fixed iteration
	// count ("200x"): the calibration's -benchtime, and that of units
	// without a calibrated count.
	Benchtime string
	// Short adds -test.short.
	Short bool
	// Timeout is -test.timeout of every process; 0 is no limit.
	Timeout time.Duration
	// Benchmem adds -test.benchmem.
	Benchmem bool
	// Args follow the flags (the benchmark package's own flags).
	Args []string
	// Reuse holds iteration counts to run again, by configuration name
	// (as Count.Name): calibration gives such a configuration the count
	// here rather than the one it measured, so that two runs do the same
	// work (see Calibrate). Ignored when Benchtime is a count.
	Reuse map[string]int
}

// A Unit is the work of one process in a round.
type Unit struct {
	// Side is the index of the side it runs on.
	Side int
	// Top is the top-level benchmark ("BenchmarkCounter").
	Top string
	// Name is the configuration's full name as result lines spell it,
	// without "Benchmark" and with its -procs suffix; empty for a unit
	// that runs every configuration of Top at one GOMAXPROCS value.
	Name string
	// Bench is the -test.bench pattern.
	Bench string
	// CPU is the -test.cpu value.
	CPU int
	// Iters is the calibrated iteration count; 0 runs for Benchtime.
	Iters int
}

// Config identifies the configuration a unit measures, whatever its side
// (whose -test.bench patterns may differ, as the fidelity pairs' do): the
// units of one Config form a group in a round's order.
func (u Unit) Config() string {
	return u.Top + "\x00" + u.Name + "\x00" + strconv.Itoa(u.CPU)
}

// Args returns the test binary's arguments for running u.
func Args(u Unit, s Settings) []string {
	bt := s.Benchtime
	if u.Iters > 0 {
		bt = strconv.Itoa(u.Iters) + "x"
	}
	args := []string{
		"-test.run=^$",
		"-test.bench=" + u.Bench,
		"-test.cpu=" + strconv.Itoa(u.CPU),
		"-test.count=1",
		"-test.benchtime=" + bt,
		"-test.timeout=" + s.Timeout.String(),
	}
	if s.Short {
		args = append(args, "-test.short")
	}
	if s.Benchmem {
		args = append(args, "-test.benchmem")
	}
	return append(args, s.Args...)
}

// ConfigLines returns the config lines (key, value) that say how a file's
// samples were taken: rounds rounds of fresh processes in an order from
// seed; whole names the top-level benchmarks run whole (their
// configurations back to back in one process per GOMAXPROCS value each
// round, timed by -benchtime: see Calibration.Whole), and reps > 1 says
// that each configuration ran reps times in a row each round (the gate's
// -reps).
//
// With rounds 0 (the gate's rounds, as many as its decisions need) the
// line gives no count.
func ConfigLines(rounds int, seed uint64, whole []string, reps int) [][2]string {
	n := fmt.Sprintf("%d rounds", rounds)
	if rounds <= 0 {
		n = "rounds (as many as needed)"
	}
	line := n + " of fresh processes, one per configuration and side each round, in an order shuffled each round; each configuration's iteration count the same in every round"
	if reps > 1 {
		line += fmt.Sprintf("; each configuration %d times in a row each round", reps)
	}
	if len(whole) > 0 {
		line += "; run whole, their configurations back to back in one process per GOMAXPROCS value each round: " + strings.Join(whole, ", ")
	}
	return [][2]string{{SamplingKey, line}, {SeedKey, strconv.FormatUint(seed, 10)}}
}

// NewSeed returns a seed for the rounds' order.
func NewSeed() uint64 {
	for {
		if s := rand.Uint64() >> 1; s != 0 {
			return s
		}
	}
}

// List returns the top-level benchmarks of side's binary that pattern can
// select, asking the binary itself (-test.list, with the extra flags, so
// that a flag the binary does not know fails here, before anything long
// starts). An error is the first line the binary printed on its standard
// error (the rest is its usage text).
func List(ctx context.Context, side Side, pattern benchre.Pattern, extra []string) ([]string, error) {
	cmd := side.Command(ctx, append([]string{"-test.list", pattern.TopLevel()}, extra...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		first, _, _ := strings.Cut(strings.TrimSpace(errOut.String()), "\n")
		if first == "" {
			first = err.Error()
		}
		return nil, errors.New(first)
	}
	var tops []string
	for _, line := range strings.Split(out.String(), "\n") {
		if name := strings.TrimSpace(line); strings.HasPrefix(name, "Benchmark") && !strings.ContainsAny(name, " \t") {
			tops = append(tops, name)
		}
	}
	return tops, nil
}

// Exact returns the -test.bench pattern that selects exactly the
// configuration with full name name (as result lines spell it, without
// "Benchmark"), every level anchored, and its GOMAXPROCS value, one of
// cpus. go test leaves the "-N" suffix off at GOMAXPROCS 1, so a trailing
// "-N" that is not one of cpus (or that names 1) is part of the name, as
// in "delta=-2" run at GOMAXPROCS 1.
func Exact(name string, cpus []int) (bench string, cpu int) {
	cpu = 1
	if i := strings.LastIndexByte(name, '-'); i >= 0 {
		if n, err := strconv.Atoi(name[i+1:]); err == nil && n > 1 && slices.Contains(cpus, n) {
			name, cpu = name[:i], n
		}
	}
	levels := strings.Split(name, "/")
	bench = "^Benchmark" + regexp.QuoteMeta(levels[0]) + "$"
	for _, l := range levels[1:] {
		bench += "/^" + regexp.QuoteMeta(l) + "$"
	}
	return bench, cpu
}

// RoundIters rounds an iteration count to two significant digits.
func RoundIters(n int) int {
	if n < 100 {
		return max(n, 1)
	}
	p := 1
	for n/p >= 100 {
		p *= 10
	}
	return (n + p/2) / p * p
}

// A Step is one process of the rounds, for the function that runs it.
type Step struct {
	// Round counts from 1 to Rounds.
	Round, Rounds int
	// Done is the number of steps before this one, of Total in all rounds.
	Done, Total int
	// Unit is the work of this process and Side the binary it runs on.
	Unit Unit
	Side Side
	// Args are the test binary's arguments (Side.Command adds the side's
	// own).
	Args []string
	// Last is set on the last process of a configuration's group in the
	// round.
	Last bool
}

// An Engine runs rounds of units in an order drawn from its seed.
type Engine struct {
	// Sides are the binaries the units run on (Unit.Side indexes them).
	Sides []Side
	// Settings are the flags every process gets.
	Settings Settings
	rng      *rand.Rand
	seed     uint64
}

// New returns an engine for sides whose order of work comes from seed.
func New(sides []Side, s Settings, seed uint64) *Engine {
	return &Engine{Sides: sides, Settings: s, rng: rand.New(rand.NewPCG(seed, 0x5eed)), seed: seed}
}

// Seed returns the seed of the engine's order.
func (e *Engine) Seed() uint64 { return e.seed }

// Order returns units in the order of a round: the groups of units of
// one configuration shuffled, and the sides within each group. Each call
// draws a new order.
func (e *Engine) Order(units []Unit) []Unit {
	var keys []string
	groups := map[string][]Unit{}
	for _, u := range units {
		k := u.Config()
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], u)
	}
	e.rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	out := make([]Unit, 0, len(units))
	for _, k := range keys {
		g := groups[k]
		e.rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		out = append(out, g...)
	}
	return out
}

// Run runs rounds rounds of units, calling exec for each process in
// turn; it stops at exec's first error, which it returns, or when ctx is
// done (returning nil: the caller knows it was interrupted).
func (e *Engine) Run(ctx context.Context, units []Unit, rounds int, exec func(context.Context, Step) error) error {
	done, total := 0, rounds*len(units)
	for r := 1; r <= rounds; r++ {
		err := e.Round(ctx, units, 1, func(ctx context.Context, st Step) error {
			st.Round, st.Rounds, st.Done, st.Total = r, rounds, done, total
			if err := exec(ctx, st); err != nil {
				return err
			}
			done++
			return nil
		})
		if err != nil || ctx.Err() != nil {
			return err
		}
	}
	return nil
}

// Round runs one round of units in a new Order, each configuration's
// group reps times in a row (its sides in a new order each time after the
// first), calling exec for each process; the Step of a group's last
// process has Last set, so that a caller can take the group's values
// (the gate takes each side's median). Its Round fields count within the
// round. It stops as Run does.
func (e *Engine) Round(ctx context.Context, units []Unit, reps int, exec func(context.Context, Step) error) error {
	order := e.Order(units)
	total := len(order) * max(reps, 1)
	done := 0
	for len(order) > 0 {
		n := 1
		for n < len(order) && order[n].Config() == order[0].Config() {
			n++
		}
		group := order[:n]
		order = order[n:]
		for rep := range max(reps, 1) {
			g := group
			if rep > 0 {
				g = e.Order(group)
			}
			for i, u := range g {
				if ctx.Err() != nil {
					return nil
				}
				st := Step{Round: 1, Rounds: 1, Done: done, Total: total, Unit: u, Side: e.Sides[u.Side], Args: Args(u, e.Settings),
					Last: rep == max(reps, 1)-1 && i == len(g)-1}
				if err := exec(ctx, st); err != nil {
					return err
				}
				done++
			}
		}
	}
	return nil
}
