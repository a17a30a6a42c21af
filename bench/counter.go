package bench

// Counter is a shared counter incremented by many goroutines: the first
// family of the suite. Each implementation is one small type in its own
// file, listed once in Counters.
type Counter interface {
	// Inc adds one to the counter on behalf of goroutine id (0 ≤ id < the
	// goroutine count given to the constructor), doing work iterations of
	// Spin inside the critical section (or, for lock-free implementations,
	// just before the update). It returns the Spin result so the caller can
	// keep it alive. On a sampled operation p is non-nil and lock-based
	// implementations time their wait for the lock with it.
	Inc(id, work int, p *Probe) uint64
	// Load returns the count; exact once every Inc has returned.
	Load() int64
	// Close releases what the counter holds (the channel counter's owner
	// goroutine). The counter is not used after Close.
	Close()
}

// CounterImpl names a Counter implementation and builds one for a number of
// goroutines.
type CounterImpl struct {
	Name string
	New  func(goroutines int) Counter
	// Exact is false for implementations that lose increments by design
	// (unsync); their loss is reported as lost/op instead.
	Exact bool
}

// Counters is the registry of counter implementations, in the order the
// report lists them. Adding an implementation is one file with one type and
// one line here.
var Counters = []CounterImpl{
	{Name: "mutex", New: newMutexCounter, Exact: true},
	{Name: "rwmutex", New: newRWMutexCounter, Exact: true},
	{Name: "atomic-add", New: newAtomicAddCounter, Exact: true},
	{Name: "atomic-cas", New: newAtomicCASCounter, Exact: true},
	{Name: "channel", New: newChannelCounter, Exact: true},
	{Name: "sharded", New: newShardedCounter, Exact: true},
}
