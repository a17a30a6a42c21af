package render

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/syncbench/syncbench/internal/report/build"
)

// writeSpeedFile writes n result lines in the shape of scripts/report-speed.sh:
// 10,000 benchmarks, n/10,000 samples each, two metrics per line.
func writeSpeedFile(tb testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "goos: linux\ngoarch: amd64\npkg: example/speed\ncpu: Generated CPU\nncpu: 8\nUnit fairness better=higher\n")
	impls := []string{"mutex", "rwmutex", "atomic", "sharded", "channel"}
	rng := rand.New(rand.NewPCG(1, 1))
	written := 0
	for written < n {
		for i, impl := range impls {
			for g := range 10 {
				for work := range 50 {
					for _, p := range []int{1, 2, 4, 8} {
						if written == n {
							break
						}
						suffix := ""
						if p > 1 {
							suffix = fmt.Sprintf("-%d", p)
						}
						ns := float64(10+i*3+g*2+work) * (1 + 0.05*rng.Float64())
						fmt.Fprintf(w, "BenchmarkCounter/impl=%s/goroutines=%d/work=%d%s\t1000000\t%.2f ns/op\t%.4f fairness\n",
							impl, 1<<g, work*10, suffix, ns, 0.9+0.1*rng.Float64())
						written++
					}
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// TestLargeReport builds a report of 10,000 benchmarks, hundreds of them
// with USL fits, and checks the summary still fits on one screen.
func TestLargeReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.txt")
	writeSpeedFile(t, path, 20_000)
	in, err := build.Load([]string{path}, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := buildSummarized(in, build.Options{})
	if n := len(rep.Machines[0].Summary); n > maxSummaryLines+1 {
		t.Errorf("summary has %d lines, want at most %d", n, maxSummaryLines+1)
	}
	if err := Render(io.Discard, rep, Options{Format: "text"}); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkReport measures the whole text report (read, summarize,
// analyze, render; no plots) in process, per result line.
func BenchmarkReport(b *testing.B) {
	const lines = 100_000
	path := filepath.Join(b.TempDir(), "results.txt")
	writeSpeedFile(b, path, lines)
	b.ReportAllocs()
	for b.Loop() {
		in, err := build.Load([]string{path}, build.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := Render(io.Discard, buildSummarized(in, build.Options{}), Options{Format: "text"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/lines, "ns/line")
}

var (
	toolsOnce sync.Once
	toolsDir  string
	toolsErr  error
)

// buildTools builds the syncbench command and benchstat once per test binary.
func buildTools(tb testing.TB) string {
	toolsOnce.Do(func() {
		toolsDir, toolsErr = os.MkdirTemp("", "report-speed")
		if toolsErr != nil {
			return
		}
		for _, args := range [][]string{
			{"build", "-o", filepath.Join(toolsDir, "syncbench"), "../../../cmd/syncbench"},
			{"build", "-o", filepath.Join(toolsDir, "benchstat"), "golang.org/x/perf/cmd/benchstat"},
		} {
			if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
				toolsErr = fmt.Errorf("go %v: %v\n%s", args, err, out)
				return
			}
		}
	})
	if toolsErr != nil {
		tb.Skip(toolsErr)
	}
	return toolsDir
}

// BenchmarkReportVsBenchstat runs the built `syncbench report -format
// text` and benchstat on the same generated file of a million result lines
// (as scripts/report-speed.sh does), one process per iteration. Compare the
// two sub-benchmarks' ns/op; run with -benchtime 3x or so.
func BenchmarkReportVsBenchstat(b *testing.B) {
	dir := buildTools(b)
	path := filepath.Join(b.TempDir(), "results.txt")
	writeSpeedFile(b, path, 1_000_000)
	for _, tool := range []struct {
		name string
		args []string
	}{
		{"tool=syncbench-report", []string{filepath.Join(dir, "syncbench"), "report", "-format", "text", path}},
		{"tool=benchstat", []string{filepath.Join(dir, "benchstat"), path}},
	} {
		b.Run(tool.name, func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(tool.args[0], tool.args[1:]...)
				cmd.Stdout = io.Discard
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
