package bench

// Value is the shared value of the read-mostly family: four words that a
// torn or half-written read would leave inconsistent.
type Value struct {
	Seq, A, B, C uint64
}

// MakeValue returns the consistent Value for seq.
func MakeValue(seq uint64) Value {
	return Value{Seq: seq, A: seq * 0x9e3779b97f4a7c15, B: seq ^ 0xdeadbeefcafebabe, C: ^seq}
}

// Valid reports whether v is a value MakeValue could have returned, that is
// one that was really written.
func (v Value) Valid() bool { return v == MakeValue(v.Seq) }

// fold folds the words of v into one, so that a reader keeps every word it
// read alive.
func (v Value) fold() uint64 { return v.Seq ^ v.A ^ v.B ^ v.C }

// mix is one goroutine's stream of accesses: each is a read with
// probability reads/100, drawn from rng (advanced by one Spin step per
// access), and otherwise a write of MakeValue(seq+1), seq counting up.
type mix struct {
	reads, rng, seq uint64
}

// Store holds one Value that many goroutines read and a few write. Like
// the counters, each implementation runs its own loop of accesses, with no
// interface call per access.
type Store interface {
	// run does n accesses of the stream m for one goroutine. Lock-based
	// implementations time their wait for the lock, with p, on the accesses
	// p samples (p nil: none). It returns the values read, folded.
	run(n int, m *mix, p *probe) uint64
	// Read returns the current value.
	Read() Value
	// Write replaces the value.
	Write(v Value)
}

// StoreImpl names a Store implementation and builds one holding
// MakeValue(0).
type StoreImpl struct {
	Name string
	New  func() Store
}

// Stores is the registry of read-mostly implementations. Adding one is one
// file with one type and one line here.
var Stores = []StoreImpl{
	{Name: "mutex", New: newMutexStore},
	{Name: "rwmutex", New: newRWMutexStore},
	{Name: "atomic-pointer", New: newAtomicPointerStore},
}
