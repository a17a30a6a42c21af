package bench

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/montanaflynn/stats"
	"golang.org/x/sys/cpu"
)

// Lock-wait sampling. A goroutine times its wait to acquire a lock on one
// operation in every, a power of two chosen from the run's b.N so that the
// run takes between targetSamples and twice as many samples (fewer when
// b.N is below minSampleEvery×targetSamples). Two clock reads cost about
// 50ns, so the sampling costs about 50ns×targetSamples/benchtime of the
// run whatever the operation: under 0.5% at -benchtime 30ms, and
// BenchmarkSampling shows it on an uncontended mutex.
const (
	minSampleEvery = 16
	targetSamples  = 2048
	// minReported is how many samples a run needs before its percentiles
	// are reported: fewer would make p99 the largest one or two.
	minReported = 100
)

// samples is the shared, preallocated store of one run's samples, so that
// recording one never allocates while a lock is held.
type samples struct {
	vals []float64
	n    atomic.Int64
}

// Probe times how long lock-based implementations wait to acquire their
// lock, on a sample of operations. Implementations receive a nil *Probe on
// unsampled operations and must then not touch the clock; on sampled ones
// they call Start just before acquiring and Stop once they hold the lock.
// A Probe belongs to one goroutine. The zero Probe samples every operation
// and keeps nothing (for tests of the timed path).
type Probe struct {
	s    *samples
	t0   time.Time
	tick uint32
	mask uint32
	_    cpu.CacheLinePad // probes of different goroutines sit side by side
}

// NewProbes returns one Probe for each of g goroutines sharing n
// operations, with room for every sample they will take allocated now,
// before the timer starts.
func NewProbes(n, g int) []Probe {
	every := minSampleEvery
	for n/(2*every) >= targetSamples {
		every *= 2
	}
	s := &samples{vals: make([]float64, n/every+g)}
	probes := make([]Probe, g)
	for i := range probes {
		probes[i] = Probe{s: s, mask: uint32(every - 1)}
	}
	return probes
}

// Next returns p on a sampled operation and nil on the others.
func (p *Probe) Next() *Probe {
	p.tick++
	if p.tick&p.mask == 0 {
		return p
	}
	return nil
}

// Start marks the moment before the lock is requested.
func (p *Probe) Start() { p.t0 = time.Now() }

// Stop records the wait since Start.
func (p *Probe) Stop() {
	d := time.Since(p.t0)
	if p.s == nil {
		return
	}
	if i := p.s.n.Add(1) - 1; i < int64(len(p.s.vals)) {
		p.s.vals[i] = float64(d.Nanoseconds())
	}
}

// clockCost is the median time Start and Stop measure with nothing between
// them: the cost of the two clock reads, subtracted from every sample.
var clockCost = sync.OnceValue(func() float64 {
	d := make([]float64, 1001)
	for i := range d {
		t0 := time.Now()
		d[i] = float64(time.Since(t0).Nanoseconds())
	}
	m, _ := stats.Median(d)
	return m
})

// ReportLatency reports the median and 99th percentile of the waits the
// probes sampled, less the cost of reading the clock, as the p50-ns and
// p99-ns metrics (lower is better). It reports nothing when fewer than
// minReported operations were sampled: for implementations without a
// lock, and for runs too short for a percentile to mean anything.
func ReportLatency(b *testing.B, probes []Probe) {
	if len(probes) == 0 || probes[0].s == nil {
		return
	}
	s := probes[0].s
	n := min(s.n.Load(), int64(len(s.vals)))
	if n < minReported {
		return
	}
	cost := clockCost()
	waits := make([]float64, n)
	for i, v := range s.vals[:n] {
		waits[i] = max(v-cost, 0)
	}
	p50, err1 := stats.Percentile(waits, 50)
	p99, err2 := stats.Percentile(waits, 99)
	if err1 != nil || err2 != nil {
		return
	}
	b.ReportMetric(p50, "p50-ns")
	b.ReportMetric(p99, "p99-ns")
}
