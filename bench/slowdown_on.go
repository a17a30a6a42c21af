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
