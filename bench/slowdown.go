package bench

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// slowdownSpec is the calibrated slowdown that the syncbench_slowdown build
// tag enables, for measuring how well the regression gate detects a known
// regression: every gang-based benchmark (sweep's among them) of one
// implementation takes a given percentage longer.
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

// apply busy-waits, with the timer running, until b's elapsed time has
// grown by the chosen percentage, if b measures the chosen implementation.
// Applied once at the end of the timed region, it lengthens the measured
// time by exactly that fraction whatever the operation, the goroutine count
// or GOMAXPROCS.
func (s slowdownSpec) apply(b *testing.B) {
	if s.impl == "" || s.percent == 0 || !strings.Contains(b.Name()+"/", "impl="+s.impl+"/") {
		return
	}
	target := time.Duration(float64(b.Elapsed()) * (1 + s.percent/100))
	for b.Elapsed() < target {
	}
}
