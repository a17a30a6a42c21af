//go:build !syncbench_slowdown

package bench

import "testing"

// slowdown returns w unchanged: without the syncbench_slowdown build tag
// nothing is slowed down.
func slowdown(_ *testing.B, w func(n int)) func(n int) { return w }
