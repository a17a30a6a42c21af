// Package tiny is the module of the example in `syncbench gate -h`: its
// Work allocates once per call when built with the tag slow.
package tiny

// Work does n steps of a dependent computation.
func Work(n int) uint64 {
	x := uint64(n)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x + alloc()
}
