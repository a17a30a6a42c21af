//go:build !syncbench_slowdown

package bench

import "testing"

// loadSlowdown does nothing: without the syncbench_slowdown build tag
// nothing is slowed down.
func loadSlowdown() error { return nil }

// slowdown does nothing: without the syncbench_slowdown build tag nothing
// is slowed down.
func slowdown(*testing.B) {}

// slowHeld adds nothing to a critical section without the
// syncbench_slowdown build tag.
func slowHeld(string) int { return 0 }

// slowSend adds nothing to a send without the syncbench_slowdown build tag.
func slowSend(string) func(uint64) uint64 { return nil }
