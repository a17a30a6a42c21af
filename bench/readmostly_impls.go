package bench

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/cpu"
)

// mutexStore guards the value with a sync.Mutex for reads and writes alike.
type mutexStore struct {
	_  cpu.CacheLinePad
	mu sync.Mutex
	v  value
	_  cpu.CacheLinePad
}

func newMutexStore() store { return &mutexStore{v: makeValue(0)} }

// run's sampled access repeats the plain one with a clock read before the
// lock and one just after it; the sample is stored after the unlock.
func (s *mutexStore) run(n int, m *mix, p *probe) uint64 {
	var x uint64
	rng, seq := m.rng, m.seq
	for n > 0 {
		k := p.skip(n)
		for range k {
			rng = spin(1, rng)
			if rng%100 < m.reads {
				s.mu.Lock()
				v := s.v
				s.mu.Unlock()
				x ^= v.fold()
			} else {
				seq++
				v := makeValue(seq)
				s.mu.Lock()
				s.v = v
				s.mu.Unlock()
			}
		}
		if n -= k; n > 0 {
			rng = spin(1, rng)
			if rng%100 < m.reads {
				t0 := time.Now()
				s.mu.Lock()
				t1 := time.Now()
				v := s.v
				s.mu.Unlock()
				p.record(t0, t1)
				x ^= v.fold()
			} else {
				seq++
				v := makeValue(seq)
				t0 := time.Now()
				s.mu.Lock()
				t1 := time.Now()
				s.v = v
				s.mu.Unlock()
				p.record(t0, t1)
			}
			n--
		}
	}
	m.rng, m.seq = rng, seq
	return x
}

func (s *mutexStore) Read() value {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v
}

func (s *mutexStore) Write(v value) {
	s.mu.Lock()
	s.v = v
	s.mu.Unlock()
}

// rwMutexStore reads under RLock and writes under Lock: the textbook choice
// for read-mostly data, whose reader count is itself a contended word.
type rwMutexStore struct {
	_  cpu.CacheLinePad
	mu sync.RWMutex
	v  value
	_  cpu.CacheLinePad
}

func newRWMutexStore() store { return &rwMutexStore{v: makeValue(0)} }

func (s *rwMutexStore) run(n int, m *mix, p *probe) uint64 {
	var x uint64
	rng, seq := m.rng, m.seq
	for n > 0 {
		k := p.skip(n)
		for range k {
			rng = spin(1, rng)
			if rng%100 < m.reads {
				s.mu.RLock()
				v := s.v
				s.mu.RUnlock()
				x ^= v.fold()
			} else {
				seq++
				v := makeValue(seq)
				s.mu.Lock()
				s.v = v
				s.mu.Unlock()
			}
		}
		if n -= k; n > 0 {
			rng = spin(1, rng)
			if rng%100 < m.reads {
				t0 := time.Now()
				s.mu.RLock()
				t1 := time.Now()
				v := s.v
				s.mu.RUnlock()
				p.record(t0, t1)
				x ^= v.fold()
			} else {
				seq++
				v := makeValue(seq)
				t0 := time.Now()
				s.mu.Lock()
				t1 := time.Now()
				s.v = v
				s.mu.Unlock()
				p.record(t0, t1)
			}
			n--
		}
	}
	m.rng, m.seq = rng, seq
	return x
}

func (s *rwMutexStore) Read() value {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.v
}

func (s *rwMutexStore) Write(v value) {
	s.mu.Lock()
	s.v = v
	s.mu.Unlock()
}

// atomicPointerStore publishes immutable copies through an atomic.Pointer
// (copy on write): a read is one atomic load, a write allocates.
type atomicPointerStore struct {
	_ cpu.CacheLinePad
	p atomic.Pointer[value]
	_ cpu.CacheLinePad
}

func newAtomicPointerStore() store {
	s := new(atomicPointerStore)
	v := makeValue(0)
	s.p.Store(&v)
	return s
}

// run takes no samples: there is no lock to wait for.
func (s *atomicPointerStore) run(n int, m *mix, _ *probe) uint64 {
	var x uint64
	rng, seq := m.rng, m.seq
	for range n {
		rng = spin(1, rng)
		if rng%100 < m.reads {
			x ^= s.p.Load().fold()
		} else {
			seq++
			v := makeValue(seq)
			s.p.Store(&v)
		}
	}
	m.rng, m.seq = rng, seq
	return x
}

func (s *atomicPointerStore) Read() value { return *s.p.Load() }

func (s *atomicPointerStore) Write(v value) { s.p.Store(&v) }
