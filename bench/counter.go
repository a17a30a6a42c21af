package bench

// counter is a shared counter incremented by many goroutines: the first
// family of the suite. Each implementation is one small type in its own
// file, listed once in counters, and runs its own loop of increments, so
// that the measured path holds the primitive and nothing a hand-written
// benchmark would not have: no interface or closure call per increment.
type counter interface {
	// run does n increments on behalf of goroutine id (0 ≤ id < the
	// goroutine count given to the constructor), each with the work w.
	// Implementations that wait for a lock time that wait, with p, on the
	// operations p samples; p is nil when nothing is sampled. It returns the
	// spin results folded together, so the caller can keep them alive.
	run(id, n int, w work, p *probe) uint64
	// load returns the count; exact once every run has returned.
	load() int64
	// close releases what the counter holds (the channel counter's owner
	// goroutine). The counter is not used after close.
	close()
}

// work is the work each increment does, in spin iterations. local is done
// outside any lock, by every implementation, in parallel when goroutines
// run in parallel: the program's own work between two increments. held is
// done inside the critical section (for atomic-cas, between the load and
// the compare-and-swap, so a failed swap redoes it), by the implementations
// that have one: it sets how long the lock is held.
type work struct{ local, held int }

// counterImpl names a counter implementation and builds one for a number of
// goroutines.
type counterImpl struct {
	name string
	new  func(goroutines int) counter
	// exact is false for implementations that lose increments by design
	// (unsync); their loss is reported as lost/op instead.
	exact bool
	// critical is true for implementations with a critical section, which
	// do held work; the others run only with held=0.
	critical bool
	// waits is true for implementations that acquire a lock, whose wait
	// they time on sampled operations.
	waits bool
}

// counters is the registry of counter implementations, in the order the
// report lists them. Adding an implementation is one file with one type and
// one line here.
var counters = []counterImpl{
	{name: "mutex", new: newMutexCounter, exact: true, critical: true, waits: true},
	{name: "rwmutex", new: newRWMutexCounter, exact: true, critical: true, waits: true},
	{name: "atomic-add", new: newAtomicAddCounter, exact: true},
	{name: "atomic-cas", new: newAtomicCASCounter, exact: true, critical: true},
	{name: "channel", new: newChannelCounter, exact: true, critical: true},
	{name: "sharded", new: newShardedCounter, exact: true},
}
