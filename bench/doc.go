// Package bench holds the implementations that syncbench measures and the
// benchmarks that measure them.
//
// The non-test files are the implementations (so that tests can check them
// for correctness) and the shared harness: Gang starts a fixed number of
// goroutines behind a start barrier, Iterations hands out b.N in grains,
// Sweep combines the two and reports fairness, and IntListFlag reads the
// sweep values from test flags. The benchmarks live in the *_test.go files
// and name every dimension key=value, for example
//
//	BenchmarkCounter/impl=mutex/goroutines=64/work=0-8
//
// so that benchstat's projections (-col /impl -row /goroutines) work on
// their output as it is.
//
// The families: Counter and ReadMostly (shared counters and read-mostly
// values behind every primitive), Channel, PingPong and Select (moving
// data between goroutines: Go channels against a mutex-and-cond Ring),
// Spawn and GoroutineMemory (what a goroutine costs in time and memory),
// WaitGroup and WorkerPool (fork-join and the worker-pool pattern), and
// Harness and Sampling, which check the harness's own overhead.
package bench
