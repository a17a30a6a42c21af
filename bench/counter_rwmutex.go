package bench

import (
	"sync"
	"time"

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

func newRWMutexCounter(int) counter { return new(rwMutexCounter) }

func (c *rwMutexCounter) run(_, n int, w work, p *probe) uint64 {
	var x uint64
	for n > 0 {
		k := p.skip(n)
		for range k {
			x ^= spin(w.local, x)
			c.mu.Lock()
			x ^= spin(w.held, uint64(c.n))
			c.n++
			c.mu.Unlock()
		}
		if n -= k; n > 0 {
			x ^= spin(w.local, x)
			t0 := time.Now()
			c.mu.Lock()
			t1 := time.Now()
			x ^= spin(w.held, uint64(c.n))
			c.n++
			c.mu.Unlock()
			p.record(t0, t1)
			n--
		}
	}
	return x
}

func (c *rwMutexCounter) load() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n
}

func (c *rwMutexCounter) close() {}
