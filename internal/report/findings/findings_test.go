package findings_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/build"
)

// sweepFile writes results of family F along n=1,2,4,8 (GOMAXPROCS=1, 8
// samples each, ±0.4% apart): ns[impl][i] is the time of impl at the i-th
// value of n; an impl "" writes names without an impl dimension.
func sweepFile(t *testing.T, ns map[string][4]float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\ncpu: test\n")
	impls := make([]string, 0, len(ns))
	for impl := range ns {
		impls = append(impls, impl)
	}
	slices.Sort(impls)
	for _, impl := range impls {
		for i, n := range []int{1, 2, 4, 8} {
			for k := range 8 {
				name := fmt.Sprintf("BenchmarkF/impl=%s/n=%d", impl, n)
				if impl == "" {
					name = fmt.Sprintf("BenchmarkF/n=%d", n)
				}
				fmt.Fprintf(&b, "%s 1000 %.2f ns/op\n", name, ns[impl][i]*(1+0.001*float64(k)))
			}
		}
	}
	path := filepath.Join(t.TempDir(), "sweep.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// findingsOf builds the report of one results file and returns the
// findings of its only family.
func findingsOf(t *testing.T, path, reference string) *report.FamilyFindings {
	t.Helper()
	in, err := build.Load([]string{path}, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := build.Report(in, build.Options{Threshold: 0.05, Reference: reference})
	fs := rep.Machines[0].Findings.Families
	if len(fs) != 1 {
		t.Fatalf("%d families, want 1", len(fs))
	}
	return fs[0]
}

// crossoverWords is a crossover in a few words, for comparing.
func crossoverWords(c report.Crossover) string {
	verb := "stops"
	if c.Starts {
		verb = "starts"
	}
	s := fmt.Sprintf("%s %s beating %s at %s=%s", c.A, verb, c.B, c.Dim, c.At)
	if c.Reversed {
		s += ", reversed"
	}
	return s
}

func TestCrossovers(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ns        map[string][4]float64
		reference string
		want      []string
	}{
		{
			name: "the winner stops beating the runner-up, which then beats it",
			ns:   map[string][4]float64{"a": {100, 100, 300, 300}, "b": {200, 200, 200, 200}},
			want: []string{"a stops beating b at n=4, reversed"},
		},
		{
			name: "the winner stops beating the runner-up, then they tie",
			ns:   map[string][4]float64{"a": {100, 100, 200, 200}, "b": {200, 200, 200, 200}},
			want: []string{"a stops beating b at n=4"},
		},
		{
			name: "one starts beating the other for good",
			ns:   map[string][4]float64{"a": {200, 200, 200, 100}, "b": {200, 200, 200, 200}},
			want: []string{"a starts beating b at n=8"},
		},
		{
			// 200/194 is 3.1%, clearly apart at ±0.4% but under the 5%
			// threshold: the judge's threshold keeps it from being a claim.
			name: "a gap under the threshold is no crossover",
			ns:   map[string][4]float64{"a": {200, 200, 200, 194}, "b": {200, 200, 200, 200}},
		},
		{
			name: "a gap all along is no crossover",
			ns:   map[string][4]float64{"a": {100, 100, 100, 100}, "b": {200, 200, 200, 200}},
		},
		{
			name: "a gap that comes and goes before its final run is none",
			ns:   map[string][4]float64{"a": {100, 200, 100, 200}, "b": {200, 200, 200, 200}},
		},
		{
			name:      "every alternative is held against the reference",
			ns:        map[string][4]float64{"a": {100, 100, 100, 100}, "b": {150, 150, 150, 150}, "ref": {300, 300, 150, 150}},
			reference: "ref",
			want:      []string{"b stops beating ref at n=4"},
		},
		{
			name: "without a reference, only the pairs of the best",
			ns:   map[string][4]float64{"a": {100, 100, 100, 100}, "b": {150, 150, 150, 150}, "ref": {300, 300, 150, 150}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ff := findingsOf(t, sweepFile(t, tc.ns), tc.reference)
			var got []string
			for _, c := range ff.Crossovers {
				got = append(got, crossoverWords(c))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("crossovers %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSweepEnds(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ns     [4]float64
		change report.Change
		ratio  float64
	}{
		{"faster at the end", [4]float64{400, 300, 200, 100}, report.Better, 4},
		{"slower at the end", [4]float64{100, 200, 200, 200}, report.Worse, 2},
		{"within the threshold", [4]float64{100, 300, 300, 102}, report.NoGap, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ff := findingsOf(t, sweepFile(t, map[string][4]float64{"": tc.ns}), "")
			if len(ff.Ends) != 1 {
				t.Fatalf("%d sweep ends, want 1", len(ff.Ends))
			}
			e := ff.Ends[0]
			if e.Dim != "n" || e.From != "1" || e.To != "8" || e.Change != tc.change || (tc.ratio > 0 && (e.Ratio < 0.99*tc.ratio || e.Ratio > 1.01*tc.ratio)) {
				t.Errorf("sweep end %s=%s → %s: change %d ratio %.3f, want change %d ratio %.3f", e.Dim, e.From, e.To, e.Change, e.Ratio, tc.change, tc.ratio)
			}
		})
	}
}

func TestFindingsWinners(t *testing.T) {
	ff := findingsOf(t, sweepFile(t, map[string][4]float64{"a": {100, 100, 100, 100}, "b": {200, 200, 200, 200}}), "")
	if ff.Sweep != "n" || ff.Procs != 1 || ff.Unit != report.TimeUnit {
		t.Errorf("findings along %q at GOMAXPROCS=%d in %s, want n, 1, %s", ff.Sweep, ff.Procs, ff.Unit, report.TimeUnit)
	}
	if len(ff.Winners) != 4 {
		t.Fatalf("%d winners, want one per value of n (4)", len(ff.Winners))
	}
	for _, w := range ff.Winners {
		if w.Best != "a" || w.Status != report.Win {
			t.Errorf("%s: best %s (%s), want a, a win", report.WorkloadWords(w.Workload), w.Best, w.Status)
		}
	}
}
