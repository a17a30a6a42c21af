package bench

import (
	"sync"

	"golang.org/x/sys/cpu"
)

// mutexCounter guards an int64 with a sync.Mutex.
type mutexCounter struct {
	_  cpu.CacheLinePad
	mu sync.Mutex
	n  int64
	_  cpu.CacheLinePad
}

func newMutexCounter(int) Counter { return new(mutexCounter) }

func (c *mutexCounter) Inc(_, work int, p *Probe) uint64 {
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

func (c *mutexCounter) Load() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *mutexCounter) Close() {}
