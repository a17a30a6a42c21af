package bench

import (
	"sync"

	"golang.org/x/sys/cpu"
)

// rwMutexCounter guards an int64 with the write lock of a sync.RWMutex: what
// a counter costs when the code around it chose RWMutex. It repeats
// mutexCounter with another lock type on purpose: a generic or
// sync.Locker-based version would call Lock through a dictionary or an
// interface, and that indirect call would be measured too.
type rwMutexCounter struct {
	_  cpu.CacheLinePad
	mu sync.RWMutex
	n  int64
	_  cpu.CacheLinePad
}

func newRWMutexCounter(int) Counter { return new(rwMutexCounter) }

func (c *rwMutexCounter) Inc(_, work int, p *Probe) uint64 {
	if p != nil {
		p.Start()
	}
	c.mu.Lock()
	if p != nil {
		p.Stop()
	}
	x := Spin(work, uint64(c.n))
	c.n++
	c.mu.Unlock()
	return x
}

func (c *rwMutexCounter) Load() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n
}

func (c *rwMutexCounter) Close() {}
