package fidelity

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// fakeOptions builds testdata/fakebench and a fake go command that copies
// it wherever `go test -c -o PATH PKG` asks, and returns Options using them
// and the file the fake benchmarks log their patterns to.
func fakeOptions(t *testing.T) (Options, string) {
	t.Helper()
	dir := t.TempDir()
	fake := filepath.Join(dir, "fakebench")
	if out, err := exec.Command("go", "build", "-o", fake, "./testdata/fakebench").CombinedOutput(); err != nil {
		t.Fatalf("building fakebench: %v\n%s", err, out)
	}
	goCmd := filepath.Join(dir, "go")
	script := "#!/bin/sh\n[ \"$1 $2 $3\" = \"test -c -o\" ] || exit 3\necho \"$5\" >>" + filepath.Join(dir, "built") + "\ncp " + fake + " \"$4\"\n"
	if err := os.WriteFile(goCmd, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "log")
	t.Setenv("FAKEBENCH_LOG", log)
	bins := filepath.Join(dir, "bin")
	if err := os.Mkdir(bins, 0o755); err != nil {
		t.Fatal(err)
	}
	loads := 0
	return Options{Rounds: 3, Benchtime: "1x", BenchPkg: "./bench", Go: goCmd, Dir: bins,
		Load: func() string { loads++; return strings.Repeat("l", loads) }}, log
}

var testPairs = []Pair{
	{Name: "a", Ours: "ours-a", GoPkg: "sync", GoBench: "go-a-long", CPU: 1, OursPerGo: 1},
	{Name: "b", Ours: "ours-b", OursArgs: []string{"-reads=99"}, GoPkg: "internal/runtime/atomic", GoBench: "gob", CPU: 1, OursPerGo: 0.5},
	{Name: "c", Ours: "ours-c", GoBench: "base-c", CPU: 2, OursPerGo: 1}, // both sides in the suite
}

// TestMeasureInterleaves checks that, after one calibration run of each
// side, every round (the measuring engine's, package rounds) runs every
// pair once with its two sides one after the other, in an order that
// changes between rounds and that the seed repeats, that ours is scaled
// by OursPerGo, and that the load is logged before and after every round.
func TestMeasureInterleaves(t *testing.T) {
	o, log := fakeOptions(t)
	o.Seed = 1
	var raw bytes.Buffer
	o.Raw = &raw
	m, err := Measure(context.Background(), o, testPairs)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(log)
	got := strings.Fields(string(b))
	calib := "ours-a go-a-long ours-b gob ours-c base-c"
	if len(got) != 24 || strings.Join(got[:6], " ") != calib {
		t.Fatalf("runs %v: want the calibration (%s), then 3 rounds of 6", got, calib)
	}
	pairOf := map[string]string{"ours-a": "a", "go-a-long": "a", "ours-b": "b", "gob": "b", "ours-c": "c", "base-c": "c"}
	var orders []string
	for r := range 3 {
		round := got[6+6*r : 12+6*r]
		seen := map[string]bool{}
		for i := 0; i < 6; i += 2 {
			p := pairOf[round[i]]
			if pairOf[round[i+1]] != p || round[i] == round[i+1] || seen[p] {
				t.Errorf("round %d: %v: a pair's two sides are not back to back, or a pair runs twice", r+1, round)
			}
			seen[p] = true
		}
		orders = append(orders, strings.Join(round, " "))
	}
	if orders[0] == orders[1] && orders[1] == orders[2] {
		t.Errorf("every round ran in the order %s", orders[0])
	}
	o2, log2 := fakeOptions(t)
	o2.Seed = 1
	if _, err := Measure(context.Background(), o2, testPairs); err != nil {
		t.Fatal(err)
	}
	if b2, _ := os.ReadFile(log2); string(b2) != string(b) {
		t.Errorf("seed 1 gave two orders:\n%s\n%s", b, b2)
	}
	// The fake ns/op is the pattern's length.
	for k := range 3 {
		if m.Ours[0][k] != 6 || m.Go[0][k] != 9 || m.Ours[1][k] != 3 || m.Go[1][k] != 3 {
			t.Errorf("round %d: ours %v/%v, go %v/%v; want 6/3 (6×0.5), 9/3", k, m.Ours[0][k], m.Ours[1][k], m.Go[0][k], m.Go[1][k])
		}
		if len(m.OursCPU[1]) != 3 || m.OursCPU[1][k] < 0 || len(m.GoCPU[0]) != 3 {
			t.Errorf("round %d: CPU times %v, %v", k, m.OursCPU, m.GoCPU)
		}
	}
	if r := m.Ratios(0, false); len(r) != 3 || r[0] != 6.0/9 {
		t.Errorf("ratios of pair a = %v, want 3 × %v", r, 6.0/9)
	}
	if len(m.Loads) != 4 || m.Loads[0] != "l" || m.Loads[3] != "llll" {
		t.Errorf("loads %q, want one before and one after each of 3 rounds", m.Loads)
	}
	built, _ := os.ReadFile(filepath.Join(filepath.Dir(log), "built"))
	pkgs := strings.Fields(string(built))
	sort.Strings(pkgs)
	if strings.Join(pkgs, " ") != "./bench internal/runtime/atomic sync" {
		t.Errorf("built %q, want the suite once and each standard package once", pkgs)
	}
	if n := strings.Count(raw.String(), "\nBenchmarkFake-1"); n != 18 || !strings.Contains(raw.String(), "pair: b\nside: ours\nround: 3\n") {
		t.Errorf("raw output has %d result lines, want 18 with their pair, side and round:\n%s", n, raw.String())
	}
}

// TestMeasureCalibrates checks that each pair side is calibrated by the
// engine (rounds.CalibrateRun: at a quarter of the benchtime, the count
// that fills it, at most 8 times the calibration's 1000) and that every
// process leads a process group of its own (package proc's).
func TestMeasureCalibrates(t *testing.T) {
	o, _ := fakeOptions(t)
	o.Benchtime, o.Rounds = "100ms", 1
	times := filepath.Join(t.TempDir(), "times")
	t.Setenv("FAKEBENCH_TIMES", times)
	// The first two share a name, at two GOMAXPROCS values (as the
	// overhead set's pairs do).
	pairs := append([]Pair{testPairs[0], testPairs[0]}, testPairs[1])
	pairs[1].CPU = 2
	m, err := Measure(context.Background(), o, pairs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pairs {
		if len(m.Ours[i]) != 1 || len(m.Go[i]) != 1 {
			t.Errorf("pair %d (%s at %d): samples %v, %v; want one each", i, pairs[i].Name, pairs[i].CPU, m.Ours[i], m.Go[i])
		}
	}
	b, _ := os.ReadFile(times)
	want := strings.Repeat("25ms true\n", 6) + strings.Repeat("8000x true\n", 6)
	if string(b) != want {
		t.Errorf("benchtimes and groups:\n%s\nwant\n%s", b, want)
	}
}

// TestMeasureErrors checks that a benchmark that fails or prints other than
// one result stops the measurement with an error naming the pair and side.
func TestMeasureErrors(t *testing.T) {
	for mode, want := range map[string]string{
		"fail": `pair a, ours: suite\.test .*exit status 1.*: fakebench: failed on purpose`,
		"two":  `pair a, ours: .*: 2 benchmark results, want exactly 1`,
	} {
		o, _ := fakeOptions(t)
		t.Setenv("FAKEBENCH_MODE", mode)
		_, err := Measure(context.Background(), o, testPairs[:1])
		if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) {
			t.Errorf("%s: error %v, want one matching %s", mode, err, want)
		}
	}
	o, _ := fakeOptions(t)
	o.Rounds = 0
	if _, err := Measure(context.Background(), o, testPairs); err == nil {
		t.Error("0 rounds accepted")
	}
}

// TestMarkdown checks the verdicts and that the report names every pair
// with its note, the configuration and the load.
func TestMarkdown(t *testing.T) {
	m := &Measurements{
		Pairs: testPairs[:2],
		Ours:  [][]float64{{10, 10.2, 9.9, 10.1, 10, 10.3, 9.8}, {12, 12.5, 11.8, 12.2, 12.1, 12.4, 12}},
		Go:    [][]float64{{10, 10, 10, 10, 10, 10, 10}, {10, 10, 10, 10, 10, 10, 10}},
		Loads: []string{"1.0 1.0 1.0", "1.5", "1.6", "1.7", "1.8", "1.9", "2.0", "2.10 2.20 2.30"},
	}
	m.OursCPU, m.GoCPU = m.Ours, m.Go
	m.Pairs[1].Note = "note of b"
	rows := Rows(m)
	if !rows[0].Within || rows[1].Within {
		t.Errorf("within = %v, %v; want true (ratio %.3f), false (ratio %.3f)", rows[0].Within, rows[1].Within, rows[0].Ratio.Center, rows[1].Ratio.Center)
	}
	if rows[1].Ratio.Lo > 1.2 || rows[1].Ratio.Hi < 1.2 {
		t.Errorf("ratio interval of b [%v, %v] does not hold its median 1.2", rows[1].Ratio.Lo, rows[1].Ratio.Hi)
	}
	var b bytes.Buffer
	set, _ := LookupSet("fidelity")
	if err := Markdown(&b, set, m, [][2]string{{"machine", "m1"}}, "7 rounds"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| machine | m1 |", "| settings | 7 rounds |", "before: 1.0 1.0 1.0; after: 2.10 2.20 2.30",
		"| a | 1 | 10 [", "| within 5% |", "| b | 1 | 12.1", "| outside 5% |", "1 of 2 pairs within their tolerance", "note of b", "`-reads=99`", "7: 2.10 2.20 2.30"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestSetsHaveRounds checks that every set the script can run has a
// default number of rounds (Measure refuses fewer than 1), and that the
// overhead set, whose 2% tolerance is nearer the spread between processes,
// runs at least as many as the fidelity set.
func TestSetsHaveRounds(t *testing.T) {
	for _, s := range Sets {
		if s.Rounds < 1 {
			t.Errorf("set %s: %d default rounds", s.Name, s.Rounds)
		}
	}
	fid, _ := LookupSet("fidelity")
	over, _ := LookupSet("overhead")
	if over.Rounds < fid.Rounds {
		t.Errorf("overhead runs %d rounds, fewer than fidelity's %d", over.Rounds, fid.Rounds)
	}
}
