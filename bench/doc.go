// Package bench holds the implementations that syncbench measures and the
// benchmarks that measure them. It is internal to the suite, not a harness
// for other code to build on: it exports no name, and flag errors are
// returned to TestMain, which prints one line and exits with status 2.
//
// The non-test files are the implementations (so that tests can check them
// for correctness) and the shared harness: gang starts a fixed number of
// goroutines behind a start barrier, iterations hands out b.N in grains,
// sweep combines the two and reports fairness, and intListFlag reads the
// sweep values from test flags. Each implementation runs its own loop of
// operations, so that the timed path holds the primitive and not a call per
// operation. The benchmarks live in the *_test.go files and name every
// dimension key=value, for example
//
//	BenchmarkCounter/impl=mutex/goroutines=64/local=0/held=0-8
//
// so that benchstat's projections (-col /impl -row /goroutines) work on
// their output as it is.
//
// The families: Counter and ReadMostly (shared counters and read-mostly
// values behind every primitive), Channel, PingPong and Select (moving
// data between goroutines: Go channels against a mutex-and-cond ring),
// Spawn and GoroutineMemory (what a goroutine costs in time and memory),
// WaitGroup and WorkerPool (a WaitGroup's counter and the worker-pool
// pattern), and Harness and Sampling, which check the harness's own
// overhead.
package bench
