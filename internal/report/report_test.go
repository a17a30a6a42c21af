package report

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/option"
	"github.com/syncbench/syncbench/internal/testfiles"
)

// fixtures are the committed results files the tests read: a real run of
// the counter and read-mostly families on a 2-CPU machine, and generated
// files with known properties.
var fixtures = []string{
	"testdata/counter-readmostly-2cpu.txt",
	"testdata/usl-generated.txt",
	"testdata/families-generated.txt",
}

func build(t *testing.T, paths ...string) *Report {
	t.Helper()
	in, err := Load(paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Build(in, Options{})
}

func TestUSLFitRecoversCoefficients(t *testing.T) {
	rep := build(t, "testdata/usl-generated.txt")
	m := rep.Machines[0]
	if m.NCPU != 64 {
		t.Fatalf("ncpu = %d, want 64", m.NCPU)
	}
	fits := 0
	for _, s := range m.Scaling {
		impl := Lookup(s.Dims, "impl")
		for _, truth := range uslTruth {
			if truth.impl != impl {
				continue
			}
			u := s.USL
			if u == nil {
				t.Fatalf("%s: no USL fit", impl)
			}
			fits++
			peak := math.Sqrt((1 - truth.sigma) / truth.kappa)
			if math.Abs(u.Sigma-truth.sigma) > 0.005 || math.Abs(u.Kappa-truth.kappa) > 0.2*truth.kappa ||
				math.Abs(u.PeakN-peak) > 0.1*peak || u.R2 < 0.99 || u.Points != len(uslProcs) {
				t.Errorf("%s: fit σ=%.4f κ=%.6f peak=%.1f R²=%.4f points=%d; want σ=%.4f κ=%.6f peak=%.1f",
					impl, u.Sigma, u.Kappa, u.PeakN, u.R2, u.Points, truth.sigma, truth.kappa, peak)
			}
		}
	}
	if fits != len(uslTruth) {
		t.Errorf("found %d fits, want %d", fits, len(uslTruth))
	}
}

func TestNoUSLOnTwoCPUs(t *testing.T) {
	rep := build(t, "testdata/counter-readmostly-2cpu.txt")
	m := rep.Machines[0]
	for _, s := range m.Scaling {
		if s.USL != nil {
			t.Errorf("%s %v: USL fit on a 2-CPU machine", s.Family, s.Dims)
		}
	}
	if !strings.Contains(m.ScalingNote, "this machine has 2 CPUs") {
		t.Errorf("scaling note %q does not say why there is no fit", m.ScalingNote)
	}
	if len(m.Scaling) == 0 {
		t.Error("no speedups computed")
	}
}

func TestWinners(t *testing.T) {
	rep := build(t, "testdata/counter-readmostly-2cpu.txt", "testdata/families-generated.txt")
	if len(rep.Machines) != 2 {
		t.Fatalf("%d machines, want 2 (the fixtures have different cpu keys)", len(rep.Machines))
	}
	var counter *Family
	for _, f := range rep.Machines[0].Families {
		if f.Name == "Counter" {
			counter = f
		}
	}
	if counter == nil || !slices.Contains(counter.Baselines, "unsync") {
		t.Fatalf("Counter family missing or unsync not a baseline: %+v", counter)
	}
	for _, w := range rep.Machines[0].Winners {
		if w.Best == "unsync" || w.RunnerUp == "unsync" {
			t.Errorf("baseline unsync ranked: %s", describe(w))
		}
		// The fixtures are times: the ranking runs from the lowest time up,
		// and Ratio is the runner-up's time over the best's.
		r := w.Ranking
		if w.Unit != TimeUnit || len(r) < 2 || r[0].Impl != w.Best || r[1].Impl != w.RunnerUp {
			t.Errorf("%s: unit %s, ranking %+v", describe(w), w.Unit, r)
			continue
		}
		for i := 1; i < len(r); i++ {
			if r[i].Center < r[i-1].Center {
				t.Errorf("%s: ranking not from the lowest time up: %+v", describe(w), r)
			}
		}
		if want := r[1].Center / r[0].Center; math.Abs(w.Ratio-want) > 1e-12*want {
			t.Errorf("%s: ratio %v, want %v (%v / %v)", describe(w), w.Ratio, want, r[1].Center, r[0].Center)
		}
		// ReadMostly at reads=100 with one goroutine: the atomic pointer
		// is several times faster than any lock, and the data show it.
		if w.Family == "ReadMostly" && Lookup(w.Workload, "reads") == "100" && Lookup(w.Workload, "goroutines") == "1" {
			if w.Best != "atomic-pointer" || !w.Significant {
				t.Errorf("ReadMostly reads=100 goroutines=1: %s", describe(w))
			}
		}
	}
	// Three samples cannot make a significant difference: a tie, and it says why.
	var few *Winner
	for _, w := range rep.Machines[1].Winners {
		if w.Family == "Few" {
			few = w
		}
	}
	if few == nil || few.Significant || !strings.Contains(few.Note, "need >= 4 samples") {
		t.Errorf("Few: %+v; want a tie noting the sample count", few)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o666)
	for _, tc := range []struct {
		name   string
		paths  []string
		filter string
		want   string
	}{
		{"a missing file", []string{filepath.Join(dir, "missing.txt")}, "", "missing.txt: no such file"},
		{"an empty file", []string{empty}, "", "empty.txt: empty file"},
		{"no file usable", []string{empty, filepath.Join(dir, "missing.txt")}, "", "no usable results: "},
		{"a filter matching nothing", []string{fixtures[1]}, "/impl:nothing", `no results match -filter "/impl:nothing"`},
		{"a malformed filter", []string{fixtures[1]}, "/impl:(", "filter: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.paths, Options{Filter: tc.filter})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load(%v, %q) = %v, want error containing %q", tc.paths, tc.filter, err, tc.want)
			}
		})
	}
	// A malformed filter names the option, for cmd/syncbench to write as its flag.
	var oe *option.Error
	if _, err := Load(fixtures[1:2], Options{Filter: "/impl:("}); !errors.As(err, &oe) || oe.Name != "filter" {
		t.Errorf("Load with a malformed filter = %v, want an *option.Error named filter", err)
	}
	// One usable file: the other is a warning.
	in, err := Load([]string{empty, fixtures[1]}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Warnings) != 1 || !strings.Contains(in.Warnings[0].String(), "empty.txt: skipped: empty file") {
		t.Errorf("warnings %v", in.Warnings)
	}
}

// TestPackagesApart: benchmarks of one name from two packages are two
// families, each decided on its own samples, as benchstat keeps them.
func TestPackagesApart(t *testing.T) {
	rep := build(t, "testdata/two-packages.txt")
	m := rep.Machines[0]
	if len(m.Families) != 2 || m.Families[0].Name != "a.F" || m.Families[1].Name != "b.F" ||
		m.Families[0].Pkg != "a" || m.Families[1].Pkg != "b" {
		t.Fatalf("families %+v %+v; want a.F and b.F", m.Families[0], m.Families[len(m.Families)-1])
	}
	best := map[string]string{}
	for _, w := range m.Winners {
		best[w.Family] = w.Best
		if !w.Significant {
			t.Errorf("%s: %s; want a significant winner", w.Family, describe(w))
		}
	}
	if best["a.F"] != "x" || best["b.F"] != "y" {
		t.Errorf("winners %v; want x in package a, y in package b", best)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %v; packages are no reason to warn", rep.Warnings)
	}
}

// TestZeroNsOp: benchfmt leaves "0 ns/op" in ns/op while tidying every
// other time to sec/op; the report keeps them one sample.
func TestZeroNsOp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zero.txt")
	text := strings.Repeat("BenchmarkZ/impl=a 10 0 ns/op\nBenchmarkZ/impl=a 10 0.5 ns/op\nBenchmarkZ/impl=b 10 5 ns/op\n", 4)
	if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
	m := build(t, path).Machines[0]
	f := m.Families[0]
	if len(f.Units) != 1 || f.Units[0] != TimeUnit {
		t.Errorf("units %v, want [%s]", f.Units, TimeUnit)
	}
	if s := f.Benchmarks[0].Stat(TimeUnit); s == nil || s.N != 8 {
		t.Errorf("impl=a: %+v, want 8 samples in %s", s, TimeUnit)
	}
	if len(m.Winners) != 1 || m.Winners[0].Best != "a" || !m.Winners[0].Significant {
		t.Errorf("winners %+v; want a, significantly", m.Winners)
	}
}

// TestScalingDirection: speedup follows the unit's better direction
// (results.Better), not the spelling of the unit.
func TestScalingDirection(t *testing.T) {
	for unit, vals := range map[string][2]int{
		"p99-ns":  {100, 50}, // lower is better, no "/op"
		"msgs/s":  {100, 200},
		"widgets": {100, 200}, // better=higher from the Unit line
	} {
		path := testfiles.Write(t, "d.txt", fmt.Sprintf("ncpu: 4\nUnit widgets better=higher\nBenchmarkX/g=1 10 %d %s\nBenchmarkX/g=1-2 10 %d %s\n",
			vals[0], unit, vals[1], unit))
		sc := build(t, path).Machines[0].Scaling
		if len(sc) != 1 || len(sc[0].Points) != 2 || sc[0].Points[1].Speedup != 2 {
			t.Errorf("%s: scaling %+v; want a speedup of 2 at GOMAXPROCS=2", unit, sc)
		}
	}
}

// describe names a winner in a failure message.
func describe(w *Winner) string {
	return fmt.Sprintf("%s %v GOMAXPROCS=%d: %s vs %s, %s", w.Family, w.Workload, w.Procs, w.Best, w.RunnerUp, w.Status)
}

// TestWinBeyondThreshold: a win is a gap shown beyond the threshold, not a
// ratio that lands above it. Workload w=near has a significant gap of
// about 5.7% whose samples, moved by 5%, no longer separate; w=far a gap
// of 50%.
func TestWinBeyondThreshold(t *testing.T) {
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\ncpu: test\n")
	for i := range 10 {
		fmt.Fprintf(&b, "BenchmarkGap/impl=fast/w=near 1000 %d ns/op\n", 100+i)
		fmt.Fprintf(&b, "BenchmarkGap/impl=slow/w=near 1000 %d ns/op\n", 106+i)
		fmt.Fprintf(&b, "BenchmarkGap/impl=fast/w=far 1000 %d ns/op\n", 100+i)
		fmt.Fprintf(&b, "BenchmarkGap/impl=slow/w=far 1000 %d ns/op\n", 150+i)
	}
	path := filepath.Join(t.TempDir(), "gap.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]WinStatus{"near": BelowThreshold, "far": Win}
	in, err := Load([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ws := Build(in, Options{Threshold: 0.05}).Machines[0].Winners
	if len(ws) != len(want) {
		t.Fatalf("%d winners, want %d", len(ws), len(want))
	}
	for _, w := range ws {
		k := Lookup(w.Workload, "w")
		if w.Status != want[k] || w.PAdj > 0.05 {
			t.Errorf("w=%s: %s at %.3f× (p adj %.4f, beyond 5%% p %.4f), want %s", k, w.Status, w.Ratio, w.PAdj, w.PBeyond, want[k])
		}
	}
}
