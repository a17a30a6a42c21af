package bench

import (
	"runtime"
	"runtime/metrics"
	"sync"
)

// parked is a set of goroutines blocked on a channel receive, the state of
// most goroutines in a server: waiting for a request, a reply or a timer.
type parked struct {
	release chan struct{}
	done    sync.WaitGroup
}

// park starts n goroutines that each block receiving from one channel, and
// returns once all of them are running.
func park(n int) *parked {
	p := &parked{release: make(chan struct{})}
	var started sync.WaitGroup
	started.Add(n)
	p.done.Add(n)
	for range n {
		go func() {
			defer p.done.Done()
			started.Done()
			<-p.release
		}()
	}
	started.Wait()
	return p
}

// Release wakes every parked goroutine and waits until all have returned.
func (p *parked) Release() {
	close(p.release)
	p.done.Wait()
}

// footprint is the memory the runtime accounts to N parked goroutines: the
// growth of goroutine stacks and of live heap objects (runtime/metrics).
type footprint struct {
	N          int   // goroutines measured
	StackBytes int64 // growth of stack memory
	HeapBytes  int64 // growth of live heap objects
}

// PerGoroutine returns the bytes per goroutine, stack and heap together.
func (f footprint) PerGoroutine() float64 {
	if f.N == 0 {
		return 0
	}
	return float64(f.StackBytes+f.HeapBytes) / float64(f.N)
}

// footprintMetrics are the runtime/metrics samples a footprint is made of.
var footprintMetrics = []string{
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/heap/objects:bytes",
}

// readFootprint collects garbage, so that only live objects count and the
// stacks of exited goroutines are freed, and reads the metrics.
func readFootprint() (stack, heap int64) {
	runtime.GC()
	s := make([]metrics.Sample, len(footprintMetrics))
	for i, name := range footprintMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	return int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
}

// measureParked parks n goroutines, measures their footprint, releases them
// and waits until all have exited. It collects garbage twice, before and
// with all n parked, each through aside, which gets the collection and
// reading of the metrics to run (and to time apart, as measureTimed does).
func measureParked(n int, aside func(read func())) footprint {
	var s0, h0, s1, h1 int64
	aside(func() { s0, h0 = readFootprint() })
	p := park(n)
	aside(func() { s1, h1 = readFootprint() })
	p.Release()
	return footprint{N: n, StackBytes: s1 - s0, HeapBytes: h1 - h0}
}
