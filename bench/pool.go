package bench

import "sync"

// pool is the classic worker pool: tasks are sent into a channel of a fixed
// capacity, a fixed number of workers receive from it until it is closed,
// and a sync.WaitGroup waits for the workers to shut down.
//
// Submit may be called from any number of goroutines; Close must be called
// once, after every Submit has returned.
type pool[T any] struct {
	tasks chan T
	wg    sync.WaitGroup
}

// newPool starts workers goroutines, each calling do(worker, task) for
// every task it receives; worker is in [0, workers), so do can keep
// per-worker state without locking. buf is the capacity of the task channel
// (0 makes every Submit wait for a worker). It panics if workers is below 1.
func newPool[T any](workers, buf int, do func(worker int, task T)) *pool[T] {
	if workers < 1 {
		panic("newPool: workers below 1")
	}
	p := &pool[T]{tasks: make(chan T, buf)}
	p.wg.Add(workers)
	for w := 0; w < workers; w++ {
		go func() {
			defer p.wg.Done()
			for t := range p.tasks {
				do(w, t)
			}
		}()
	}
	return p
}

// Submit hands t to a worker, waiting while the task channel is full.
func (p *pool[T]) Submit(t T) { p.tasks <- t }

// Close closes the task channel and waits until the workers have done every
// task submitted and returned.
func (p *pool[T]) Close() {
	close(p.tasks)
	p.wg.Wait()
}
