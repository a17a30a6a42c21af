package bench

import (
	"fmt"
	"slices"
	"testing"

	"go.uber.org/goleak"
)

// The sweep flags of BenchmarkWorkerPool.
var (
	workersFlag = intListFlag("workers", []int{1, 4, 16}, []int{1, 4},
		"worker counts of BenchmarkWorkerPool").AtLeast(1)
	poolBufsFlag = intListFlag("pool-bufs", []int{0, 16, 1024}, []int{16},
		"task channel capacities of BenchmarkWorkerPool (0 is unbuffered)")
	taskFlag = intListFlag("tasks", []int{0, 2000}, []int{0, 2000},
		"Spin iterations of work per task of BenchmarkWorkerPool (2000 is about 3µs)")
)

// poolWorker is one worker's tally, alone on its cache line.
type poolWorker struct {
	tasks int64
	x     uint64
	_     [cacheLineSize - 16]byte
}

// BenchmarkWorkerPool measures one task completed by the classic worker
// pool: the benchmark goroutine sends b.N tasks into a channel of capacity
// buf, workers receive until it is closed, and the time runs until every
// worker has returned. task is the work per task in spin iterations. It
// reports tasks/s and the fairness of the workers' shares.
func BenchmarkWorkerPool(b *testing.B) {
	for _, w := range workersFlag.Values() {
		for _, buf := range poolBufsFlag.Values() {
			for _, task := range taskFlag.Values() {
				b.Run(benchName("workers", w, "buf", buf, "task", task), func(b *testing.B) {
					benchWorkerPool(b, w, buf, task)
				})
			}
		}
	}
}

func benchWorkerPool(b *testing.B, workers, buf, work int) {
	b.ReportAllocs()
	tally := make([]poolWorker, workers)
	p := newPool(workers, buf, func(w int, task uint64) {
		tally[w].tasks++
		tally[w].x ^= spin(work, task)
	})
	b.ResetTimer()
	for i := range b.N {
		p.Submit(uint64(i))
	}
	p.Close()
	b.StopTimer()
	counts := make([]int64, workers)
	var done int64
	for i := range tally {
		counts[i] = tally[i].tasks
		done += tally[i].tasks
	}
	if done != int64(b.N) {
		b.Fatalf("workers did %d tasks, want %d", done, b.N)
	}
	reportFairness(b, counts)
	reportRate(b, "tasks/s")
}

// TestWorkerPoolExactlyOnce submits distinct tasks to pools of several
// sizes and capacities, including no tasks at all, and checks that every
// task was done exactly once and that every worker has exited once Close
// returns.
func TestWorkerPoolExactlyOnce(t *testing.T) {
	for _, workers := range []int{1, 3, 8} {
		for _, buf := range []int{0, 1, 16} {
			for _, n := range []int{0, 1000} {
				t.Run(benchName("workers", workers, "buf", buf, "tasks", n), func(t *testing.T) {
					before := goleak.IgnoreCurrent()
					done := make([][]int, workers)
					p := newPool(workers, buf, func(w int, task int) {
						done[w] = append(done[w], task)
					})
					for i := range n {
						p.Submit(i)
					}
					p.Close()
					if err := checkTasks(done, n); err != nil {
						t.Fatal(err)
					}
					goleak.VerifyNone(t, before)
				})
			}
		}
	}
}

// checkTasks checks that done, the tasks each worker did, holds 0..n-1
// exactly once.
func checkTasks(done [][]int, n int) error {
	var all []int
	for _, d := range done {
		all = append(all, d...)
	}
	slices.Sort(all)
	if len(all) != n {
		return fmt.Errorf("workers did %d tasks, want %d", len(all), n)
	}
	for i, task := range all {
		if task != i {
			return fmt.Errorf("task %d done where task %d was expected: lost or duplicated", task, i)
		}
	}
	return nil
}

// TestWorkerPoolConcurrentSubmit submits from several goroutines at once,
// as servers do, and checks every task is done exactly once.
func TestWorkerPoolConcurrentSubmit(t *testing.T) {
	const submitters, each = 4, 500
	done := make([][]int, 3)
	p := newPool(3, 2, func(w int, task int) { done[w] = append(done[w], task) })
	runGoroutines(submitters, func(id int) {
		for i := range each {
			p.Submit(id*each + i)
		}
	})
	p.Close()
	if err := checkTasks(done, submitters*each); err != nil {
		t.Fatal(err)
	}
}
