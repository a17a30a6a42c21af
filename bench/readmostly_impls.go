package bench

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/cpu"
)

// mutexStore guards the value with a sync.Mutex for reads and writes alike.
type mutexStore struct {
	_  cpu.CacheLinePad
	mu sync.Mutex
	v  Value
	_  cpu.CacheLinePad
}

func newMutexStore() Store { return &mutexStore{v: MakeValue(0)} }

func (s *mutexStore) Read(p *Probe) Value {
	if p != nil {
		p.Start()
	}
	s.mu.Lock()
	if p != nil {
		p.Stop()
	}
	v := s.v
	s.mu.Unlock()
	return v
}

func (s *mutexStore) Write(v Value, p *Probe) {
	if p != nil {
		p.Start()
	}
	s.mu.Lock()
	if p != nil {
		p.Stop()
	}
	s.v = v
	s.mu.Unlock()
}

// rwMutexStore reads under RLock and writes under Lock: the textbook choice
// for read-mostly data, whose reader count is itself a contended word.
type rwMutexStore struct {
	_  cpu.CacheLinePad
	mu sync.RWMutex
	v  Value
	_  cpu.CacheLinePad
}

func newRWMutexStore() Store { return &rwMutexStore{v: MakeValue(0)} }

func (s *rwMutexStore) Read(p *Probe) Value {
	if p != nil {
		p.Start()
	}
	s.mu.RLock()
	if p != nil {
		p.Stop()
	}
	v := s.v
	s.mu.RUnlock()
	return v
}

func (s *rwMutexStore) Write(v Value, p *Probe) {
	if p != nil {
		p.Start()
	}
	s.mu.Lock()
	if p != nil {
		p.Stop()
	}
	s.v = v
	s.mu.Unlock()
}

// atomicPointerStore publishes immutable copies through an atomic.Pointer
// (copy on write): a read is one atomic load, a write allocates.
type atomicPointerStore struct {
	_ cpu.CacheLinePad
	p atomic.Pointer[Value]
	_ cpu.CacheLinePad
}

func newAtomicPointerStore() Store {
	s := new(atomicPointerStore)
	v := MakeValue(0)
	s.p.Store(&v)
	return s
}

func (s *atomicPointerStore) Read(*Probe) Value { return *s.p.Load() }

func (s *atomicPointerStore) Write(v Value, _ *Probe) {
	c := v
	s.p.Store(&c)
}
