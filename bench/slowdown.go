package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// slowdownSpec is the calibrated slowdown that the syncbench_slowdown build
// tag enables, for measuring how well the regression gate detects a known
// regression: every Sweep-based benchmark of one implementation takes a
// given percentage longer.
type slowdownSpec struct {
	impl    string
	percent float64
}

// parseSlowdown reads SYNCBENCH_SLOWDOWN, "<impl>:<percent>" such as
// "atomic-add:10". An empty value means no slowdown.
func parseSlowdown(s string) (slowdownSpec, error) {
	if s == "" {
		return slowdownSpec{}, nil
	}
	impl, pct, ok := strings.Cut(s, ":")
	p, err := strconv.ParseFloat(pct, 64)
	if !ok || impl == "" || err != nil || p < 0 {
		return slowdownSpec{}, fmt.Errorf("SYNCBENCH_SLOWDOWN=%q: want <impl>:<percent>, such as atomic-add:10", s)
	}
	return slowdownSpec{impl: impl, percent: p}, nil
}

// wrap returns w, slowed down if b measures the chosen implementation: each
// grain's elapsed time is measured and the goroutine then busy-waits for the
// chosen fraction of it, so the benchmark's time per operation grows by that
// percentage whatever the operation costs.
func (s slowdownSpec) wrap(b *testing.B, w func(n int)) func(n int) {
	if s.impl == "" || s.percent == 0 || !strings.Contains(b.Name()+"/", "impl="+s.impl+"/") {
		return w
	}
	frac := s.percent / 100
	return func(n int) {
		t0 := time.Now()
		w(n)
		end := time.Now()
		deadline := end.Add(time.Duration(float64(end.Sub(t0)) * frac))
		for time.Now().Before(deadline) {
		}
	}
}

// mustSlowdown parses the environment, or stops the run with one line.
func mustSlowdown() slowdownSpec {
	s, err := parseSlowdown(os.Getenv("SYNCBENCH_SLOWDOWN"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(2)
	}
	return s
}
