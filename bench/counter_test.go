package bench

import (
	"sync"
	"testing"
)

// BenchmarkCounter measures one increment of one shared counter, made safe
// by each implementation, as goroutines and work grow: the question
// "mutex, atomic, channel or sharded for this counter?". local is work
// each goroutine does outside any lock before each increment; held is work
// inside the critical section, for the implementations that have one. Lock
// implementations also report the p50 and p99 wait to acquire; unsync
// reports the increments it lost.
func BenchmarkCounter(b *testing.B) {
	for _, impl := range counters {
		for _, g := range goroutinesFlag.Values() {
			for _, local := range localFlag.Values() {
				for _, held := range heldFlag.Values() {
					if held > 0 && !impl.critical {
						continue // no critical section to hold
					}
					b.Run(benchName("impl", impl.name, "goroutines", g, "local", local, "held", held), func(b *testing.B) {
						benchCounter(b, impl, g, work{local: local, held: held}, true)
					})
				}
			}
		}
	}
}

// benchCounter runs b.N increments of a new counter over g goroutines, each
// goroutine calling the implementation's own loop once per grain. With
// sample set, implementations that wait for a lock time a sample of waits.
func benchCounter(b *testing.B, impl counterImpl, g int, w work, sample bool) {
	w.held += slowHeld(impl.name) // 0 unless the evaluation injects a slowdown
	c := impl.new(g)
	var probes []probe
	if sample && impl.waits {
		probes = newProbes(b.N, g)
	}
	sinks := make([]paddedInt64, g)
	var got int64
	sweep(b, g, func(id int) func(int) {
		var p *probe
		if probes != nil {
			p = &probes[id]
		}
		return func(n int) {
			sinks[id].v ^= int64(c.run(id, n, w, p))
		}
	}, func() {
		got = c.load() // inside the timer: the channel counter's owner must drain its queue
	})
	c.close()
	if impl.exact && got != int64(b.N) {
		b.Fatalf("%s counted %d increments, want %d", impl.name, got, b.N)
	}
	if !impl.exact {
		b.ReportMetric(float64(int64(b.N)-got)/float64(b.N), "lost/op")
	}
	reportLatency(b, probes)
}

// counterNamed returns the registered implementation called name.
func counterNamed(name string) counterImpl {
	for _, impl := range counters {
		if impl.name == name {
			return impl
		}
	}
	panic("no counter implementation " + name)
}

// TestCountersAreExact runs every exact counter's loop from G goroutines,
// K increments each in uneven chunks, with and without work on either
// side of the lock and with no, every and some operations sampled, and
// checks the count is G×K and, for lock implementations, that every
// sampled operation left one sample. Under -race it also checks the
// implementations are free of data races.
func TestCountersAreExact(t *testing.T) {
	const g, k = 8, 2000
	probes := map[string]func() *probe{
		"none":  func() *probe { return nil },
		"every": func() *probe { return &probe{} },
		"some":  func() *probe { return &probe{every: 7, left: 3} },
	}
	for _, impl := range counters {
		if !impl.exact {
			continue
		}
		for _, w := range []work{{0, 0}, {10, 0}, {0, 10}, {10, 10}} {
			for pname, newProbe := range probes {
				t.Run(benchName("impl", impl.name, "local", w.local, "held", w.held, "probe", pname), func(t *testing.T) {
					c := impl.new(g)
					defer c.close()
					var wg sync.WaitGroup
					sampled := make([]int, g)
					for id := range g {
						wg.Add(1)
						go func() {
							defer wg.Done()
							p := newProbe()
							for done, chunk := 0, 1; done < k; chunk = chunk*3 + 1 {
								n := min(chunk, k-done)
								c.run(id, n, w, p)
								done += n
							}
							if p != nil {
								sampled[id] = len(p.waits)
							}
						}()
					}
					wg.Wait()
					if got := c.load(); got != g*k {
						t.Fatalf("count = %d, want %d", got, g*k)
					}
					want := map[string]int{"none": 0, "every": k, "some": (k + 3) / 7}[pname]
					if !impl.waits {
						want = 0
					}
					for id, n := range sampled {
						if n != want {
							t.Fatalf("goroutine %d took %d samples, want %d", id, n, want)
						}
					}
				})
			}
		}
	}
}

// TestProbeSkip checks the sampling schedule: one operation in every is
// sampled, whatever the sizes of the chunks it is asked about.
func TestProbeSkip(t *testing.T) {
	for _, every := range []int{1, 2, 16} {
		for _, chunk := range []int{1, 3, 16, 1000} {
			p := &probe{every: every, left: every - 1}
			var sampled []int
			op := 0
			for op < 1000 {
				n := min(chunk, 1000-op)
				for n > 0 {
					k := p.skip(n)
					op += k
					if n -= k; n > 0 {
						op++
						sampled = append(sampled, op)
						n--
					}
				}
			}
			if len(sampled) != 1000/every {
				t.Errorf("every=%d chunk=%d: %d operations sampled, want %d", every, chunk, len(sampled), 1000/every)
			}
			for i, s := range sampled {
				if s != (i+1)*every {
					t.Errorf("every=%d chunk=%d: sample %d is operation %d, want %d", every, chunk, i, s, (i+1)*every)
					break
				}
			}
		}
	}
	if (*probe)(nil).skip(5) != 5 {
		t.Error("a nil probe sampled an operation")
	}
}

// TestCounterRegistry checks that implementation names are unique and
// usable as benchmark name values.
func TestCounterRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, impl := range counters {
		if seen[impl.name] || impl.name == "" {
			t.Errorf("duplicate or empty implementation name %q", impl.name)
		}
		seen[impl.name] = true
		for _, r := range impl.name {
			if r == '/' || r == '=' || r == ' ' {
				t.Errorf("name %q has %q, which breaks key=value benchmark names", impl.name, r)
			}
		}
	}
	for _, want := range []string{"mutex", "rwmutex", "atomic-add", "atomic-cas", "channel", "sharded"} {
		if !seen[want] {
			t.Errorf("implementation %q missing from counters", want)
		}
	}
}
