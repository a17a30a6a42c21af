package bench

import (
	"runtime"
	"sync"
)

// fork is a way of forking goroutines to be joined by a sync.WaitGroup.
type fork string

// The ways forkJoin forks a batch of goroutines.
const (
	addOnce fork = "add-once" // wg.Add(batch), then go ... defer wg.Done()
	addEach fork = "add-each" // wg.Add(1) before each go statement
	wgGo    fork = "go"       // wg.Go(f), Go 1.25's shorthand
)

// forks lists every fork.
var forks = []fork{addOnce, addEach, wgGo}

// forkJoin runs fn(i) for i in [0, n) on n goroutines, batch of them at a
// time: it starts a batch, waits with a sync.WaitGroup until all of it has
// returned, then starts the next. batch 1 starts goroutines one at a time.
// It panics if batch is below 1 or how is unknown, or is wgGo on a Go
// release without WaitGroup.Go (see forkMissing).
func forkJoin(n, batch int, how fork, fn func(i int)) {
	if batch < 1 {
		panic("forkJoin: batch below 1")
	}
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		switch how {
		case addOnce:
			wg.Add(hi - lo)
			for i := lo; i < hi; i++ {
				go func() {
					defer wg.Done()
					fn(i)
				}()
			}
		case addEach:
			for i := lo; i < hi; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					fn(i)
				}()
			}
		case wgGo:
			for i := lo; i < hi; i++ {
				waitGroupGo(&wg, func() { fn(i) })
			}
		default:
			panic("forkJoin: unknown fork " + string(how))
		}
		wg.Wait()
	}
}

// forkMissing returns why how cannot run with the Go release this package
// was built with, or "" when it can: fork=go needs sync.WaitGroup.Go,
// which came in Go 1.25. Benchmarks and tests skip such a fork with this
// reason rather than measure something else under its name.
func forkMissing(how fork) string {
	if how == wgGo && !haveWaitGroupGo {
		return "fork=go needs sync.WaitGroup.Go (Go 1.25); built with " + runtime.Version()
	}
	return ""
}
