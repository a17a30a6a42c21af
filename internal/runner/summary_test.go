package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummarize checks the run's account and that it ends with the
// report of the file, medians and intervals by GOMAXPROCS.
func TestSummarize(t *testing.T) {
	var file strings.Builder
	file.WriteString("goos: linux\nUnit fairness better=higher\n")
	for i := 0; i < 6; i++ {
		file.WriteString("BenchmarkA/k=1 \t 100 \t 10 ns/op \t 1.0 fairness\n")
		file.WriteString("BenchmarkA/k=1-2 \t 100 \t 20 ns/op \t 0.5 fairness\n")
	}
	file.WriteString("BenchmarkB-2 \t 100 \t 2000 ns/op\n")
	path := filepath.Join(t.TempDir(), "r.txt")
	if err := os.WriteFile(path, []byte(file.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep := &Report{File: path, Results: 13, Benchmarks: 2}
	o := Options{Profile: "quick", Count: 6, Benchtime: "1x", CPU: []int{1, 2}}
	if err := Summarize(&out, rep, o); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"syncbench run: 13 results of 2 benchmarks in 0s (profile quick: -count 6 -benchtime 1x -cpu 1,2)\n",
		"results: " + path + "\n",
		"A — time per operation (median ± 95% CI)\n",
		"k  GOMAXPROCS=1  GOMAXPROCS=2\n",
		"1     10ns ± 0%     20ns ± 0%\n",
		"A — fairness (median ± 95% CI)\n",
		"1        1 ± 0%      0.5 ± 0%\n",
		"2           2µs ± ∞ ¹\n",
		"¹ need >= 6 samples for confidence interval",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}
