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

// Store holds one Value that many goroutines read and a few write.
type Store interface {
	// Read returns the current value. On a sampled operation p is non-nil
	// and lock-based implementations time their wait for the lock.
	Read(p *Probe) Value
	// Write replaces the value, timed like Read.
	Write(v Value, p *Probe)
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
