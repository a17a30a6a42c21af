package bench

import "sync"

// Fork is a way of forking goroutines to be joined by a sync.WaitGroup.
type Fork string

// The ways ForkJoin forks a batch of goroutines.
const (
	AddOnce Fork = "add-once" // wg.Add(batch), then go ... defer wg.Done()
	AddEach Fork = "add-each" // wg.Add(1) before each go statement
	WGGo    Fork = "go"       // wg.Go(f), Go 1.25's shorthand
)

// Forks lists every Fork.
var Forks = []Fork{AddOnce, AddEach, WGGo}

// ForkJoin runs fn(i) for i in [0, n) on n goroutines, batch of them at a
// time: it starts a batch, waits with a sync.WaitGroup until all of it has
// returned, then starts the next. batch 1 starts goroutines one at a time.
// It panics if batch is below 1 or how is unknown.
func ForkJoin(n, batch int, how Fork, fn func(i int)) {
	if batch < 1 {
		panic("bench.ForkJoin: batch below 1")
	}
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		switch how {
		case AddOnce:
			wg.Add(hi - lo)
			for i := lo; i < hi; i++ {
				go func() {
					defer wg.Done()
					fn(i)
				}()
			}
		case AddEach:
			for i := lo; i < hi; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					fn(i)
				}()
			}
		case WGGo:
			for i := lo; i < hi; i++ {
				wg.Go(func() { fn(i) })
			}
		default:
			panic("bench.ForkJoin: unknown fork " + string(how))
		}
		wg.Wait()
	}
}
