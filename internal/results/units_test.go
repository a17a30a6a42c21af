package results

import (
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// TestBetterAndExact checks unit directions from metadata lines, the suite's
// own units and the conventions, read through benchfmt as a user's file is.
func TestBetterAndExact(t *testing.T) {
	src := "Unit fairness better=lower\nUnit widgets better=higher assume=exact\n" +
		"BenchmarkX 10 5 ns/op 1 fairness 3 widgets\n"
	r := benchfmt.NewReader(strings.NewReader(src), "units.txt")
	for r.Scan() {
	}
	units := r.Units()
	for _, c := range []struct {
		units benchfmt.UnitMetadataMap
		unit  string
		want  int
		exact bool
	}{
		{units, "fairness", -1, false}, // the file overrides the suite
		{nil, "fairness", +1, false},
		{units, "widgets", +1, true},
		{nil, "ns/op", -1, false},
		{nil, "msgs/s", +1, false},
		{nil, "B/goroutine", -1, false},
		{nil, "allocs/op", -1, true},
		{nil, "B/op", -1, true},
		{nil, "MB/s", +1, false},
	} {
		if got := Better(c.units, c.unit); got != c.want {
			t.Errorf("Better(%s) = %d, want %d", c.unit, got, c.want)
		}
		if got := Exact(c.units, c.unit); got != c.exact {
			t.Errorf("Exact(%s) = %v, want %v", c.unit, got, c.exact)
		}
	}
}

// TestUnitLinesParse checks that the Unit lines written into results files
// are read back by benchfmt with the same directions.
func TestUnitLinesParse(t *testing.T) {
	src := strings.Join(UnitLines(), "\n") + "\nBenchmarkX 1 1 ns/op\n"
	r := benchfmt.NewReader(strings.NewReader(src), "lines.txt")
	for r.Scan() {
		if err, ok := r.Result().(*benchfmt.SyntaxError); ok {
			t.Fatalf("Unit line rejected: %v", err)
		}
	}
	units := r.Units()
	for _, u := range SuiteUnits {
		if got := units.GetBetter(u.Unit); got != u.Better {
			t.Errorf("%s: benchfmt reads better=%d, want %d", u.Unit, got, u.Better)
		}
	}
}

// TestSuiteUnitsAsRead checks that the suite's units are recognized under
// the names benchfmt gives them when it reads a file (p99-ns is read as
// p99-sec, cpu-ns/op as cpu-sec/op).
func TestSuiteUnitsAsRead(t *testing.T) {
	for written, read := range map[string]string{"p99-ns": "p99-sec", "cpu-ns/op": "cpu-sec/op", "fairness": "fairness"} {
		u, ok := suiteUnit(read)
		if !ok || u.Unit != written {
			t.Errorf("suiteUnit(%q) = %q, %v; want the suite's %q", read, u.Unit, ok, written)
		}
	}
	if _, ok := suiteUnit("widgets/op"); ok {
		t.Error("suiteUnit found widgets/op, which the suite does not report")
	}
}
