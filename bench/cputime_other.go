//go:build !unix

package bench

import "time"

// processCPU returns 0: no CPU clock here, so a slowdown stretches wall
// time.
func processCPU() time.Duration { return 0 }
