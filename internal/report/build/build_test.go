package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/option"
	"github.com/syncbench/syncbench/internal/report"
)

// fixtures are the committed results files the tests read: a real run of
// the counter and read-mostly families on a 2-CPU machine, and generated
// files with known properties.
var fixtures = []string{
	"../testdata/counter-readmostly-2cpu.txt",
	"../testdata/usl-generated.txt",
	"../testdata/families-generated.txt",
}

func reportOf(t *testing.T, paths ...string) *report.Report {
	t.Helper()
	in, err := Load(paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Report(in, Options{})
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
	rep := reportOf(t, "../testdata/two-packages.txt")
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
	m := reportOf(t, path).Machines[0]
	f := m.Families[0]
	if len(f.Units) != 1 || f.Units[0] != report.TimeUnit {
		t.Errorf("units %v, want [%s]", f.Units, report.TimeUnit)
	}
	if s := f.Benchmarks[0].Stat(report.TimeUnit); s == nil || s.N != 8 {
		t.Errorf("impl=a: %+v, want 8 samples in %s", s, report.TimeUnit)
	}
	if len(m.Winners) != 1 || m.Winners[0].Best != "a" || !m.Winners[0].Significant {
		t.Errorf("winners %+v; want a, significantly", m.Winners)
	}
}

// TestScalingDirection: speedup follows the unit's better direction
// (results.Better), not the spelling of the unit.
// describe names a winner in a failure message.
func describe(w *report.Winner) string {
	return fmt.Sprintf("%s %v GOMAXPROCS=%d: %s vs %s, %s", w.Family, w.Workload, w.Procs, w.Best, w.RunnerUp, w.Status)
}

// TestWinBeyondThreshold: a win is a gap shown beyond the threshold, not a
// ratio that lands above it. Workload w=near has a significant gap of
// about 5.7% whose samples, moved by 5%, no longer separate; w=far a gap
// of 50%.
