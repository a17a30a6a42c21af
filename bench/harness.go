package bench

import (
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/cpu"
)

// gang starts g goroutines running fn(id), id in [0, g), and parks them on a
// start barrier; once all are parked it resets and starts the timer,
// releases them together, waits until every one has returned, runs the
// finish functions (work that belongs to the measured operations, such as
// draining a queue) and stops the timer. No goroutine outlives the call.
// The number of goroutines is independent of GOMAXPROCS: 256 goroutines at
// -cpu 2 share two Ps. gang times the whole benchmark: call it once per
// benchmark function invocation.
func gang(b *testing.B, g int, fn func(id int), finish ...func()) {
	if g < 1 {
		b.Fatalf("gang: %d goroutines", g)
	}
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(g)
	done.Add(g)
	for id := 0; id < g; id++ {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(id)
		}()
	}
	ready.Wait()
	cpu0 := slowStart()
	var timed0 time.Duration
	if reportTimedCPU {
		timed0 = processCPU()
	}
	b.ResetTimer()
	b.StartTimer()
	close(start)
	done.Wait()
	for _, f := range finish {
		f()
	}
	slowdown(b, cpu0)
	if timed0 > 0 && b.N > 0 {
		b.ReportMetric(float64((processCPU()-timed0).Nanoseconds())/float64(b.N), timedCPUUnit)
	}
	b.StopTimer()
}

// timedCPUEnv, set to 1 in the environment, makes every gang-based
// benchmark report the CPU time (user and system, all threads) of its
// timed region per operation as timedCPUUnit: what syncbench gate decides
// on. An environment variable rather than a flag, so that the gate can set
// it for any revision (an older one ignores it).
const (
	timedCPUEnv  = "SYNCBENCH_TIMED_CPU"
	timedCPUUnit = "timed-cpu-ns/op"
)

// reportTimedCPU says whether timedCPUEnv asks for timedCPUUnit.
var reportTimedCPU = os.Getenv(timedCPUEnv) == "1"

// iterations hands out a total number of operations in grains, on demand, so
// that a goroutine the scheduler starves takes fewer of them and the work
// still finishes when the others are done. Its counter sits on its own cache
// line.
type iterations struct {
	_     cpu.CacheLinePad
	next  atomic.Int64
	_     cpu.CacheLinePad
	total int64
	grain int64
}

// maxGrain bounds a grain, so that the last grains are small enough for the
// work to end together; minGrains is how many grains each goroutine would
// take if all went at the same speed.
const (
	maxGrain  = 1024
	minGrains = 64
)

// newIterations returns iterations handing out n operations to the given
// number of goroutines. The grain is n/(goroutines*64), between 1 and 1024:
// one atomic add on the shared counter for up to a thousand operations.
func newIterations(n, goroutines int) *iterations {
	grain := int64(n) / int64(max(goroutines, 1)*minGrains)
	grain = min(max(grain, 1), maxGrain)
	return &iterations{total: int64(n), grain: grain}
}

// Next returns the size of the next grain, or 0 when all operations have
// been handed out.
func (it *iterations) Next() int {
	start := it.next.Add(it.grain) - it.grain
	if start >= it.total {
		return 0
	}
	return int(min(it.grain, it.total-start))
}

// paddedInt64 is an int64 alone on its cache line.
type paddedInt64 struct {
	v int64
	_ [cacheLineSize - 8]byte
}

// cacheLineSize is the size of the padding that keeps per-goroutine state
// from sharing a cache line.
const cacheLineSize = 64

// sweep runs b.N operations over g goroutines, started and released
// together by gang and fed by iterations. newWorker is called for each
// goroutine before the timer starts and returns the function that performs
// n operations; sweep calls it with every grain the goroutine takes, and
// runs finish, inside the timer, once all have returned. sweep reports
// allocations and the fairness metric, and returns how many operations each
// goroutine completed.
func sweep(b *testing.B, g int, newWorker func(id int) func(n int), finish ...func()) []int64 {
	b.ReportAllocs()
	workers := make([]func(int), g)
	for id := range workers {
		workers[id] = newWorker(id)
	}
	done := make([]paddedInt64, g)
	it := newIterations(b.N, g)
	gang(b, g, func(id int) {
		w := workers[id]
		var ops int64
		for n := it.Next(); n > 0; n = it.Next() {
			w(n)
			ops += int64(n)
		}
		done[id].v = ops
	}, finish...)
	counts := make([]int64, g)
	for i := range done {
		counts[i] = done[i].v
	}
	reportFairness(b, counts)
	return counts
}

// fairness returns Jain's fairness index of counts, (Σx)² / (n·Σx²): 1 when
// every goroutine did the same number of operations, 1/n when one did all
// of them. It returns 1 for no counts or all zeros.
func fairness(counts []int64) float64 {
	var sum, sumSq float64
	for _, c := range counts {
		x := float64(c)
		sum += x
		sumSq += x * x
	}
	if sumSq == 0 {
		return 1
	}
	return sum * sum / (float64(len(counts)) * sumSq)
}

// reportFairness reports Jain's fairness index of counts as the "fairness"
// metric (higher is better; 1 is perfectly fair). It reports nothing when
// there were too few operations for every goroutine to take a share
// (fewer than 64 per goroutine), where the index would only say who woke
// first. With more goroutines than GOMAXPROCS it also depends on the run's
// length against the scheduler's 10ms time slice: compare it between runs
// of the same -benchtime.
func reportFairness(b *testing.B, counts []int64) {
	var total int64
	for _, c := range counts {
		total += c
	}
	if total < int64(len(counts))*minGrains {
		return
	}
	b.ReportMetric(fairness(counts), "fairness")
}
