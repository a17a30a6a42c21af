package bench

import (
	"sync/atomic"

	"golang.org/x/sys/cpu"
)

// atomicAddCounter is an atomic.Int64 incremented with Add: one locked
// instruction, no retry and no critical section.
type atomicAddCounter struct {
	_ cpu.CacheLinePad
	n atomic.Int64
	_ cpu.CacheLinePad
}

func newAtomicAddCounter(int) counter { return new(atomicAddCounter) }

func (c *atomicAddCounter) run(_, n int, w work, _ *probe) uint64 {
	var x uint64
	for range n {
		x ^= spin(w.local, x)
		c.n.Add(1)
	}
	return x
}

func (c *atomicAddCounter) load() int64 { return c.n.Load() }

func (c *atomicAddCounter) close() {}

// atomicCASCounter increments with a compare-and-swap retry loop, the shape
// of every lock-free update more complex than an add.
type atomicCASCounter struct {
	_ cpu.CacheLinePad
	n atomic.Int64
	_ cpu.CacheLinePad
}

func newAtomicCASCounter(int) counter { return new(atomicCASCounter) }

// run does the held work between the load and the CAS, as an optimistic
// update computes its new value; a failed CAS redoes it.
func (c *atomicCASCounter) run(_, n int, w work, _ *probe) uint64 {
	var x uint64
	for range n {
		x ^= spin(w.local, x)
		for {
			old := c.n.Load()
			y := spin(w.held, uint64(old))
			if c.n.CompareAndSwap(old, old+1) {
				x ^= y
				break
			}
		}
	}
	return x
}

func (c *atomicCASCounter) load() int64 { return c.n.Load() }

func (c *atomicCASCounter) close() {}
