package bench

import (
	"testing"
	"time"

	"github.com/montanaflynn/stats"
	"golang.org/x/sys/cpu"
)

// sampleEvery is how often a goroutine times the wait to acquire a lock:
// one operation in 1024. Two clock reads cost about 50ns, so sampling adds
// well under 2% even to an uncontended lock (BenchmarkSampling shows it).
const sampleEvery = 1024

// Probe times how long lock-based implementations wait to acquire their
// lock, on a sample of operations. Implementations receive a nil *Probe on
// unsampled operations and must then not touch the clock; on sampled ones
// they call Start just before acquiring and Stop once they hold the lock.
// A Probe belongs to one goroutine.
type Probe struct {
	t0      time.Time
	samples []float64
	tick    uint32
	_       cpu.CacheLinePad // probes of different goroutines sit side by side
}

// Next returns p on one operation in sampleEvery and nil on the others.
func (p *Probe) Next() *Probe {
	p.tick++
	if p.tick%sampleEvery == 0 {
		return p
	}
	return nil
}

// Start marks the moment before the lock is requested.
func (p *Probe) Start() { p.t0 = time.Now() }

// Stop records the wait since Start.
func (p *Probe) Stop() { p.samples = append(p.samples, float64(time.Since(p.t0).Nanoseconds())) }

// ReportLatency merges the samples of probes and reports their median and
// 99th percentile as the p50-ns and p99-ns metrics (lower is better). It
// reports nothing when no operation was sampled: implementations without a
// lock, or runs too short to sample.
func ReportLatency(b *testing.B, probes []Probe) {
	var all []float64
	for i := range probes {
		all = append(all, probes[i].samples...)
	}
	if len(all) == 0 {
		return
	}
	p50, err1 := stats.Percentile(all, 50)
	p99, err2 := stats.Percentile(all, 99)
	if err1 != nil || err2 != nil {
		return
	}
	b.ReportMetric(p50, "p50-ns")
	b.ReportMetric(p99, "p99-ns")
}
