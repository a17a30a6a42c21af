//go:build !syncbench_slowdown

package bench

import "testing"

// loadSlowdown does nothing: without the syncbench_slowdown build tag
// nothing is slowed down.
func loadSlowdown() error { return nil }

// slowdown does nothing: without the syncbench_slowdown build tag nothing
// is slowed down.
func slowdown(*testing.B) {}
