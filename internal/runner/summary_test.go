package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

func TestSplitProcs(t *testing.T) {
	for in, want := range map[string]struct {
		name  string
		procs int
	}{
		"Counter/impl=mutex-8": {"Counter/impl=mutex", 8},
		"Counter/impl=mutex":   {"Counter/impl=mutex", 1},
		"Spawn-2":              {"Spawn", 2},
	} {
		name, procs := splitProcs(benchfmt.Name(in))
		if name != want.name || procs != want.procs {
			t.Errorf("splitProcs(%q) = %q, %d; want %q, %d", in, name, procs, want.name, want.procs)
		}
	}
}

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
		"sec/op      procs=1      procs=2\n",
		"A/k=1   10.00n ± 0%  20.00n ± 0%\n",
		"B                    2.000µ ±  ∞\n",
		"fairness     procs=1      procs=2\n",
		"A/k=1     1.000 ± 0%  500.0m ± 0%\n",
		"± ∞: fewer than 6 samples",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}
