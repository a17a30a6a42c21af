//go:build syncbench_slowdown

package bench

import (
	"os"
	"testing"
)

// activeSlowdown is read from SYNCBENCH_SLOWDOWN by loadSlowdown when the
// package is built with -tags syncbench_slowdown.
var activeSlowdown slowdownSpec

// loadSlowdown reads the slowdown chosen by SYNCBENCH_SLOWDOWN.
func loadSlowdown() (err error) {
	activeSlowdown, err = parseSlowdown(os.Getenv("SYNCBENCH_SLOWDOWN"))
	return err
}

// slowdown applies the calibrated slowdown chosen by SYNCBENCH_SLOWDOWN.
func slowdown(b *testing.B) { activeSlowdown.apply(b) }

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
