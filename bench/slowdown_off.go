//go:build !syncbench_slowdown

package bench

import "testing"

// slowdown does nothing: without the syncbench_slowdown build tag nothing
// is slowed down.
func slowdown(*testing.B) {}
