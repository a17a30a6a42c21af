package bench

import (
	"sync"
	"testing"
	"time"

	"github.com/montanaflynn/stats"
	"golang.org/x/sys/cpu"
)

// Lock-wait sampling. A goroutine times its wait to acquire a lock on one
// operation in every, a power of two chosen from the run's b.N so that the
// run takes between targetSamples and twice as many samples (fewer when
// b.N is below minSampleEvery×targetSamples). Inside the critical section
// a sampled operation only reads the clock; the sample is stored after the
// unlock, in the goroutine's own probe. A sample costs two clock reads
// (100–150ns each on a loaded VM) and holds the lock one read longer, so a
// run pays at most 2×targetSamples of those whatever its length: 512
// keeps that under 2% of a 30ms run. BenchmarkSampling shows the cost,
// uncontended and contended (scripts/overhead.sh).
const (
	minSampleEvery = 64
	targetSamples  = 512
	// minReported is how many samples a run needs before its percentiles
	// are reported: fewer would make p99 the largest one or two.
	minReported = 100
)

// probe times how long one goroutine waits to acquire a lock, on a sample
// of its operations. An implementation asks skip how many operations to
// run unsampled, runs them with no clock read, then runs one sampled
// operation: time.Now before the lock, time.Now once it holds it, and
// record after the unlock. A nil *probe samples nothing; the zero probe
// samples every operation (for tests of the timed path).
type probe struct {
	waits []float64 // nanoseconds, clock cost included
	every int       // one sampled operation in every
	left  int       // operations to run before the next sampled one
	_     cpu.CacheLinePad
}

// newProbes returns one probe for each of g goroutines sharing n
// operations, each with room allocated now, before the timer starts, for
// its share of the samples.
func newProbes(n, g int) []probe {
	every := minSampleEvery
	for n/(2*every) >= targetSamples {
		every *= 2
	}
	probes := make([]probe, g)
	for i := range probes {
		probes[i] = probe{waits: make([]float64, 0, n/every/g+16), every: every, left: every - 1}
	}
	return probes
}

// skip returns how many of the next n operations to run unsampled; when it
// returns k < n, operation k+1 is sampled. A nil probe returns n.
func (p *probe) skip(n int) int {
	if p == nil {
		return n
	}
	if p.left >= n {
		p.left -= n
		return n
	}
	k := p.left
	p.left = max(p.every-1, 0)
	return k
}

// record stores the wait from t0, just before the lock was requested, to
// t1, just after it was acquired. It is called after the unlock.
func (p *probe) record(t0, t1 time.Time) {
	p.waits = append(p.waits, float64(t1.Sub(t0)))
}

// clockCost is the median time between two clock reads with nothing
// between them, subtracted from every sample.
var clockCost = sync.OnceValue(func() float64 {
	d := make([]float64, 1001)
	for i := range d {
		t0 := time.Now()
		d[i] = float64(time.Since(t0).Nanoseconds())
	}
	m, _ := stats.Median(d)
	return m
})

// reportLatency reports the median and 99th percentile of the waits the
// probes sampled, less the cost of reading the clock, as the p50-ns and
// p99-ns metrics (lower is better). It reports nothing when fewer than
// minReported operations were sampled: for implementations without a
// lock, and for runs too short for a percentile to mean anything.
func reportLatency(b *testing.B, probes []probe) {
	var n int
	for i := range probes {
		n += len(probes[i].waits)
	}
	if n < minReported {
		return
	}
	cost := clockCost()
	waits := make([]float64, 0, n)
	for i := range probes {
		for _, v := range probes[i].waits {
			waits = append(waits, max(v-cost, 0))
		}
	}
	p50, err1 := stats.Percentile(waits, 50)
	p99, err2 := stats.Percentile(waits, 99)
	if err1 != nil || err2 != nil {
		return
	}
	b.ReportMetric(p50, "p50-ns")
	b.ReportMetric(p99, "p99-ns")
}
