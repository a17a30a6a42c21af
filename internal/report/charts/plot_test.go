package charts

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/report"
)

// build loads and builds the report of the results files at paths.
func build(t *testing.T, paths ...string) *report.Report {
	t.Helper()
	in, err := report.Load(paths, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return report.Build(in, report.Options{})
}

// TestSinglePointSeries: a chart line of one point is drawn as its own
// marker, offset from the other points at its x, and named in the legend.
func TestSinglePointSeries(t *testing.T) {
	ss := []*chartSeries{
		{label: "a", pts: []chartPoint{{x: 1}, {x: 4}, {x: 16}}},
		{label: "b", pts: []chartPoint{{x: 4}}},
		{label: "c", pts: []chartPoint{{x: 4}}},
		{label: "d", pts: []chartPoint{{x: 16}}},
	}
	if got := fmt.Sprint(dodgeRanks(ss)); got != "[0 1 2 1]" {
		t.Errorf("dodge ranks %s, want [0 1 2 1]", got)
	}
	var text strings.Builder
	text.WriteString("ncpu: 8\n")
	for range 6 {
		text.WriteString("BenchmarkS/impl=a/g=1 10 100 ns/op\nBenchmarkS/impl=a/g=4 10 50 ns/op\nBenchmarkS/impl=b/g=4 10 60 ns/op\n")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "s.txt")
	if err := os.WriteFile(path, []byte(text.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	rep := build(t, path)
	if err := Plot(rep, dir, true); err != nil {
		t.Fatal(err)
	}
	if cs := rep.Machines[0].Charts; len(cs) != 1 {
		t.Fatalf("charts %v, want one", cs)
	}
	svg, err := os.ReadFile(filepath.Join(dir, rep.Machines[0].Charts[0].File+".svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "b (one point)") {
		t.Errorf("chart legend does not name the one-point series b")
	}
}
