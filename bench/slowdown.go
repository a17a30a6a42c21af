package bench

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// slowdownSpec is the injected slowdown that the syncbench_slowdown build
// tag enables, for measuring how well the regression gate detects a known
// regression. Of three kinds: a stretch of the whole timed region of every
// gang-based benchmark (sweep's among them) of one implementation by a
// given percentage, in every configuration or only in those of more than
// one goroutine; extra work inside the critical section of one counter
// implementation (so that contention grows as in a real regression of a
// lock); extra work before each send of one channel implementation (a
// slower hand-off).
type slowdownSpec struct {
	impl    string
	percent float64
	// held and handoff are spin iterations added inside the critical
	// section of the counter impl, or before each send of the link impl.
	held, handoff int
	// contended limits the stretch to configurations of more than one
	// goroutine.
	contended bool
}

// parseSlowdown reads SYNCBENCH_SLOWDOWN: "<impl>:<percent>" such as
// "atomic-add:10" (the stretch), "contended:<impl>:<percent>" (the stretch
// where goroutines=N has N > 1), "held:<impl>:<spins>" such as
// "held:mutex:8", or "handoff:<impl>:<spins>" such as "handoff:chan:20".
// An empty value means no slowdown.
func parseSlowdown(s string) (slowdownSpec, error) {
	if s == "" {
		return slowdownSpec{}, nil
	}
	if kind, rest, ok := strings.Cut(s, ":"); ok && (kind == "held" || kind == "handoff") {
		impl, n, ok := strings.Cut(rest, ":")
		k, err := strconv.Atoi(n)
		if !ok || impl == "" || err != nil || k < 0 {
			return slowdownSpec{}, fmt.Errorf("SYNCBENCH_SLOWDOWN=%q: want %s:<impl>:<spin iterations>, such as %s:mutex:8", s, kind, kind)
		}
		if kind == "held" {
			return slowdownSpec{impl: impl, held: k}, nil
		}
		return slowdownSpec{impl: impl, handoff: k}, nil
	}
	rest, contended := strings.CutPrefix(s, "contended:")
	impl, pct, ok := strings.Cut(rest, ":")
	p, err := strconv.ParseFloat(pct, 64)
	if !ok || impl == "" || err != nil || p < 0 {
		return slowdownSpec{}, fmt.Errorf("SYNCBENCH_SLOWDOWN=%q: want [contended:]<impl>:<percent>, such as atomic-add:10", s)
	}
	return slowdownSpec{impl: impl, percent: p, contended: contended}, nil
}

// apply busy-waits, with the timer running, if benchmark name (b's)
// measures the chosen implementation: until the process's CPU time since
// cpu0 (the start of the timed region) has grown by the chosen percentage,
// or, without a CPU clock (cpu0 = 0), until b's elapsed time has. Applied
// once at the end of the timed region, it lengthens the region's CPU time
// by that fraction whatever the operation, the goroutine count, GOMAXPROCS
// or the machine's load (a wall-time stretch adds less CPU time when other
// processes take the CPU).
func (s slowdownSpec) apply(b *testing.B, name string, cpu0 time.Duration) {
	if s.impl == "" || s.percent == 0 || !strings.Contains(name+"/", "impl="+s.impl+"/") {
		return
	}
	if s.contended && goroutinesOf(name) <= 1 {
		return
	}
	if now := processCPU(); cpu0 > 0 && now > cpu0 {
		target := now + time.Duration(float64(now-cpu0)*s.percent/100)
		for processCPU() < target {
		}
		return
	}
	target := time.Duration(float64(b.Elapsed()) * (1 + s.percent/100))
	for b.Elapsed() < target {
	}
}

// heldFor returns the spin iterations to add inside the critical section
// of the counter implementation impl.
func (s slowdownSpec) heldFor(impl string) int {
	if impl == s.impl {
		return s.held
	}
	return 0
}

// goroutinesOf returns N of a benchmark name's goroutines=N key, 0 without
// one.
func goroutinesOf(name string) int {
	for _, part := range strings.Split(name, "/") {
		if v, ok := strings.CutPrefix(part, "goroutines="); ok {
			n, _ := strconv.Atoi(strings.SplitN(v, "-", 2)[0])
			return n
		}
	}
	return 0
}
