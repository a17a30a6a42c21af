package bench

import (
	"sync"
	"time"

	"golang.org/x/sys/cpu"
)

// mutexCounter guards an int64 with a sync.Mutex.
type mutexCounter struct {
	_  cpu.CacheLinePad
	mu sync.Mutex
	n  int64
	_  cpu.CacheLinePad
}

func newMutexCounter(int) counter { return new(mutexCounter) }

// run's sampled operation repeats the plain one with a clock read before
// Lock and one just after it; the sample is stored after Unlock.
func (c *mutexCounter) run(_, n int, w work, p *probe) uint64 {
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

func (c *mutexCounter) load() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *mutexCounter) close() {}
