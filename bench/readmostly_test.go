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
	for _, impl := range stores {
		for _, reads := range readsFlag.Values() {
			for _, g := range goroutinesFlag.Values() {
				b.Run(benchName("impl", impl.name, "reads", reads, "goroutines", g), func(b *testing.B) {
					benchReadMostly(b, impl, uint64(reads), g)
				})
			}
		}
	}
}

// benchReadMostly runs b.N accesses over g goroutines, each a read with
// probability reads/100 and otherwise a write of a new value.
func benchReadMostly(b *testing.B, impl storeImpl, reads uint64, g int) {
	s := impl.new()
	probes := newProbes(b.N, g)
	sinks := make([]paddedInt64, g)
	sweep(b, g, func(id int) func(int) {
		p := &probes[id]
		m := &mix{reads: reads, rng: uint64(id+1) * 0x9e3779b97f4a7c15, seq: uint64(id) << 40}
		return func(n int) {
			sinks[id].v ^= int64(s.run(n, m, p))
		}
	})
	if v := s.Read(); !v.Valid() {
		b.Fatalf("%s holds a value that was never written: %+v", impl.name, v)
	}
	reportLatency(b, probes)
}

// TestStoresNeverTear has writers (each store's own loop, sampled and
// unsampled) and readers race on every store and checks that every value
// read is one that was written, and that the last value is a writer's last.
func TestStoresNeverTear(t *testing.T) {
	const writers, readers, k = 2, 6, 3000
	for _, impl := range stores {
		t.Run(benchName("impl", impl.name), func(t *testing.T) {
			s := impl.new()
			var wg sync.WaitGroup
			var bad sync.Map
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					p := &probe{every: 3}
					s.run(k, &mix{reads: 0, rng: 1, seq: uint64(w) << 32}, p)
				}()
			}
			for r := range readers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if r%2 == 0 {
						// the store's own read loop, every access sampled
						s.run(k, &mix{reads: 100, rng: 1}, &probe{})
						return
					}
					for range k {
						if v := s.Read(); !v.Valid() {
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
			if v := s.Read(); !v.Valid() || v.Seq&0xffffffff != k {
				t.Errorf("final value %+v, want the last write of a writer (seq low bits %d)", v, k)
			}
		})
	}
}

// TestStoreRunReads checks that each store's loop reads the value it holds:
// an odd number of reads of one value folds to that value's fold, and a
// loop with reads=0 writes without reading.
func TestStoreRunReads(t *testing.T) {
	for _, impl := range stores {
		for _, p := range []*probe{nil, {}, {every: 4}} {
			s := impl.new()
			s.Write(makeValue(7))
			if got, want := s.run(101, &mix{reads: 100, rng: 1}, p), makeValue(7).fold(); got != want {
				t.Errorf("%s: 101 reads folded to %#x, want %#x", impl.name, got, want)
			}
			m := &mix{reads: 0, rng: 1, seq: 40}
			if got := s.run(5, m, p); got != 0 || m.seq != 45 || s.Read() != makeValue(45) {
				t.Errorf("%s: 5 writes from seq 40 returned %#x, left seq %d and value %+v", impl.name, got, m.seq, s.Read())
			}
		}
	}
}
