package bench

import (
	"sync/atomic"

	"golang.org/x/sys/cpu"
)

// atomicAddCounter is an atomic.Int64 incremented with Add: one locked
// instruction, no retry.
type atomicAddCounter struct {
	_ cpu.CacheLinePad
	n atomic.Int64
	_ cpu.CacheLinePad
}

func newAtomicAddCounter(int) Counter { return new(atomicAddCounter) }

// Inc does the work before the add: an atomic add has no critical section
// to put it in.
func (c *atomicAddCounter) Inc(id, work int, _ *Probe) uint64 {
	x := Spin(work, uint64(id))
	c.n.Add(1)
	return x
}

func (c *atomicAddCounter) Load() int64 { return c.n.Load() }

func (c *atomicAddCounter) Close() {}

// atomicCASCounter increments with a compare-and-swap retry loop, the shape
// of every lock-free update more complex than an add.
type atomicCASCounter struct {
	_ cpu.CacheLinePad
	n atomic.Int64
	_ cpu.CacheLinePad
}

func newAtomicCASCounter(int) Counter { return new(atomicCASCounter) }

// Inc does the work between the load and the CAS, as an optimistic update
// computes its new value; a failed CAS redoes it.
func (c *atomicCASCounter) Inc(_, work int, _ *Probe) uint64 {
	for {
		old := c.n.Load()
		x := Spin(work, uint64(old))
		if c.n.CompareAndSwap(old, old+1) {
			return x
		}
	}
}

func (c *atomicCASCounter) Load() int64 { return c.n.Load() }

func (c *atomicCASCounter) Close() {}
