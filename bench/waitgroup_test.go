package bench

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkWaitGroup measures one wg.Add(1) and wg.Done() pair made by
// goroutines goroutines at once on one WaitGroup: its counter under
// contention (op=add-done). Forking and joining goroutines with a
// WaitGroup is BenchmarkSpawn's question.
func BenchmarkWaitGroup(b *testing.B) {
	for _, g := range goroutinesFlag.Values() {
		b.Run(benchName("op", "add-done", "goroutines", g), func(b *testing.B) {
			var wg sync.WaitGroup
			sweep(b, g, func(int) func(int) {
				return func(n int) {
					for range n {
						wg.Add(1)
						wg.Done()
					}
				}
			})
			wg.Wait() // the counter is back to zero: returns at once
		})
	}
}

// TestForkJoin checks, for every way of forking and several batch sizes,
// that every index runs exactly once and that all have finished when
// forkJoin returns.
func TestForkJoin(t *testing.T) {
	const n = 500
	for _, how := range forks {
		if why := forkMissing(how); why != "" {
			t.Log(why)
			continue
		}
		for _, batch := range []int{1, 7, n, 2 * n} {
			ran := make([]atomic.Int32, n)
			forkJoin(n, batch, how, func(i int) { ran[i].Add(1) })
			for i := range ran {
				if c := ran[i].Load(); c != 1 {
					t.Fatalf("op=%s batch=%d: index %d ran %d times, want once", how, batch, i, c)
				}
			}
		}
	}
	if !panics(func() { forkJoin(1, 0, addOnce, func(int) {}) }) {
		t.Error("forkJoin with batch 0 did not panic")
	}
	if !panics(func() { forkJoin(1, 1, fork("spawn"), func(int) {}) }) {
		t.Error("forkJoin with an unknown fork did not panic")
	}
}

// TestForkJoinJoins checks that forkJoin waits for each batch before
// starting the next: when goroutine i starts, every goroutine of the
// batches before its own has finished.
func TestForkJoinJoins(t *testing.T) {
	const n, batch = 300, 10
	for _, how := range forks {
		if why := forkMissing(how); why != "" {
			t.Log(why)
			continue
		}
		var completed atomic.Int64
		var early atomic.Int64
		forkJoin(n, batch, how, func(i int) {
			if completed.Load() < int64(i/batch*batch) {
				early.Add(1)
			}
			runtime.Gosched() // give a goroutine of the next batch, if any were started, time to run
			completed.Add(1)
		})
		if e := early.Load(); e > 0 {
			t.Errorf("op=%s: %d goroutines started before the batches before theirs had finished", how, e)
		}
		if c := completed.Load(); c != n {
			t.Errorf("op=%s: %d goroutines completed, want %d", how, c, n)
		}
	}
}
