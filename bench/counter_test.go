package bench

import (
	"sync"
	"testing"
)

// BenchmarkCounter measures one increment of one shared counter, made safe
// by each implementation, as goroutines and critical-section work grow:
// the question "mutex, atomic, channel or sharded for this counter?". Lock
// implementations also report the p50 and p99 wait to acquire; unsync
// reports the increments it lost.
func BenchmarkCounter(b *testing.B) {
	for _, impl := range Counters {
		for _, g := range goroutinesFlag.Values() {
			for _, w := range workFlag.Values() {
				b.Run(Name("impl", impl.Name, "goroutines", g, "work", w), func(b *testing.B) {
					benchCounter(b, impl, g, w)
				})
			}
		}
	}
}

// benchCounter runs b.N increments of a new counter over g goroutines.
func benchCounter(b *testing.B, impl CounterImpl, g, work int) {
	c := impl.New(g)
	probes := NewProbes(b.N, g)
	sinks := make([]paddedInt64, g)
	var got int64
	Sweep(b, g, func(id int) func(int) {
		p := &probes[id]
		return func(n int) {
			var x uint64
			for range n {
				x ^= c.Inc(id, work, p.Next())
			}
			sinks[id].v ^= int64(x)
		}
	}, func() {
		got = c.Load() // inside the timer: the channel counter's owner must drain its queue
	})
	c.Close()
	if impl.Exact && got != int64(b.N) {
		b.Fatalf("%s counted %d increments, want %d", impl.Name, got, b.N)
	}
	if !impl.Exact {
		b.ReportMetric(float64(int64(b.N)-got)/float64(b.N), "lost/op")
	}
	ReportLatency(b, probes)
}

// TestCountersAreExact increments every exact counter from G goroutines K
// times each, with and without work, and checks the count is G×K. Under
// -race it also checks the implementations are free of data races.
func TestCountersAreExact(t *testing.T) {
	const g, k = 8, 2000
	for _, impl := range Counters {
		if !impl.Exact {
			continue
		}
		for _, work := range []int{0, 10} {
			t.Run(Name("impl", impl.Name, "work", work), func(t *testing.T) {
				c := impl.New(g)
				defer c.Close()
				var wg sync.WaitGroup
				for id := range g {
					wg.Add(1)
					go func() {
						defer wg.Done()
						var p Probe
						for range k {
							c.Inc(id, work, p.Next())
						}
					}()
				}
				wg.Wait()
				if got := c.Load(); got != g*k {
					t.Fatalf("count = %d, want %d", got, g*k)
				}
			})
		}
	}
}

// TestCounterRegistry checks that implementation names are unique and
// usable as benchmark name values.
func TestCounterRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, impl := range Counters {
		if seen[impl.Name] || impl.Name == "" {
			t.Errorf("duplicate or empty implementation name %q", impl.Name)
		}
		seen[impl.Name] = true
		for _, r := range impl.Name {
			if r == '/' || r == '=' || r == ' ' {
				t.Errorf("name %q has %q, which breaks key=value benchmark names", impl.Name, r)
			}
		}
	}
	for _, want := range []string{"mutex", "rwmutex", "atomic-add", "atomic-cas", "channel", "sharded"} {
		if !seen[want] {
			t.Errorf("implementation %q missing from Counters", want)
		}
	}
}
