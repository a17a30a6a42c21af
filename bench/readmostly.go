package bench

// value is the shared value of the read-mostly family: four words that a
// torn or half-written read would leave inconsistent.
type value struct {
	Seq, A, B, C uint64
}

// makeValue returns the consistent value for seq.
func makeValue(seq uint64) value {
	return value{Seq: seq, A: seq * 0x9e3779b97f4a7c15, B: seq ^ 0xdeadbeefcafebabe, C: ^seq}
}

// Valid reports whether v is a value makeValue could have returned, that is
// one that was really written.
func (v value) Valid() bool { return v == makeValue(v.Seq) }

// fold folds the words of v into one, so that a reader keeps every word it
// read alive.
func (v value) fold() uint64 { return v.Seq ^ v.A ^ v.B ^ v.C }

// mix is one goroutine's stream of accesses: each is a read with
// probability reads/100, drawn from rng (advanced by one spin step per
// access), and otherwise a write of makeValue(seq+1), seq counting up.
type mix struct {
	reads, rng, seq uint64
}

// store holds one value that many goroutines read and a few write. Like
// the counters, each implementation runs its own loop of accesses, with no
// interface call per access.
type store interface {
	// run does n accesses of the stream m for one goroutine. Lock-based
	// implementations time their wait for the lock, with p, on the accesses
	// p samples (p nil: none). It returns the values read, folded.
	run(n int, m *mix, p *probe) uint64
	// Read returns the current value.
	Read() value
	// Write replaces the value.
	Write(v value)
}

// storeImpl names a store implementation and builds one holding
// makeValue(0).
type storeImpl struct {
	name string
	new  func() store
}

// stores is the registry of read-mostly implementations. Adding one is one
// file with one type and one line here.
var stores = []storeImpl{
	{name: "mutex", new: newMutexStore},
	{name: "rwmutex", new: newRWMutexStore},
	{name: "atomic-pointer", new: newAtomicPointerStore},
}
