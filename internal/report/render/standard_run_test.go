package render

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/testfiles"
)

// standardRun is the committed standard run of the suite (2-CPU VM), kept
// gzipped with compare's test data.
const standardRun = "../../compare/testdata/standard-vm-xeon.txt.gz"

// claimRatio matches the ratios the summary states as a gap: "2.31×
// faster", "1.10–2.31× faster", "(1.49× at producers=1", "(5.86× there)",
// "slower by 5.86×".
var claimRatio = regexp.MustCompile(`([0-9.]+)(?:–([0-9.]+))?× (?:faster|better|slower)|\(([0-9.]+)× (?:at|there)|(?:slower|worse) by ([0-9.]+)×`)

// TestStandardRunWinners: on the committed standard run, the report at
// the default threshold names no win below it, calls nothing a tie, and
// every win is significant after the correction.
func TestStandardRunWinners(t *testing.T) {
	path := testfiles.Gunzip(t, standardRun)
	opts := build.Options{Alpha: 0.05, Threshold: 0.05}
	in, err := build.Load([]string{path}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep := buildSummarized(in, opts)
	m := rep.Machines[0]
	counts := map[report.WinStatus]int{}
	for _, w := range m.Winners {
		counts[w.Status]++
		if w.Status == report.Win && (w.Ratio < 1.05 || w.PAdj > 0.05 || w.PBeyond > 0.05) {
			t.Errorf("%s %v: a win at %.3f× (p adj %.4f, beyond the threshold p %.4f)", w.Family, w.Workload, w.Ratio, w.PAdj, w.PBeyond)
		}
		if w.Status == report.NoTest {
			t.Errorf("%s %v: no test with %d samples", w.Family, w.Workload, w.N)
		}
	}
	t.Logf("%d winners: %d wins, %d significant below the threshold, %d not significant", len(m.Winners), counts[report.Win], counts[report.BelowThreshold], counts[report.NotSignificant])
	if counts[report.Win] == 0 || counts[report.BelowThreshold] == 0 {
		t.Errorf("want wins and significant gaps below the threshold in the standard run: %v", counts)
	}
	for _, line := range m.Summary {
		if strings.Contains(line, "tie") {
			t.Errorf("summary says tie: %s", line)
		}
		for _, sm := range claimRatio.FindAllStringSubmatch(line, -1) {
			for _, g := range sm[1:] {
				if g == "" {
					continue
				}
				if r, _ := strconv.ParseFloat(g, 64); r < 1.05 {
					t.Errorf("summary claims a %s× gap, below the 5%% threshold: %s", g, line)
				}
			}
		}
	}
	// One finding, one line: "a stops beating b at d=v" and "b starts
	// beating a at d=v" in one context are the same crossover.
	seen := map[string]string{}
	for _, line := range m.Summary {
		sm := crossover.FindStringSubmatch(line)
		if sm == nil {
			continue
		}
		ctx, a, b, at := sm[1], sm[2], sm[4], sm[5]
		if prev, ok := seen[ctx+"|"+b+"|"+a+"|"+at]; ok {
			t.Errorf("one crossover told twice:\n%s\n%s", prev, line)
		}
		seen[ctx+"|"+a+"|"+b+"|"+at] = line
	}
	if len(seen) == 0 {
		t.Error("no crossover in the summary to check")
	}
	var b bytes.Buffer
	if err := Render(&b, rep, Options{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "tie") {
		t.Errorf("report says tie")
	}
}

// crossover matches a summary line "Ctx (…): a starts beating b at d=v".
var crossover = regexp.MustCompile(`^(.*\)): (\S+) (starts|stops) beating (\S+) at (\S+)`)

// TestOneSampleNoTest: with one sample a side nothing can be tested, so
// even a 1.88× gap is "1 sample each: no test", never a tie or a win.
func TestOneSampleNoTest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "quick.txt")
	if err := os.WriteFile(path, []byte("BenchmarkQ/impl=a 10 100 ns/op\nBenchmarkQ/impl=b 10 188 ns/op\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	opts := build.Options{Threshold: 0.05}
	in, err := build.Load([]string{path}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep := buildSummarized(in, opts)
	w := rep.Machines[0].Winners[0]
	if w.Status != report.NoTest || w.Significant {
		t.Fatalf("status %v", w.Status)
	}
	if v := verdict(w); !strings.HasPrefix(v, "1 sample each: no test (a 1.88× faster than b as measured") {
		t.Errorf("verdict %q", v)
	}
	var b bytes.Buffer
	if err := Render(&b, rep, Options{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "tie") || !strings.Contains(s, "1 sample each: no test (a 1.88× faster than b as measured)") {
		t.Errorf("report:\n%s", s)
	}
}
