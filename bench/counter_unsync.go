//go:build !race

package bench

import "golang.org/x/sys/cpu"

// The unsync counter races by design, so it exists only without -race.
func init() {
	counters = append(counters, counterImpl{name: "unsync", new: newUnsyncCounter})
}

// unsyncCounter increments a plain int64 with no synchronization: the
// speed-of-light baseline. It loses increments when goroutines run in
// parallel; the benchmark reports how many as lost/op.
type unsyncCounter struct {
	_ cpu.CacheLinePad
	n int64
	_ cpu.CacheLinePad
}

func newUnsyncCounter(int) counter { return new(unsyncCounter) }

func (c *unsyncCounter) run(_, n int, w work, _ *probe) uint64 {
	var x uint64
	for range n {
		x ^= spin(w.local, x)
		c.n++
	}
	return x
}

func (c *unsyncCounter) load() int64 { return c.n }

func (c *unsyncCounter) close() {}
