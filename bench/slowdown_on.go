//go:build syncbench_slowdown

package bench

import (
	"os"
	"testing"
	"time"
)

// activeSlowdown is read from SYNCBENCH_SLOWDOWN by loadSlowdown when the
// package is built with -tags syncbench_slowdown.
var activeSlowdown slowdownSpec

// loadSlowdown reads the slowdown chosen by SYNCBENCH_SLOWDOWN.
func loadSlowdown() (err error) {
	activeSlowdown, err = parseSlowdown(os.Getenv("SYNCBENCH_SLOWDOWN"))
	return err
}

// slowStart returns the process's CPU time at the start of a timed region
// when SYNCBENCH_SLOWDOWN stretches one (0 otherwise).
func slowStart() time.Duration {
	if activeSlowdown.percent == 0 {
		return 0
	}
	return processCPU()
}

// slowdown applies the slowdown chosen by SYNCBENCH_SLOWDOWN to a timed
// region that started at process CPU time cpu0.
func slowdown(b *testing.B, cpu0 time.Duration) { activeSlowdown.apply(b, b.Name(), cpu0) }

// slowHeld returns the spin iterations SYNCBENCH_SLOWDOWN adds inside the
// critical section of counter implementation impl.
func slowHeld(impl string) int { return activeSlowdown.heldFor(impl) }

// slowSend returns the work SYNCBENCH_SLOWDOWN adds before each send of
// link implementation impl, as a function of the value sent (nil for none).
func slowSend(impl string) func(uint64) uint64 {
	if impl != activeSlowdown.impl || activeSlowdown.handoff == 0 {
		return nil
	}
	k := activeSlowdown.handoff
	return func(v uint64) uint64 { return spin(k, v) }
}
