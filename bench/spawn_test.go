package bench

import "testing"

// spawnBatchesFlag lists the batch sizes of BenchmarkSpawn.
var spawnBatchesFlag = intListFlag("batches", []int{1, 100, 10000}, []int{1, 100, 10000},
	"goroutines started at once by BenchmarkSpawn before waiting for them").AtLeast(1)

// BenchmarkSpawn measures the cost of one goroutine: starting it, running
// an empty function and waiting for it to finish, joined with a
// sync.WaitGroup forked in one of three ways (fork=add-once: wg.Add(batch)
// then go statements; fork=add-each: wg.Add(1) before each go; fork=go:
// wg.Go). batch=1 starts one and waits for it before the next; larger
// batches start that many, then wait for all of them, so the runtime can
// run them on every P while the parent is still starting more.
func BenchmarkSpawn(b *testing.B) {
	for _, how := range forks {
		for _, batch := range spawnBatchesFlag.Values() {
			b.Run(benchName("fork", how, "batch", batch), func(b *testing.B) {
				if why := forkMissing(how); why != "" {
					b.Skip(why)
				}
				skipOverRaceLimit(b, batch)
				b.ReportAllocs()
				forkJoin(b.N, batch, how, func(int) {})
			})
		}
	}
}
