package bench

import (
	"sync"
	"testing"
)

// The sweep flags of BenchmarkChannel. Every producers value is combined
// with every consumers value: the defaults give the shapes 1:1
// (single producer, single consumer), 1:4 (fan-out), 4:1 (fan-in) and 4:4
// (many to many).
var (
	chanBufsFlag = intListFlag("bufs", []int{0, 1, 16, 256, 4096}, []int{0, 16},
		"capacities of the channels and rings of BenchmarkChannel (0 is unbuffered, chan only)")
	producersFlag = intListFlag("producers", []int{1, 4}, []int{1, 4},
		"producer counts of BenchmarkChannel").AtLeast(1)
	consumersFlag = intListFlag("consumers", []int{1, 4}, []int{1, 4},
		"consumer counts of BenchmarkChannel").AtLeast(1)
)

// linkImpl is one transport of BenchmarkChannel.
type linkImpl struct {
	name   string
	minBuf int // smallest capacity it supports
	new    func(buf int) link
}

// linkImpls are the transports BenchmarkChannel compares. The mutex ring
// has no buf=0 variant: a ring always buffers at least one value, and an
// unbuffered (rendezvous) ring would be a different design, not the one a
// user writes.
var linkImpls = []linkImpl{
	{name: "chan", minBuf: 0, new: chanLink},
	{name: "mutex-ring", minBuf: 1, new: ringLink},
}

// BenchmarkChannel measures the delivery of one message from a producer to
// a consumer through a Go channel or a mutex-and-cond ring of the same
// capacity, for every producer:consumer shape. It reports msgs/s and the
// fairness of the producers' shares.
func BenchmarkChannel(b *testing.B) {
	for _, impl := range linkImpls {
		for _, buf := range chanBufsFlag.Values() {
			if buf < impl.minBuf {
				continue
			}
			for _, p := range producersFlag.Values() {
				for _, c := range consumersFlag.Values() {
					b.Run(benchName("impl", impl.name, "buf", buf, "producers", p, "consumers", c), func(b *testing.B) {
						benchChannel(b, impl.new(buf), p, c)
					})
				}
			}
		}
	}
}

// benchChannel moves b.N messages over l from p producers to c consumers,
// all started before the timer and released together.
func benchChannel(b *testing.B, l link, p, c int) {
	b.ReportAllocs()
	it := newIterations(b.N, p)
	got, sent := transfer(l, p, c, it.Next, func(g int, fn func(int)) { gang(b, g, fn) })
	if got.Count != uint64(b.N) {
		b.Fatalf("consumers received %d messages, want %d", got.Count, b.N)
	}
	counts := make([]int64, len(sent))
	for i, n := range sent {
		counts[i] = int64(n)
	}
	reportFairness(b, counts)
	reportRate(b, "msgs/s")
}

// reportRate reports b.N operations over the timed duration as unit, a
// rate such as msgs/s (higher is better).
func reportRate(b *testing.B, unit string) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, unit)
	}
}

// runGoroutines is transfer's run for tests: it starts g goroutines running
// fn(id) and waits for all of them.
func runGoroutines(g int, fn func(id int)) {
	var wg sync.WaitGroup
	for id := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(id)
		}()
	}
	wg.Wait()
}

// testShapes are the producer:consumer shapes the correctness tests use: the
// benchmark's defaults and an uneven one.
var testShapes = [][2]int{{1, 1}, {1, 4}, {4, 1}, {4, 4}, {3, 5}}

// TestTransferExactlyOnce moves messages through every transport, capacity
// and shape, and checks that the consumers received every message sent
// exactly once: the same count, sum and xor of distinct values.
func TestTransferExactlyOnce(t *testing.T) {
	const n = 20000
	for _, impl := range linkImpls {
		for _, buf := range []int{0, 1, 3, 16} {
			if buf < impl.minBuf {
				continue
			}
			for _, s := range testShapes {
				p, c := s[0], s[1]
				t.Run(benchName("impl", impl.name, "buf", buf, "producers", p, "consumers", c), func(t *testing.T) {
					got, sent := transfer(impl.new(buf), p, c, newIterations(n, p).Next, runGoroutines)
					var total uint64
					for _, k := range sent {
						total += k
					}
					if total != n {
						t.Fatalf("producers sent %d messages, want %d", total, n)
					}
					if want := expected(sent); got != want {
						t.Fatalf("consumers received %+v, want %+v", got, want)
					}
				})
			}
		}
	}
}

// TestTransferNoMessages checks that a transfer of nothing still ends: the
// link is closed and every consumer returns.
func TestTransferNoMessages(t *testing.T) {
	for _, impl := range linkImpls {
		t.Run(benchName("impl", impl.name), func(t *testing.T) {
			got, _ := transfer(impl.new(1), 2, 3, func() int { return 0 }, runGoroutines)
			if got != (checksum{}) {
				t.Fatalf("received %+v from no messages", got)
			}
		})
	}
}
