//go:build syncbench_slowdown

package bench

import "testing"

// activeSlowdown is read from SYNCBENCH_SLOWDOWN when the package is built
// with -tags syncbench_slowdown.
var activeSlowdown = mustSlowdown()

// slowdown applies the calibrated slowdown chosen by SYNCBENCH_SLOWDOWN.
func slowdown(b *testing.B) { activeSlowdown.apply(b) }
