package bykey

import (
	"errors"
	"math"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/testfiles"
)

// relabeled returns the results of s with their go-version set to v, the
// times of the results keep selects made factor times as long.
func relabeled(s *compare.Side, v string, factor float64, keep func(*benchfmt.Result) bool) []*benchfmt.Result {
	var out []*benchfmt.Result
	for _, r := range s.Results {
		r = r.Clone()
		r.SetConfig("go-version", v)
		if keep != nil && keep(r) {
			compare.Slow(r, factor)
		}
		out = append(out, r)
	}
	return out
}

// TestCompareStandardRun builds a three-release file from the
// committed standard run (thousands of rows): go1.24.11 the same samples,
// go1.27.3 with every family but Counter 1.5× slower, listed out of order.
// Split by go-version, the releases come out in version order; against the
// default baseline (the oldest), the slowed time rows are flagged under
// go1.27.3 and nothing else anywhere, at the alpha divided between the two
// comparisons. (One family alone slowed is not found with 6 samples a side
// at alpha 0.025 over 28 families: 0.0022, the smallest p-value of 6 and 6,
// times 28 is above it.)
func TestCompareStandardRun(t *testing.T) {
	base := readGz(t, standardRun)
	notCounter := func(r *benchfmt.Result) bool { return !strings.HasPrefix(string(r.Name), "Counter/") }
	mixed := &compare.Side{Name: "releases.txt", Units: base.Units}
	mixed.Results = append(mixed.Results, relabeled(base, "go1.27.3", 1.5, notCounter)...)
	mixed.Results = append(mixed.Results, relabeled(base, "go1.22.12", 1, nil)...)
	mixed.Results = append(mixed.Results, relabeled(base, "go1.24.11", 1, nil)...)

	split, err := Split([]*compare.Side{mixed}, "go-version")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range split {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "go-version=go1.22.12 go-version=go1.24.11 go-version=go1.27.3" {
		t.Fatalf("split into %s", got)
	}
	a, err := Compare(split, "go-version", "", compare.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if a.Baseline != "go1.22.12" || len(a.Reports) != 2 || a.Reports["go1.22.12"] != nil {
		t.Fatalf("baseline %s, %d reports", a.Baseline, len(a.Reports))
	}
	same, slow := a.Reports["go1.24.11"], a.Reports["go1.27.3"]
	if same.Options.Alpha != 0.025 || slow.Options.Alpha != 0.025 {
		t.Errorf("alpha per comparison %v and %v, want 0.05/2", same.Options.Alpha, slow.Options.Alpha)
	}
	if n := same.Count(compare.Slower) + same.Count(compare.Faster); n != 0 || same.Err() != nil {
		t.Errorf("the same samples: %d rows flagged (%v)", n, same.Err())
	}
	timeRows, flagged := 0, 0
	for _, r := range slow.Rows {
		isCounter := strings.HasPrefix(r.Name, "Counter/")
		switch {
		case isCounter && r.Verdict != compare.NoChange:
			t.Errorf("%s %s: %v, but Counter did not change", r.Name, r.Unit, r.Verdict)
		case !isCounter && r.Unit == "sec/op":
			timeRows++
			if r.Verdict == compare.Slower {
				flagged++
			}
		}
	}
	t.Logf("go1.27.3: %d of %d slowed time rows flagged; %s", flagged, timeRows, slow.Summary())
	if timeRows == 0 || flagged < timeRows*9/10 {
		t.Errorf("go1.27.3: %d of %d slowed time rows flagged", flagged, timeRows)
	}
	if c := outcome(slow.Err()); c != 1 {
		t.Errorf("go1.27.3: exit %d, want 1", c)
	}

	if _, err := Compare(split, "go-version", "go1.9", compare.DefaultOptions()); err == nil ||
		!strings.Contains(err.Error(), "baseline: the results have no go-version go1.9 (they have go1.22.12, go1.24.11, go1.27.3)") {
		t.Errorf("unknown baseline: %v", err)
	}
	if _, err := Compare(split[:1], "go-version", "", compare.DefaultOptions()); err == nil {
		t.Error("one release: no error")
	}
	bare := &compare.Side{Name: "bare.txt", Results: []*benchfmt.Result{{Name: benchfmt.Name("X"), Iters: 1}}}
	if _, err := Split([]*compare.Side{bare}, "go-version"); err == nil || !strings.Contains(err.Error(), "bare.txt: a result has no go-version (X)") {
		t.Errorf("a result without go-version: %v", err)
	}
}

// TestCompareUnpaired checks that a benchmark the baseline release
// did not run (a configuration it lacks an API for) is summarized under
// the releases that ran it, and compared with nothing.
func TestCompareUnpaired(t *testing.T) {
	var rs []*benchfmt.Result
	add := func(v, name string, ns ...float64) {
		for _, x := range ns {
			r := &benchfmt.Result{Name: benchfmt.Name(name), Iters: 100, Values: []benchfmt.Value{{Value: x * 1e-9, Unit: "sec/op", OrigValue: x, OrigUnit: "ns/op"}}}
			r.SetConfig("go-version", v)
			rs = append(rs, r)
		}
	}
	add("go1.22.12", "X/fork=add", 10, 11, 12, 10, 11, 12)
	add("go1.25.5", "X/fork=add", 10, 11, 12, 10, 11, 12)
	add("go1.25.5", "X/fork=go", 20, 21, 22, 20, 21, 22)
	split, err := Split([]*compare.Side{{Name: "f.txt", Results: rs}}, "go-version")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Compare(split, "go-version", "go1.22.12", compare.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if rows := a.Reports["go1.25.5"].Rows; len(rows) != 1 || rows[0].Name != "X/fork=add" {
		t.Errorf("compared rows: %v", rows)
	}
	u := a.Unpaired["go1.25.5"]
	if len(u) != 1 || u[0].Name != "X/fork=go" || u[0].Unit != "sec/op" || u[0].Summary.N != 6 || math.Abs(u[0].Summary.Center-21e-9) > 1e-15 {
		t.Errorf("unpaired: %+v", u)
	}
}

const standardRun = "../testdata/standard-vm-xeon.txt.gz"

func readGz(t testing.TB, path string) *compare.Side {
	t.Helper()
	rf, err := results.ReadFile(testfiles.Gunzip(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return &compare.Side{Name: path, Results: rf.Results, Units: rf.Units}
}

// outcome is the exit code syncbench gives err.
func outcome(err error) int {
	var reg *compare.RegressionError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &reg):
		return 1
	}
	return 2
}

// TestEveryFamilyAlikeIsTheRelease: values measured together in one run
// (-by) share the machine, so a release that makes every family 7% slower
// is 7% slower, found, not taken for the machine's shift between two runs
// (compare.Options.MachineShift, which two files of separate runs get).
func TestEveryFamilyAlikeIsTheRelease(t *testing.T) {
	base := readGz(t, standardRun)
	mixed := &compare.Side{Name: "releases.txt", Units: base.Units}
	mixed.Results = append(mixed.Results, relabeled(base, "go1.22.12", 1, nil)...)
	mixed.Results = append(mixed.Results, relabeled(base, "go1.24.11", 1.07, func(*benchfmt.Result) bool { return true })...)
	split, err := Split([]*compare.Side{mixed}, "go-version")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Compare(split, "go-version", "", compare.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	rep := a.Reports["go1.24.11"]
	if c := outcome(rep.Err()); c != 1 || len(rep.Shifts) != 0 {
		t.Errorf("every family ×1.07 under go1.24.11: exit %d, shifts %v; want 1 and none: %v", c, rep.Shifts, rep.Err())
	}
	t.Logf("go1.24.11: %s", rep.Summary())
}
