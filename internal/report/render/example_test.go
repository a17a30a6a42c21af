package render_test

import (
	"log"
	"os"

	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/report/render"
)

// Loading results files, building their report (the statistics and the
// findings), summarizing it and rendering it as text, as syncbench report
// does.
func Example() {
	opts := build.Options{Reference: "mutex"}
	in, err := build.Load([]string{"testdata/example.txt"}, opts)
	if err != nil {
		log.Fatal(err)
	}
	rep := build.Report(in, opts)
	render.Summarize(rep)
	if err := render.Render(os.Stdout, rep, render.Options{Format: "text"}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// syncbench report
	// ================
	//
	// From testdata/example.txt. Cells are medians with their 95% confidence interval (as benchstat computes them); a winner is significant by the Mann–Whitney U test at a false discovery rate of 0.05, controlled over families and then workloads as syncbench compare does, and wins only by at least 0%.
	//
	// Summary
	// -------
	//
	//   • Counter (goroutines=4, GOMAXPROCS=2): atomic 4.14× faster than mutex (p=0.002, adjusted 0.002)
	//   • Noise: 0 of 2 time cells have a 95% interval wider than ±10% (median ±2%)
	//   • Sampling: the samples in testdata/example.txt were taken back to back in one process (go test -count N, or syncbench run before its rounds of fresh processes), so their intervals show within-process noise only and understate run-to-run variation: a difference another run would not repeat can look significant
	//
	// Winners
	// -------
	//
	// For each workload (every dimension but impl, and GOMAXPROCS): the fastest implementation, and whether it beats the runner-up: a win (significant after the correction, and beyond the threshold: the best one's samples moved by the threshold still beat the runner-up's), not beyond the threshold, not significant, or too few samples to test.
	//
	// Counter — winners by time per operation
	// goroutines  GOMAXPROCS  best           runner-up     ratio  p      p adj  verdict
	// ──────────  ──────────  ─────────────  ────────────  ─────  ─────  ─────  ───────
	// 4           2           atomic 12.2ns  mutex 50.8ns  4.14×  0.002  0.002  win
	//
	// Scaling
	// -------
	//
	// The Universal Scalability Law needs at least 4 GOMAXPROCS values within the machine's CPUs; this machine has 2 CPUs and the results have 1 such values, so it is not fit here.
	//
	// Machine
	// -------
	//
	//   • goos: linux
	//   • goarch: amd64
	//   • pkg: example/counter
	//   • cpu: Example CPU
	//   • ncpu: 2
	//
	// Results
	// -------
	//
	// Counter
	//
	// Counter — time per operation (median ± 95% CI)
	// goroutines  GOMAXPROCS  mutex        atomic
	// ──────────  ──────────  ───────────  ───────────
	// 4           2           50.8ns ± 1%  12.2ns ± 2%
}
