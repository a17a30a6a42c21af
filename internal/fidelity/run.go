package fidelity

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// Options configure a Measure.
type Options struct {
	Rounds    int    // rounds; every pair runs once per side in each
	Benchtime string // -test.benchtime of every run
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
}

// Measurements are the ns/op of every pair, per round, on each side (ours
// already multiplied by OursPerGo), and the load logged as it ran.
type Measurements struct {
	Pairs []Pair
	Ours  [][]float64 // [pair][round]
	Go    [][]float64
	Loads []string // before round 1, then after each round
}

// Ratios returns the per-round ratios ours/Go's of pair i: each round's two
// runs were made one after the other, so they saw the same load.
func (m *Measurements) Ratios(i int) []float64 {
	r := make([]float64, len(m.Ours[i]))
	for k := range r {
		r[k] = m.Ours[i][k] / m.Go[i][k]
	}
	return r
}

// binaries builds the suite's test binary and one for each standard
// package the pairs name, and returns their paths by package ("" for the
// suite).
func binaries(ctx context.Context, o Options, pairs []Pair) (map[string]string, error) {
	bins := map[string]string{"": o.BenchPkg}
	for _, p := range pairs {
		bins[p.GoPkg] = p.GoPkg
	}
	out := map[string]string{}
	for key, pkg := range bins {
		name := "suite.test"
		if key != "" {
			name = strings.ReplaceAll(key, "/", "_") + ".test"
		}
		path := filepath.Join(o.Dir, name)
		cmd := exec.CommandContext(ctx, o.Go, "test", "-c", "-o", path, pkg)
		if b, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go test -c %s: %v: %s", pkg, err, firstLine(b))
		}
		out[key] = path
	}
	return out, nil
}

// Measure builds the binaries and runs every pair's two benchmarks in
// o.Rounds interleaved rounds: in each round, pair by pair, one side then
// the other, the side that goes first alternating between rounds.
func Measure(ctx context.Context, o Options, pairs []Pair) (*Measurements, error) {
	if o.Rounds < 1 {
		return nil, fmt.Errorf("rounds %d: want at least 1", o.Rounds)
	}
	bins, err := binaries(ctx, o, pairs)
	if err != nil {
		return nil, err
	}
	m := &Measurements{Pairs: pairs, Ours: make([][]float64, len(pairs)), Go: make([][]float64, len(pairs))}
	m.Loads = append(m.Loads, o.Load())
	for round := 1; round <= o.Rounds; round++ {
		for i, p := range pairs {
			sides := []string{"ours", "go"}
			if round%2 == 0 {
				sides = []string{"go", "ours"}
			}
			for _, side := range sides {
				bin, pattern, args, scale := bins[p.GoPkg], p.GoBench, []string(nil), 1.0
				if side == "ours" {
					bin, pattern, args, scale = bins[""], p.Ours, p.OursArgs, p.OursPerGo
				}
				ns, err := runOne(ctx, o, bin, pattern, p.CPU, args, p.Name, side, round)
				if err != nil {
					return nil, fmt.Errorf("pair %s, %s: %v", p.Name, side, err)
				}
				if side == "ours" {
					m.Ours[i] = append(m.Ours[i], ns*scale)
				} else {
					m.Go[i] = append(m.Go[i], ns)
				}
			}
		}
		m.Loads = append(m.Loads, o.Load())
		if o.Log != nil {
			fmt.Fprintf(o.Log, "fidelity: round %d/%d done; load %s\n", round, o.Rounds, m.Loads[len(m.Loads)-1])
		}
	}
	return m, nil
}

// runOne runs the one benchmark pattern selects in bin and returns its
// ns/op.
func runOne(ctx context.Context, o Options, bin, pattern string, cpu int, args []string, pair, side string, round int) (float64, error) {
	argv := append([]string{"-test.run=^$", "-test.bench=" + pattern, "-test.benchtime=" + o.Benchtime,
		fmt.Sprintf("-test.cpu=%d", cpu), "-test.count=1"}, args...)
	cmd := exec.CommandContext(ctx, bin, argv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%s %s: %v: %s", filepath.Base(bin), strings.Join(argv, " "), err, firstLine(append(stderr.Bytes(), out...)))
	}
	ns, line, err := parseOne(out)
	if err != nil {
		return 0, fmt.Errorf("%s -test.bench=%s: %v", filepath.Base(bin), pattern, err)
	}
	if o.Raw != nil {
		fmt.Fprintf(o.Raw, "pair: %s\nside: %s\nround: %d\n%s\n", pair, side, round, line)
	}
	return ns, nil
}

// parseOne reads go test output holding exactly one benchmark result and
// returns its ns/op and its line.
func parseOne(out []byte) (ns float64, line string, err error) {
	r := benchfmt.NewReader(bytes.NewReader(out), "output")
	n := 0
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		n++
		found := false
		for _, v := range res.Values {
			if v.OrigUnit == "ns/op" {
				ns, found = v.OrigValue, true
			}
		}
		if !found {
			return 0, "", fmt.Errorf("result %s has no ns/op", res.Name.Full())
		}
		_, l := res.Pos()
		line = nthLine(out, l)
	}
	if err := r.Err(); err != nil {
		return 0, "", err
	}
	if n != 1 {
		return 0, "", fmt.Errorf("%d benchmark results, want exactly 1", n)
	}
	return ns, line, nil
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

// LoadAvg returns the three load averages of /proc/loadavg, or "unknown".
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
