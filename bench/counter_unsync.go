//go:build !race

package bench

import "golang.org/x/sys/cpu"

// The unsync counter races by design, so it exists only without -race.
func init() {
	Counters = append(Counters, CounterImpl{Name: "unsync", New: newUnsyncCounter, Exact: false})
}

// unsyncCounter increments a plain int64 with no synchronization: the
// speed-of-light baseline. It loses increments when goroutines run in
// parallel; the benchmark reports how many as lost/op.
type unsyncCounter struct {
	_ cpu.CacheLinePad
	n int64
	_ cpu.CacheLinePad
}

func newUnsyncCounter(int) Counter { return new(unsyncCounter) }

func (c *unsyncCounter) Inc(_, work int, _ *Probe) uint64 {
	x := Spin(work, uint64(c.n))
	c.n++
	return x
}

func (c *unsyncCounter) Load() int64 { return c.n }

func (c *unsyncCounter) Close() {}
