package bench

import (
	"flag"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkHarness shows the cost of the harness: a bare for loop of the
// atomic add against Counter/impl=atomic-add/goroutines=1/local=0/held=0
// run by the very code BenchmarkCounter runs (benchCounter: sweep, the
// grains, the implementation's own loop), which should differ by under 5%,
// and the same add in b.RunParallel as Go's own benchmarks run it.
func BenchmarkHarness(b *testing.B) {
	b.Run(benchName("loop", "bare"), func(b *testing.B) {
		c := new(atomicAddCounter)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			c.n.Add(1)
		}
	})
	b.Run(benchName("loop", "counter"), func(b *testing.B) {
		benchCounter(b, counterNamed("atomic-add"), 1, work{}, true)
	})
	b.Run(benchName("loop", "parallel"), func(b *testing.B) {
		c := new(atomicAddCounter)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				c.n.Add(1)
			}
		})
	})
}

// BenchmarkSampling shows the cost of sampling lock waits where it
// matters: the mutex counter of BenchmarkCounter (local=0, held=0) at 1
// goroutine and contended by 64, with the probe off and on. The cost
// should stay under 2%.
func BenchmarkSampling(b *testing.B) {
	mutex := counterNamed("mutex")
	for _, g := range []int{1, 64} {
		for _, on := range []bool{false, true} {
			b.Run(benchName("goroutines", g, "probe", map[bool]string{false: "off", true: "on"}[on]), func(b *testing.B) {
				benchCounter(b, mutex, g, work{}, on)
			})
		}
	}
}

// TestIterationsHandsOutExactlyN takes grains from many goroutines at once
// and checks that they add up to exactly n, for sizes around the grain
// bounds.
func TestIterationsHandsOutExactlyN(t *testing.T) {
	for _, n := range []int{0, 1, 7, 64, 1000, 65537, 1 << 22} {
		for _, g := range []int{1, 3, 64} {
			it := newIterations(n, g)
			var total atomic.Int64
			var wg sync.WaitGroup
			for range g {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := it.Next(); k > 0; k = it.Next() {
						if k > maxGrain {
							t.Errorf("grain %d larger than %d", k, maxGrain)
						}
						total.Add(int64(k))
					}
				}()
			}
			wg.Wait()
			if total.Load() != int64(n) {
				t.Errorf("n=%d g=%d: handed out %d", n, g, total.Load())
			}
		}
	}
}

// TestFairness checks Jain's index at its bounds and in between.
func TestFairness(t *testing.T) {
	for _, c := range []struct {
		counts []int64
		want   float64
	}{
		{[]int64{5, 5, 5, 5}, 1},
		{[]int64{8, 0, 0, 0}, 0.25},
		{[]int64{1, 3}, 16.0 / 20},
		{nil, 1},
		{[]int64{0, 0}, 1},
	} {
		if got := fairness(c.counts); got < c.want-1e-12 || got > c.want+1e-12 {
			t.Errorf("fairness(%v) = %v, want %v", c.counts, got, c.want)
		}
	}
}

// TestSweepCountsEveryOperation runs a real benchmark through sweep and
// checks that the goroutines did b.N operations between them, each counted
// once, and that none is left running (goleak in TestMain).
func TestSweepCountsEveryOperation(t *testing.T) {
	setBenchtime(t, "2000x")
	for _, g := range []int{1, 5, 64} {
		var last []int64
		var lastN int
		var done atomic.Int64
		testing.Benchmark(func(b *testing.B) {
			done.Store(0)
			last = sweep(b, g, func(int) func(int) {
				return func(n int) { done.Add(int64(n)) }
			})
			lastN = b.N
		})
		var sum int64
		for _, c := range last {
			sum += c
		}
		if len(last) != g || sum != int64(lastN) || done.Load() != int64(lastN) {
			t.Errorf("g=%d: %d counts summing to %d, %d done; want %d each", g, len(last), sum, done.Load(), lastN)
		}
	}
}

// setBenchtime sets -test.benchtime for the duration of a test that calls
// testing.Benchmark.
func setBenchtime(t *testing.T, d string) {
	old := flag.Lookup("test.benchtime").Value.String()
	if err := flag.Set("test.benchtime", d); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { flag.Set("test.benchtime", old) })
}

// TestMalformedFlagStopsRun runs this test binary with a malformed sweep
// flag, as a user would, and checks it stops at once with one line naming
// the flag and exit status 2.
func TestMalformedFlagStopsRun(t *testing.T) {
	for _, c := range []struct{ arg, want string }{
		{"-goroutines=1,x", `bench: flag -goroutines: "x" is not an integer`},
		{"-goroutines=0", `bench: flag -goroutines: 0 is below the minimum 1`},
		{"-held=", `bench: flag -held: empty list`},
		{"-reads=50,101", `bench: flag -reads: 101 is above the maximum 100`},
		{"-goroutines=4,4", `bench: flag -goroutines: 4 appears twice`},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=Counter", "-test.short",
			"-test.benchtime=1x", "-test.timeout=30s", c.arg)
		out, err := cmd.CombinedOutput()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 2 {
			t.Errorf("%s: err = %v, want exit status 2; output:\n%s", c.arg, err, out)
			continue
		}
		if got := strings.TrimSpace(string(out)); got != c.want {
			t.Errorf("%s: output %q, want the one line %q", c.arg, got, c.want)
		}
	}
}

// TestSlowdownStretches checks that the injected slowdown lengthens the
// measured cost of the chosen implementation's benchmarks by at least the
// chosen fraction, in wall time (no CPU clock) or in the process's CPU
// time, and leaves the others alone.
func TestSlowdownStretches(t *testing.T) {
	setBenchtime(t, "1x")
	plain := slowdownSpec{impl: "mutex", percent: 50}
	contended := slowdownSpec{impl: "mutex", percent: 50, contended: true}
	cases := []struct {
		spec   slowdownSpec
		name   string
		slowed bool
	}{
		{plain, "BenchmarkCounter/impl=mutex/goroutines=1", true},
		{plain, "BenchmarkCounter/impl=mutex-ring/goroutines=1", false},
		{contended, "BenchmarkCounter/impl=mutex/goroutines=64-2", true},
		{contended, "BenchmarkCounter/impl=mutex/goroutines=1-2", false},
	}
	for _, useCPU := range []bool{false, true} {
		if useCPU && processCPU() == 0 {
			continue // no CPU clock on this system
		}
		for _, tc := range cases {
			var used, added time.Duration
			testing.Benchmark(func(b *testing.B) {
				clock := func() time.Duration { return b.Elapsed() }
				var cpu0 time.Duration
				if useCPU {
					clock, cpu0 = processCPU, processCPU()
				}
				c0 := clock()
				for c := c0; c-c0 < 10*time.Millisecond; c = clock() {
				}
				mid := clock()
				tc.spec.apply(b, tc.name, cpu0)
				used, added = mid-c0, clock()-mid
			})
			if tc.slowed && (added < used/2 || added > used) {
				t.Errorf("cpu clock %v, %s: a 50%% slowdown of %v added %v", useCPU, tc.name, used, added)
			}
			if !tc.slowed && added > used/10 {
				t.Errorf("cpu clock %v, %s: %v added to %v though not chosen", useCPU, tc.name, added, used)
			}
		}
	}
}

// TestSlowdownSpec checks the syntax of SYNCBENCH_SLOWDOWN.
func TestSlowdownSpec(t *testing.T) {
	s, err := parseSlowdown("atomic-add:10")
	if err != nil || s.impl != "atomic-add" || s.percent != 10 {
		t.Errorf("parseSlowdown(atomic-add:10) = %+v, %v", s, err)
	}
	s, err = parseSlowdown("held:mutex:8")
	if err != nil || s.heldFor("mutex") != 8 || s.heldFor("rwmutex") != 0 || s.percent != 0 {
		t.Errorf("parseSlowdown(held:mutex:8) = %+v, %v", s, err)
	}
	s, err = parseSlowdown("contended:mutex:20")
	if err != nil || !s.contended || s.impl != "mutex" || s.percent != 20 {
		t.Errorf("parseSlowdown(contended:mutex:20) = %+v, %v", s, err)
	}
	for name, want := range map[string]int{"BenchmarkCounter/impl=mutex/goroutines=64/local=0": 64, "BenchmarkCounter/impl=mutex/goroutines=1-2": 1, "BenchmarkChannel/buf=0": 0} {
		if got := goroutinesOf(name); got != want {
			t.Errorf("goroutinesOf(%s) = %d, want %d", name, got, want)
		}
	}
	s, err = parseSlowdown("handoff:chan:30")
	if err != nil || s.impl != "chan" || s.handoff != 30 || s.held != 0 {
		t.Errorf("parseSlowdown(handoff:chan:30) = %+v, %v", s, err)
	}
	for _, bad := range []string{"atomic-add", ":10", "x:-1", "x:y", "held:mutex", "held::3", "held:mutex:-1", "handoff:chan:x"} {
		if _, err := parseSlowdown(bad); err == nil {
			t.Errorf("parseSlowdown(%q) succeeded", bad)
		}
	}
}

// TestTimedCPU checks that gang reports the timed region's CPU time per
// operation when SYNCBENCH_TIMED_CPU asks for it (as the gate does), and
// nothing otherwise: CPU spent before the timer (300ms busy) is not in it,
// while the timed operations (sleeps of 2ms) take little (tens of
// microseconds under the race detector).
func TestTimedCPU(t *testing.T) {
	if processCPU() == 0 {
		t.Skip("no CPU clock here")
	}
	old := reportTimedCPU
	defer func() { reportTimedCPU = old }()
	var sink atomic.Int64
	bench := func(b *testing.B) {
		for t0 := processCPU(); processCPU()-t0 < 300*time.Millisecond; {
			sink.Add(1)
		}
		gang(b, 1, func(int) {
			for range b.N {
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	reportTimedCPU = true
	r := testing.Benchmark(bench)
	v, ok := r.Extra[timedCPUUnit]
	if !ok || v <= 0 {
		t.Fatalf("%s = %v, %v; want a positive value", timedCPUUnit, v, ok)
	}
	if setup := float64(300*time.Millisecond) / float64(r.N); v > setup/2 {
		t.Errorf("%s = %.0f ns/op: it counts the set-up before the timer (%.0f ns/op)", timedCPUUnit, v, setup)
	}
	reportTimedCPU = false
	if r := testing.Benchmark(bench); r.Extra[timedCPUUnit] != 0 {
		t.Errorf("%s reported without being asked", timedCPUUnit)
	}
}
