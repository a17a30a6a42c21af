package compare

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/results"
)

func readSide(t *testing.T, path string) *Side {
	t.Helper()
	f, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return &Side{Name: path, Results: f.Results, Units: f.Units}
}

func mustCompare(t *testing.T, old, new string, opts Options) *Report {
	t.Helper()
	rep, err := Compare(readSide(t, old), readSide(t, new), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func find(rep *Report, name, unit string) *Row {
	for _, r := range rep.Rows {
		if r.Name == name && r.Unit == unit {
			return r
		}
	}
	return nil
}

// TestBenchstatAgreement holds compare's numbers against what
// `go tool benchstat -format csv OLD NEW` prints for the same files.
func TestBenchstatAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool benchstat")
	}
	const old, new = "testdata/old.txt", "testdata/new.txt"
	cmd := exec.Command("go", "tool", "benchstat", "-format", "csv", old, new)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go tool benchstat: %v\n%s", err, stderr.Bytes())
	}
	rep := mustCompare(t, old, new, DefaultOptions())
	cr := csv.NewReader(bytes.NewReader(out))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	unit, checked := "", 0
	for _, rec := range recs {
		if len(rec) == 7 && rec[0] == "" && rec[2] == "CI" {
			unit = rec[1]
			continue
		}
		if len(rec) != 7 || rec[0] == "" || rec[0] == "geomean" {
			continue
		}
		row := find(rep, rec[0], unit)
		if row == nil {
			t.Errorf("benchstat row %s %s: missing from compare", rec[0], unit)
			continue
		}
		checked++
		oc, _ := strconv.ParseFloat(rec[1], 64)
		nc, _ := strconv.ParseFloat(rec[3], 64)
		if !close(oc, row.Old.Center) || !close(nc, row.New.Center) {
			t.Errorf("%s %s: centers %v %v, benchstat %v %v", row.Name, unit, row.Old.Center, row.New.Center, oc, nc)
		}
		if rec[2] != row.Old.Range() || rec[4] != row.New.Range() {
			t.Errorf("%s %s: intervals ±%s ±%s, benchstat ±%s ±%s", row.Name, unit, row.Old.Range(), row.New.Range(), rec[2], rec[4])
		}
		var p float64
		var n int
		if _, err := fmt.Sscanf(rec[6], "p=%g n=%d", &p, &n); err != nil {
			t.Errorf("%s %s: benchstat P column %q: %v", row.Name, unit, rec[6], err)
			continue
		}
		if row.Exact {
			// Compared exactly, without a test.
		} else if fmt.Sprintf("%.3f", row.P) != rec[6][2:7] {
			t.Errorf("%s %s: p=%.3f, benchstat %s", row.Name, unit, row.P, rec[6])
		}
		if n != row.Old.N || n != row.New.N {
			if !strings.Contains(rec[6], "+") {
				t.Errorf("%s %s: n=%d+%d, benchstat %s", row.Name, unit, row.Old.N, row.New.N, rec[6])
			}
		}
		switch rec[5] {
		case "~":
			if !row.Exact && row.P <= 0.05 {
				t.Errorf("%s %s: benchstat says ~ but p=%v", row.Name, unit, row.P)
			}
		default:
			if got := FormatChange(row.Change); got != rec[5] {
				t.Errorf("%s %s: change %s, benchstat %s", row.Name, unit, got, rec[5])
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d rows against benchstat", checked)
	}
}

// outcome is the exit code syncbench gives err: 0 for nil, 1 for a
// *RegressionError, 2 for any other error.
func outcome(err error) int {
	var reg *RegressionError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &reg):
		return 1
	}
	return 2
}

func close(a, b float64) bool { return a == b || math.Abs(a-b) <= 1e-12*math.Abs(b) }

func TestVerdicts(t *testing.T) {
	rep := mustCompare(t, "testdata/old.txt", "testdata/new.txt", DefaultOptions())
	want := []struct {
		name, unit string
		v          Verdict
	}{
		{"Counter/impl=mutex/goroutines=4-2", "sec/op", Slower},
		{"Counter/impl=atomic-add/goroutines=4-2", "sec/op", Faster},
		{"Counter/impl=rwmutex/goroutines=4-2", "sec/op", NoChange},
		// Significant (p=0.003) but +2.3% is under the 5% threshold.
		{"Counter/impl=channel/goroutines=4-2", "sec/op", NoChange},
		{"Pool/impl=sync-pool/goroutines=4-2", "allocs/op", Slower},
		{"Pool/impl=sync-pool/goroutines=4-2", "B/op", Slower},
		{"Counter/impl=mutex/goroutines=4-2", "fairness", NoChange},
		// 3 samples a side: the U test cannot reach 0.05.
		{"Counter/impl=cas/goroutines=4-2", "sec/op", NotEnoughData},
	}
	for _, w := range want {
		r := find(rep, w.name, w.unit)
		if r == nil {
			t.Errorf("%s %s: no row", w.name, w.unit)
			continue
		}
		if r.Verdict != w.v {
			t.Errorf("%s %s: verdict %v, want %v (change %v p %v adj %v)", w.name, w.unit, r.Verdict, w.v, r.Change, r.P, r.PAdj)
		}
	}
	if got := strings.Join(rep.OnlyOld, ","); got != "Counter/impl=removed/goroutines=4-2" {
		t.Errorf("OnlyOld = %q", got)
	}
	if got := strings.Join(rep.OnlyNew, ","); got != "Counter/impl=added/goroutines=4-2" {
		t.Errorf("OnlyNew = %q", got)
	}
	if c := outcome(rep.Err()); c != 1 {
		t.Errorf("exit code %d, want 1", c)
	}
	// A 25% threshold drops the 23% regression: nothing is slower by that much.
	opts := DefaultOptions()
	opts.Threshold = 0.25
	opts.Filter = ".unit:sec/op"
	rep = mustCompare(t, "testdata/old.txt", "testdata/new.txt", opts)
	// The 3-sample row cannot be decided on its own, and the notes say
	// what would decide it; its family can show a change, so no exit 2.
	text := strings.Join(rep.Notes(), "\n")
	if err := rep.Err(); outcome(err) != 0 || !strings.Contains(text, "1 row(s) cannot be decided on their own (their families can), e.g. Counter/impl=cas/goroutines=4-2 sec/op with 3 and 3 samples") || !strings.Contains(text, "-count 4") {
		t.Errorf("threshold 25%%, 3-sample row: %v\n%s", err, text)
	}
	opts.Filter = ".unit:sec/op -/impl:cas"
	rep = mustCompare(t, "testdata/old.txt", "testdata/new.txt", opts)
	if n := rep.Count(Slower); n != 0 {
		t.Errorf("threshold 25%%: %d regressions, want 0", n)
	}
	if outcome(rep.Err()) != 0 {
		t.Errorf("threshold 25%%: %v", rep.Err())
	}
	for _, r := range rep.Rows {
		if r.Unit != "sec/op" {
			t.Errorf("filter .unit:sec/op let %s through", r.Unit)
		}
	}
}

func TestMinP(t *testing.T) {
	// As benchmath's table of the smallest U-test p-values.
	for n, want := range map[int]float64{3: 0.1, 4: 0.02857142857142857, 5: 0.007936507936507936} {
		if got := MinP(n, n); math.Abs(got-want) > 1e-12 {
			t.Errorf("MinP(%d,%d) = %v, want %v", n, n, got, want)
		}
	}
}

func side(name, cpu string, lines ...string) *Side {
	text := "goos: linux\ngoarch: amd64\ncpu: " + cpu + "\n" + strings.Join(lines, "\n") + "\n"
	f, err := results.Read(name, strings.NewReader(text))
	if err != nil {
		panic(err)
	}
	return &Side{Name: name, Results: f.Results, Units: f.Units}
}

func TestMachineMismatch(t *testing.T) {
	old := side("old", "CPU A", "BenchmarkX 1 10 ns/op")
	new := side("new", "CPU B", "BenchmarkX 1 10 ns/op")
	_, err := Compare(old, new, DefaultOptions())
	if err == nil || outcome(err) != 2 || !strings.Contains(err.Error(), `cpu "CPU A" in old, "CPU B" in new`) {
		t.Fatalf("err = %v", err)
	}
	opts := DefaultOptions()
	opts.AllowMachineMismatch = true
	rep, err := Compare(old, new, opts)
	if err != nil || rep.MachineNote == "" {
		t.Fatalf("allowed: rep %v err %v", rep, err)
	}
}

func TestExactZeroToOne(t *testing.T) {
	old := side("old", "c", "BenchmarkX 1 10 ns/op 0 allocs/op", "BenchmarkX 1 10 ns/op 0 allocs/op")
	new := side("new", "c", "BenchmarkX 1 10 ns/op 1 allocs/op", "BenchmarkX 1 10 ns/op 1 allocs/op")
	rep, err := Compare(old, new, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	r := find(rep, "X", "allocs/op")
	if r == nil || r.Verdict != Slower || !math.IsInf(r.Change, 1) {
		t.Fatalf("allocs 0 -> 1: %+v", r)
	}
	// Only 2 samples a side: sec/op is not enough data, but the exact row decides.
	if c := outcome(rep.Err()); c != 1 {
		t.Fatalf("code %d", c)
	}
}

func TestNotEnoughDataIsFailure(t *testing.T) {
	old := side("old", "c", "BenchmarkX 1 10 ns/op", "BenchmarkX 1 11 ns/op")
	new := side("new", "c", "BenchmarkX 1 20 ns/op", "BenchmarkX 1 21 ns/op")
	rep, err := Compare(old, new, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if c := outcome(rep.Err()); c != 2 {
		t.Fatalf("code %d, err %v", c, rep.Err())
	}
}

// TestMixedIsNotEnoughData: when one family's rows move significantly
// both ways, the runs differ rather than the code: exit 2, not 1.
func TestMixedIsNotEnoughData(t *testing.T) {
	var old, new []string
	for i := 0; i < 8; i++ {
		// Rows 0-3 twice as slow, rows 4-7 twice as fast, 6 samples each.
		f := 2.0
		if i >= 4 {
			f = 0.5
		}
		for k := 0; k < 6; k++ {
			old = append(old, fmt.Sprintf("BenchmarkM/n=%d 1 %d ns/op", i, 100+k))
			new = append(new, fmt.Sprintf("BenchmarkM/n=%d 1 %g ns/op", i, f*float64(100+k)))
		}
	}
	rep, err := Compare(side("old", "c", old...), side("new", "c", new...), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Count(Slower) != 4 || rep.Count(Faster) != 4 {
		t.Fatalf("%s", rep.Summary())
	}
	err = rep.Err()
	if outcome(err) != 2 || !strings.Contains(err.Error(), "M sec/op: 4 rows slower, 4 faster") {
		t.Fatalf("mixed: %v", err)
	}
	// One direction only is a regression.
	rep, err = Compare(side("old", "c", old[:24]...), side("new", "c", new[:24]...), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if outcome(rep.Err()) != 1 || len(rep.Mixed) != 0 {
		t.Fatalf("one way: %v", rep.Err())
	}
}

// TestRegressionWinsOverNotEnoughData: a family that cannot be decided
// (one row of two samples) does not hide a regression found in another:
// exit 1, and the error says what else could not be decided.
func TestRegressionWinsOverNotEnoughData(t *testing.T) {
	var old, new []string
	for k := 0; k < 6; k++ {
		for i := 0; i < 4; i++ {
			old = append(old, fmt.Sprintf("BenchmarkA/n=%d 1 %d ns/op", i, 100+k))
			new = append(new, fmt.Sprintf("BenchmarkA/n=%d 1 %d ns/op", i, 150+k))
		}
	}
	old = append(old, "BenchmarkB 1 10 ns/op", "BenchmarkB 1 11 ns/op")
	new = append(new, "BenchmarkB 1 20 ns/op", "BenchmarkB 1 21 ns/op")
	rep, err := Compare(side("old", "c", old...), side("new", "c", new...), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	err = rep.Err()
	if outcome(err) != 1 || !strings.Contains(err.Error(), "4 regression(s), 1 family slower") || !strings.Contains(err.Error(), "besides, 1 family cannot be decided") {
		t.Fatalf("exit %d: %v\n%s", outcome(err), err, rep.Summary())
	}
	text := strings.Join(rep.Notes(), "\n")
	if !strings.Contains(text, "not enough data: B sec/op (1 rows, 2 samples a side) could not show a change of 10%") {
		t.Errorf("the undecided family is not said:\n%s", text)
	}
}

// TestSymmetricThreshold: +5% one way is -4.76% the other, and both reach
// a 5% threshold; +4.9% and -4.7% do not.
func TestSymmetricThreshold(t *testing.T) {
	for _, c := range []struct {
		name string
		pct  float64
		want bool
	}{
		{"+5% reaches it", 5, true},
		{"its inverse, -4.76%, reaches it", 100*(1/1.05) - 100, true},
		{"+4.9% does not", 4.9, false},
		{"-4.7% does not", -4.7, false},
		{"-5% reaches it", -5, true},
		{"from zero to something", math.Inf(1), true},
		{"to zero", -100, true},
		{"undefined", math.NaN(), false},
		{"no change", 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Beyond(c.pct, 0.05); got != c.want {
				t.Errorf("Beyond(%v%%, 5%%) = %v, want %v", c.pct, got, c.want)
			}
		})
	}
}
