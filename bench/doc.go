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
//
// # Counter's two kinds of work
//
// local is work each goroutine does outside any lock before each increment,
// the program's own work: every implementation does it, in parallel where
// there are cores for it, so it shows what a primitive costs when it is not
// the bottleneck. held is work inside the critical section (for atomic-cas
// between the load and the compare-and-swap, redone when the swap fails; for
// channel, done by the owner goroutine): it sets how long the lock is held,
// so it shows each primitive as the bottleneck. atomic-add, sharded and
// unsync have no critical section and run at held=0 only.
//
// # Metrics
//
// Besides ns/op, B/op and allocs/op: fairness (higher is better) is Jain's
// index of the operations each goroutine completed, 1 perfectly fair and 1/G
// when one goroutine did everything; p50-ns and p99-ns (lower) are the wait
// to acquire the lock, less the cost of reading the clock; lost/op (lower)
// counts the increments the unsynchronized baseline lost (it exists only
// without -race); msgs/s and tasks/s (higher) are Channel's and WorkerPool's
// throughput; B/goroutine (lower) is memory per parked goroutine.
//
// # How the suite measures
//
//   - The goroutines of a sweep are started and parked before the timer
//     starts, released together by a barrier, take operations from b.N in
//     grains of up to 1024 (so a goroutine the scheduler starves does fewer),
//     and have all exited before the benchmark returns; goleak fails the test
//     binary if any goroutine outlives it.
//   - ns/op is wall time per logical operation, whatever the number of
//     goroutines.
//   - B/goroutine (footprint) is the growth of the runtime's goroutine stacks
//     and live heap objects (runtime/metrics, after a garbage collection)
//     while n goroutines are parked. The runtime keeps an exited goroutine's
//     descriptor for the next one, so a process that already had n
//     goroutines would show less per goroutine; GoroutineMemory therefore
//     measures, and times its start-park-wake-join batches, in a fresh
//     process of the test binary for each run of b.N batches (with
//     -benchtime Nx, N counts batches of n): the first batch's goroutines
//     are the ones measured, and its garbage collections are left out of
//     the time. That keeps plain go test -bench . honest too.
//   - No toll per operation: each implementation runs its own loop over a
//     grain, so the timed path is the primitive and the loop, as in a
//     hand-written benchmark. BenchmarkHarness holds BenchmarkCounter's own
//     path (atomic-add, goroutines=1, local=0, held=0) against a bare for
//     loop of the same atomic add; scripts/overhead.sh runs it in
//     interleaved rounds, deciding on CPU time per operation at a fixed
//     iteration count, and writes the ratios to results/overhead.md.
//   - Lock-wait sampling (p50-ns, p99-ns) stays out of the way: on a sampled
//     operation (one in 64 or fewer, so that a run takes 512–1024 samples;
//     none reported below 100) the only thing done while holding the lock is
//     one clock read; the sample is stored after the unlock, in the
//     goroutine's own probe. BenchmarkSampling runs the mutex counter at 1
//     and 64 goroutines with the probe off and on (results/overhead.md).
//   - Fidelity against Go itself: scripts/fidelity.sh runs, interleaved, the
//     suite's benchmark and Go's own benchmark of the same operation
//     (results/fidelity.md). Go's RunParallel benchmarks pay a
//     testing.(*PB).Next call per operation; BenchmarkHarness/loop=parallel
//     runs our atomic add the same way to measure that toll apart.
//   - Shared state that should not be contended sits on its own cache line;
//     results of the work are kept alive.
//   - Every implementation is checked by tests under -race: counters end at
//     exactly G×K whether or not operations are sampled, read-mostly stores
//     never return a value that was never written.
//
// # Go releases
//
// The package is a module of its own (go 1.22), so every Go release from
// 1.22 on builds it with the same benchmark names. A configuration a release
// lacks an API for is skipped on that release with its reason, never
// measured as something else under the same name: Spawn/fork=go needs
// sync.WaitGroup.Go (Go 1.25). syncbench run and gate build the package in
// its own module (GOWORK=off), so every release builds it with the same
// dependency versions. A cross-release run (syncbench run -toolchain a,b,...)
// runs every top-level benchmark once under every release in each round, the
// order rotating, so that the machine's drift spreads over all releases.
package bench
