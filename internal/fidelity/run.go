package fidelity

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/proc"
	"github.com/syncbench/syncbench/internal/rounds"
)

// timeout is -test.timeout of every process: go test's default.
const timeout = 10 * time.Minute

// Options configure a Measure.
type Options struct {
	Rounds int // rounds; every pair runs once per side in each
	// Benchtime is the time of one sample: each side's iteration count
	// is calibrated once to fill it (rounds.CalibrateRun, at a quarter of
	// it).
	Benchtime string
	BenchPkg  string // the suite's benchmark package, such as "./bench"
	Go        string // the go command whose toolchain builds every binary
	Dir       string // where the test binaries are built
	// Log receives a line per round: its number and the load after it.
	Log io.Writer
	// Raw, if not nil, receives every result line, in benchfmt, with the
	// config keys pair, side and round.
	Raw io.Writer
	// Load returns the machine's load, logged before the first round and
	// after each.
	Load func() string
	// Seed seeds the rounds' order (see package rounds); 0 draws one.
	Seed uint64
}

// Measurements are the costs per operation of every pair, per round, on
// each side (ours already multiplied by OursPerGo), and the load logged as
// it ran. Each run has an iteration count fixed for its side (calibrated
// once at the benchtime), so that the CPU time of its process, less the
// binary's start-up, is the benchmark's: CPU time does not grow when other
// processes take the CPU away, which on a shared machine is most of the
// noise of wall time.
type Measurements struct {
	Pairs []Pair
	Ours  [][]float64 // wall ns/op, [pair][round]
	Go    [][]float64
	// OursCPU and GoCPU are CPU ns/op (user and system time of the process
	// beyond start-up, over the iterations).
	OursCPU [][]float64
	GoCPU   [][]float64
	Loads   []string // before round 1, then after each round
	// Seed is the seed of the rounds' order.
	Seed uint64
}

// Ratios returns the per-round ratios ours/Go's of pair i, of CPU time per
// operation when cpu is set, else of wall time: each round's two runs were
// made one after the other, so they saw the same load.
func (m *Measurements) Ratios(i int, cpu bool) []float64 {
	ours, goes := m.Ours[i], m.Go[i]
	if cpu {
		ours, goes = m.OursCPU[i], m.GoCPU[i]
	}
	r := make([]float64, len(ours))
	for k := range r {
		r[k] = ours[k] / goes[k]
	}
	return r
}

// binaries builds the suite's test binary and one for each standard
// package the pairs name, and returns their paths by package ("" for the
// suite).
func binaries(ctx context.Context, o Options, pairs []Pair) (map[string]string, error) {
	bins := map[string]string{"": o.BenchPkg}
	for _, p := range pairs {
		if p.GoPkg != "" {
			bins[p.GoPkg] = p.GoPkg
		}
	}
	out := map[string]string{}
	for key, pkg := range bins {
		name := "suite.test"
		if key != "" {
			name = strings.ReplaceAll(key, "/", "_") + ".test"
		}
		path := filepath.Join(o.Dir, name)
		cmd := proc.Command(ctx, os.Interrupt, o.Go, "test", "-c", "-o", path, pkg)
		if b, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go test -c %s: %v: %s", pkg, err, firstLine(b))
		}
		out[key] = path
	}
	return out, nil
}

// Measure builds the binaries and runs every pair's two benchmarks in
// o.Rounds rounds of the measuring engine (package rounds): in each round
// every pair once, its two sides back to back in a random order, the pairs
// in an order shuffled each round. Each side's iteration count is
// calibrated once, before the first round.
func Measure(ctx context.Context, o Options, pairs []Pair) (*Measurements, error) {
	if o.Rounds < 1 {
		return nil, fmt.Errorf("rounds %d: want at least 1", o.Rounds)
	}
	bins, err := binaries(ctx, o, pairs)
	if err != nil {
		return nil, err
	}
	startup := map[string]time.Duration{}
	for key, bin := range bins {
		startup[key] = startupCPU(ctx, rounds.Side{Bin: bin})
	}
	n := len(pairs)
	m := &Measurements{Pairs: pairs, Ours: make([][]float64, n), Go: make([][]float64, n),
		OursCPU: make([][]float64, n), GoCPU: make([][]float64, n)}
	type side struct {
		name, key string
		pattern   string
		args      []string
		scale     float64
		side      int // the engine's
		wall, cpu *[][]float64
	}
	sides := make([][2]*side, n)
	for i, p := range pairs {
		sides[i] = [2]*side{
			{name: "ours", key: "", pattern: p.Ours, args: p.OursArgs, scale: p.OursPerGo, wall: &m.Ours, cpu: &m.OursCPU},
			{name: "base", key: p.GoPkg, pattern: p.GoBench, scale: 1, wall: &m.Go, cpu: &m.GoCPU},
		}
	}
	// The engine's sides: one per binary and arguments of its own. Each
	// pair side is calibrated by the engine's step (rounds.CalibrateRun,
	// at a quarter of the benchtime), then the rounds are the engine's: a
	// unit per pair and side, the two sides of a pair back to back in a
	// random order, the pairs in an order shuffled each round.
	set := rounds.Settings{Benchtime: o.Benchtime, Timeout: timeout}
	keys := map[string]int{}
	var rsides []rounds.Side
	var units []rounds.Unit
	for i, p := range pairs {
		for _, sd := range sides[i] {
			key := sd.key + "\x00" + strings.Join(sd.args, " ")
			k, ok := keys[key]
			if !ok {
				k = len(rsides)
				keys[key] = k
				rsides = append(rsides, rounds.Side{Label: sd.key, Bin: bins[sd.key], Args: sd.args})
			}
			sd.side = k
			counts, err := rounds.CalibrateRun(ctx, rsides[k], sd.pattern, []int{p.CPU}, set)
			if err == nil && len(counts) != 1 {
				err = fmt.Errorf("%d benchmark results, want exactly 1", len(counts))
			}
			if err != nil {
				return nil, fmt.Errorf("pair %s, %s: %w", p.Name, sd.name, failure(rsides[k], sd.pattern, err))
			}
			// The engine groups units by Config (Top, Name, CPU): the
			// pair's name, not the side's.
			units = append(units, rounds.Unit{Side: k, Top: p.Name, Bench: sd.pattern, CPU: p.CPU, Iters: counts[0].Iters})
		}
	}
	// A pair is its name and GOMAXPROCS (the overhead set has each name
	// at 1 and 2): the units' Config.
	pairOf := map[string]int{}
	for i := range pairs {
		pairOf[units[2*i].Config()] = i
	}
	seed := o.Seed
	if seed == 0 {
		seed = rounds.NewSeed()
	}
	m.Seed = seed
	e := rounds.New(rsides, set, seed)
	m.Loads = append(m.Loads, o.Load())
	round := 1
	err = e.Run(ctx, units, o.Rounds, func(ctx context.Context, st rounds.Step) error {
		if st.Round != round {
			endRound(o, m, round)
			round = st.Round
		}
		i := pairOf[st.Unit.Config()]
		p := pairs[i]
		sd := sides[i][0]
		if st.Unit.Bench != sd.pattern || st.Unit.Side != sd.side {
			sd = sides[i][1]
		}
		r, err := sample(ctx, st, startup[sd.key])
		if err != nil {
			return fmt.Errorf("pair %s, %s: %w", p.Name, sd.name, failure(st.Side, sd.pattern, err))
		}
		(*sd.wall)[i] = append((*sd.wall)[i], r.ns*sd.scale)
		(*sd.cpu)[i] = append((*sd.cpu)[i], r.cpuNs*sd.scale)
		if o.Raw != nil {
			fmt.Fprintf(o.Raw, "pair: %s\nside: %s\nround: %d\n%s\t%.4g cpu-ns/op\n", p.Name, sd.name, st.Round, r.line, r.cpuNs)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	endRound(o, m, round)
	return m, nil
}

// endRound logs the end of round round and the load after it.
func endRound(o Options, m *Measurements, round int) {
	m.Loads = append(m.Loads, o.Load())
	if o.Log != nil {
		fmt.Fprintf(o.Log, "fidelity: round %d/%d done; load %s\n", round, o.Rounds, m.Loads[len(m.Loads)-1])
	}
}

// startupCPU returns the CPU time side's binary spends running no
// benchmark (start-up and exit), the least of three runs, to subtract from
// every measured run.
func startupCPU(ctx context.Context, side rounds.Side) time.Duration {
	best := time.Duration(-1)
	for range 3 {
		p, err := rounds.Exec(ctx, side, []string{"-test.run=^$", "-test.bench=^$"})
		if err != nil {
			return 0
		}
		if best < 0 || p.CPU < best {
			best = p.CPU
		}
	}
	return max(best, 0)
}

// run is one benchmark run: its iterations, wall and CPU ns/op, and its
// result line.
type run struct {
	iters     int
	ns, cpuNs float64
	line      string
}

// sample runs the engine's step st (rounds.Exec), which selects one
// benchmark, and returns it, with its CPU time per operation beyond
// startup.
func sample(ctx context.Context, st rounds.Step, startup time.Duration) (run, error) {
	p, err := rounds.Exec(ctx, st.Side, st.Args)
	if err != nil {
		return run{}, err
	}
	r, err := parseOne(p.Output)
	if err != nil {
		return run{}, err
	}
	r.cpuNs = float64(max(p.CPU-startup, 0).Nanoseconds()) / float64(r.iters)
	return r, nil
}

// failure says in one line where err happened: side's binary running
// pattern, and for a *rounds.Failure the first line of its output that
// says why.
func failure(side rounds.Side, pattern string, err error) error {
	var f *rounds.Failure
	if errors.As(err, &f) {
		for _, l := range strings.Split(f.Output, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "--- FAIL") {
				return fmt.Errorf("%s -test.bench=%s: %w: %s", filepath.Base(side.Bin), pattern, err, l)
			}
		}
	}
	return fmt.Errorf("%s -test.bench=%s: %w", filepath.Base(side.Bin), pattern, err)
}

// parseOne reads go test output holding exactly one benchmark result and
// returns its iterations, ns/op and line.
func parseOne(out []byte) (run, error) {
	var r run
	rd := benchfmt.NewReader(bytes.NewReader(out), "output")
	n := 0
	for rd.Scan() {
		res, ok := rd.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		n++
		found := false
		for _, v := range res.Values {
			if v.OrigUnit == "ns/op" {
				r.ns, found = v.OrigValue, true
			}
		}
		if !found || res.Iters < 1 {
			return run{}, fmt.Errorf("result %s has no ns/op or no iterations", res.Name.Full())
		}
		r.iters = res.Iters
		_, l := res.Pos()
		r.line = nthLine(out, l)
	}
	if err := rd.Err(); err != nil {
		return run{}, err
	}
	if n != 1 {
		return run{}, fmt.Errorf("%d benchmark results, want exactly 1", n)
	}
	return r, nil
}

// nthLine returns line n (from 1) of b.
func nthLine(b []byte, n int) string {
	lines := strings.Split(string(b), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// firstLine returns the first non-empty line of b, for one-line errors.
func firstLine(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return "(no output)"
}
