//go:build !syncbench_slowdown

package bench

import (
	"testing"
	"time"
)

// loadSlowdown does nothing: without the syncbench_slowdown build tag
// nothing is slowed down.
func loadSlowdown() error { return nil }

// slowStart returns 0: without the syncbench_slowdown build tag nothing is
// slowed down.
func slowStart() time.Duration { return 0 }

// slowdown does nothing: without the syncbench_slowdown build tag nothing
// is slowed down.
func slowdown(*testing.B, time.Duration) {}

// slowHeld adds nothing to a critical section without the
// syncbench_slowdown build tag.
func slowHeld(string) int { return 0 }

// slowSend adds nothing to a send without the syncbench_slowdown build tag.
func slowSend(string) func(uint64) uint64 { return nil }
