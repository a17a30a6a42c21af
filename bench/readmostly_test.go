package bench

import (
	"sync"
	"testing"
)

// BenchmarkReadMostly measures one access to a shared value that is read
// far more often than written, at 50 to 100 percent reads: the scenario
// RWMutex is meant for, and where its shared reader count often keeps it
// from scaling with cores. Lock implementations report their p50 and p99
// wait to acquire, reads and writes together.
func BenchmarkReadMostly(b *testing.B) {
	for _, impl := range Stores {
		for _, reads := range readsFlag.Values() {
			for _, g := range goroutinesFlag.Values() {
				b.Run(Name("impl", impl.Name, "reads", reads, "goroutines", g), func(b *testing.B) {
					benchReadMostly(b, impl, uint64(reads), g)
				})
			}
		}
	}
}

// benchReadMostly runs b.N accesses over g goroutines, each a read with
// probability reads/100 and otherwise a write of a new value.
func benchReadMostly(b *testing.B, impl StoreImpl, reads uint64, g int) {
	s := impl.New()
	probes := NewProbes(b.N, g)
	sinks := make([]paddedInt64, g)
	Sweep(b, g, func(id int) func(int) {
		p := &probes[id]
		rng := uint64(id+1) * 0x9e3779b97f4a7c15
		seq := uint64(id) << 40
		return func(n int) {
			var x uint64
			for range n {
				rng = Spin(1, rng)
				if rng%100 < reads {
					x ^= s.Read(p.Next()).A
				} else {
					seq++
					s.Write(MakeValue(seq), p.Next())
				}
			}
			sinks[id].v ^= int64(x)
		}
	})
	if v := s.Read(nil); !v.Valid() {
		b.Fatalf("%s holds a value that was never written: %+v", impl.Name, v)
	}
	ReportLatency(b, probes)
}

// TestStoresNeverTear has writers and readers race on every store and
// checks that every value read is one that was written.
func TestStoresNeverTear(t *testing.T) {
	const writers, readers, k = 2, 6, 3000
	for _, impl := range Stores {
		t.Run(Name("impl", impl.Name), func(t *testing.T) {
			s := impl.New()
			var wg sync.WaitGroup
			var bad sync.Map
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var p Probe
					for i := range k {
						s.Write(MakeValue(uint64(w)<<32|uint64(i+1)), p.Next())
					}
				}()
			}
			for range readers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var p Probe
					for range k {
						if v := s.Read(p.Next()); !v.Valid() {
							bad.Store(v, true)
						}
					}
				}()
			}
			wg.Wait()
			bad.Range(func(k, _ any) bool {
				t.Errorf("read a value that was never written: %+v", k)
				return true
			})
			if v := s.Read(nil); !v.Valid() || v.Seq&0xffffffff != k {
				t.Errorf("final value %+v, want the last write of a writer (seq low bits %d)", v, k)
			}
		})
	}
}
