package bench

// spin does work iterations of a cheap dependent computation (one xorshift
// step each, about a nanosecond on current hardware) seeded by seed, and
// returns the result, which callers must keep alive. It is the "work" done
// inside a critical section or per task: the length of a critical section
// decides how contended a lock is. spin(0, s) returns s|1 and costs nothing.
func spin(work int, seed uint64) uint64 {
	x := seed | 1
	for i := 0; i < work; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}
