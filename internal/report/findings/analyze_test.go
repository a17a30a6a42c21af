package findings_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/testfiles"
)

// fixtures are the committed results files the tests read: a real run of
// the counter and read-mostly families on a 2-CPU machine, and generated
// files with known properties.
func reportOf(t *testing.T, paths ...string) *report.Report {
	t.Helper()
	in, err := build.Load(paths, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return build.Report(in, build.Options{})
}

func TestUSLFitRecoversCoefficients(t *testing.T) {
	rep := reportOf(t, "../testdata/usl-generated.txt")
	m := rep.Machines[0]
	if m.NCPU != 64 {
		t.Fatalf("ncpu = %d, want 64", m.NCPU)
	}
	fits := 0
	for _, s := range m.Scaling {
		impl := report.Lookup(s.Dims, "impl")
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
	rep := reportOf(t, "../testdata/counter-readmostly-2cpu.txt")
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
	rep := reportOf(t, "../testdata/counter-readmostly-2cpu.txt", "../testdata/families-generated.txt")
	if len(rep.Machines) != 2 {
		t.Fatalf("%d machines, want 2 (the fixtures have different cpu keys)", len(rep.Machines))
	}
	var counter *report.Family
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
		if w.Unit != report.TimeUnit || len(r) < 2 || r[0].Impl != w.Best || r[1].Impl != w.RunnerUp {
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
		if w.Family == "ReadMostly" && report.Lookup(w.Workload, "reads") == "100" && report.Lookup(w.Workload, "goroutines") == "1" {
			if w.Best != "atomic-pointer" || !w.Significant {
				t.Errorf("ReadMostly reads=100 goroutines=1: %s", describe(w))
			}
		}
	}
	// Three samples cannot make a significant difference: a tie, and it says why.
	var few *report.Winner
	for _, w := range rep.Machines[1].Winners {
		if w.Family == "Few" {
			few = w
		}
	}
	if few == nil || few.Significant || !strings.Contains(few.Note, "need >= 4 samples") {
		t.Errorf("Few: %+v; want a tie noting the sample count", few)
	}
}

// TestPackagesApart: benchmarks of one name from two packages are two
// families, each decided on its own samples, as benchstat keeps them.
// TestZeroNsOp: benchfmt leaves "0 ns/op" in ns/op while tidying every
// other time to sec/op; the report keeps them one sample.
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
		sc := reportOf(t, path).Machines[0].Scaling
		if len(sc) != 1 || len(sc[0].Points) != 2 || sc[0].Points[1].Speedup != 2 {
			t.Errorf("%s: scaling %+v; want a speedup of 2 at GOMAXPROCS=2", unit, sc)
		}
	}
}

// describe names a winner in a failure message.
func describe(w *report.Winner) string {
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
	want := map[string]report.WinStatus{"near": report.BelowThreshold, "far": report.Win}
	in, err := build.Load([]string{path}, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ws := build.Report(in, build.Options{Threshold: 0.05}).Machines[0].Winners
	if len(ws) != len(want) {
		t.Fatalf("%d winners, want %d", len(ws), len(want))
	}
	for _, w := range ws {
		k := report.Lookup(w.Workload, "w")
		if w.Status != want[k] || w.PAdj > 0.05 {
			t.Errorf("w=%s: %s at %.3f× (p adj %.4f, beyond 5%% p %.4f), want %s", k, w.Status, w.Ratio, w.PAdj, w.PBeyond, want[k])
		}
	}
}
