// Package fidelity compares the suite's benchmarks with Go's own benchmarks
// of the same operations, run interleaved from the same toolchain, and
// renders the ratios (scripts/fidelity.sh writes results/fidelity.md).
package fidelity

// Pair is one operation measured by the suite and by a benchmark of Go's
// own tests.
type Pair struct {
	Name string // short name of the operation, such as "mutex-uncontended"
	// Ours selects one benchmark of the suite (a -test.bench pattern), run
	// with OursArgs added to its command line.
	Ours     string
	OursArgs []string
	// GoPkg is the standard-library package whose test binary holds GoBench,
	// Go's benchmark of the operation (a -test.bench pattern): the base the
	// ratio divides by. Empty, GoBench is another benchmark of the suite.
	GoPkg   string
	GoBench string
	// CPU is the GOMAXPROCS both sides run at (-test.cpu).
	CPU int
	// OursPerGo is how many of our operations make one of Go's: the ratio
	// compares ours × OursPerGo with Go's ns/op (1 when the operations are
	// the same).
	OursPerGo float64
	// Note says what the two programs do and how they differ.
	Note string
	// Tolerance is how far the median ratio may be from 1 for the pair to
	// count as within; 0 means DefaultTolerance.
	Tolerance float64
}

// Set is a list of pairs with the words its report uses.
type Set struct {
	Name   string // the -set name
	Title  string // the report's heading
	Intro  string // what the set checks, a paragraph
	Ours   string // the label of the side divided, such as "ours"
	Base   string // the label of the side divided by, such as "Go's"
	Pairs  []Pair
	Script string // the script that writes the report
	// Rounds is the set's default number of rounds. overhead, with its 2%
	// tolerance, runs more than fidelity: at 20 rounds its intervals were
	// about as wide as 2%, the probe costing less than the spread between
	// processes.
	Rounds int
}

// Sets are the pair lists scripts/fidelity.sh and scripts/overhead.sh run.
var Sets = []Set{
	{Name: "fidelity", Title: "Fidelity: the suite against Go's own benchmarks", Ours: "ours", Base: "Go's", Pairs: Pairs,
		Script: "scripts/fidelity.sh", Rounds: 20,
		Intro: "Each pair runs one of the suite's benchmarks and the benchmark of Go's own tests (built from the same toolchain) that measures the same operation."},
	{Name: "overhead", Title: "Overhead: the harness and the lock-wait probe", Ours: "with", Base: "without", Pairs: OverheadPairs,
		Script: "scripts/overhead.sh", Rounds: 40,
		Intro: "Each pair runs one of the suite's benchmarks with and without a part of the harness: BenchmarkHarness's Counter path (benchCounter: sweep, grains, the implementation's own loop) against a bare for loop of the same atomic add, and BenchmarkSampling's mutex counter with the lock-wait probe on against off, uncontended and contended."},
}

// OverheadPairs hold the suite's own costs of measuring against not
// measuring: the harness (within 5%) and the probe (within 2%).
var OverheadPairs = []Pair{
	{Name: "harness", CPU: 1, OursPerGo: 1, Ours: `^BenchmarkHarness$/^loop=counter$`, GoBench: `^BenchmarkHarness$/^loop=bare$`,
		Note: "Counter/impl=atomic-add/goroutines=1/local=0/held=0's own path against a bare for loop of the same atomic add."},
	{Name: "harness", CPU: 2, OursPerGo: 1, Ours: `^BenchmarkHarness$/^loop=counter$`, GoBench: `^BenchmarkHarness$/^loop=bare$`,
		Note: "The same at GOMAXPROCS=2."},
	{Name: "probe-1", CPU: 1, OursPerGo: 1, Tolerance: 0.02, Ours: `^BenchmarkSampling$/^goroutines=1$/^probe=on$`, GoBench: `^BenchmarkSampling$/^goroutines=1$/^probe=off$`,
		Note: "The mutex counter, one goroutine, lock-wait probe on against off."},
	{Name: "probe-1", CPU: 2, OursPerGo: 1, Tolerance: 0.02, Ours: `^BenchmarkSampling$/^goroutines=1$/^probe=on$`, GoBench: `^BenchmarkSampling$/^goroutines=1$/^probe=off$`,
		Note: "The same at GOMAXPROCS=2."},
	{Name: "probe-64", CPU: 1, OursPerGo: 1, Tolerance: 0.02, Ours: `^BenchmarkSampling$/^goroutines=64$/^probe=on$`, GoBench: `^BenchmarkSampling$/^goroutines=64$/^probe=off$`,
		Note: "The mutex counter, 64 goroutines on one P: they contend when one is preempted holding the lock."},
	{Name: "probe-64", CPU: 2, OursPerGo: 1, Tolerance: 0.02, Ours: `^BenchmarkSampling$/^goroutines=64$/^probe=on$`, GoBench: `^BenchmarkSampling$/^goroutines=64$/^probe=off$`,
		Note: "The mutex counter, 64 goroutines on two Ps: contended."},
}

// LookupSet returns the set called name.
func LookupSet(name string) (Set, bool) {
	for _, s := range Sets {
		if s.Name == name {
			return s, true
		}
	}
	return Set{}, false
}

// Pairs are the operations compared, in the order the report lists them.
var Pairs = []Pair{
	{
		Name: "mutex-uncontended", CPU: 1, OursPerGo: 1,
		Ours:  `^BenchmarkCounter$/^impl=mutex$/^goroutines=1$/^local=0$/^held=0$`,
		GoPkg: "sync", GoBench: `^BenchmarkMutexUncontended$`,
		Note: "Lock and Unlock of a mutex no other goroutine touches. Ours also increments the counter under the lock (a load and a store the unlock's locked add waits for) and times the lock wait of one operation in at least 64 (the standard run's probe); Go's is a RunParallel benchmark, whose every operation also calls testing.(*PB).Next, a call the compiler does not inline (the pair atomic-add-runparallel measures its toll apart).",
	},
	{
		Name: "rwmutex-read", CPU: 1, OursPerGo: 1,
		Ours:     `^BenchmarkReadMostly$/^impl=rwmutex$/^reads=99$/^goroutines=1$`,
		OursArgs: []string{"-reads=99"},
		GoPkg:    "sync", GoBench: `^BenchmarkRWMutexWrite100$`,
		Note: "RLock and RUnlock, with one write (Lock, Unlock) in 100 operations. Different on purpose: ours draws reads and writes at random (a xorshift step and a remainder by the constant 100, a multiplication) so that goroutines do not write in step, copies the four-word value under the lock and times one lock wait in at least 64; Go's takes every 100th operation by a remainder by a variable (a division instruction each operation) and, as a RunParallel benchmark, calls testing.(*PB).Next (not inlined) on every operation. So Go's benchmark carries more than the primitive.",
	},
	{
		Name: "atomic-add", CPU: 1, OursPerGo: 1,
		Ours:  `^BenchmarkCounter$/^impl=atomic-add$/^goroutines=1$/^local=0$/^held=0$`,
		GoPkg: "internal/runtime/atomic", GoBench: `^BenchmarkXadd64$`,
		Note: "One 64-bit atomic add on a word no other goroutine touches: sync/atomic's Int64.Add against the runtime's Xadd64, the same LOCK XADD instruction. Go's is a RunParallel benchmark, whose every operation also calls testing.(*PB).Next, a call the compiler does not inline; ours is a plain loop (BenchmarkHarness holds it against a bare for loop, scripts/overhead.sh). The pair atomic-add-runparallel measures that toll apart.",
	},
	{
		Name: "atomic-add-runparallel", CPU: 1, OursPerGo: 1,
		Ours:  `^BenchmarkHarness$/^loop=parallel$`,
		GoPkg: "internal/runtime/atomic", GoBench: `^BenchmarkXadd64$`,
		Note: "The control of the RunParallel pairs: our atomic add run the way Go's benchmark runs it, in b.RunParallel with testing.(*PB).Next around every add. With the same harness on both sides the ratio is the primitive's alone; set against atomic-add's ratio it measures the toll of PB.Next that Go's RunParallel benchmarks (Xadd64, MutexUncontended, RWMutexWrite100, WaitGroupAddDone) carry and the suite's plain loops do not.",
	},
	{
		Name: "chan-pingpong", CPU: 1, OursPerGo: 0.5,
		Ours:  `^BenchmarkPingPong$/^buf=0$`,
		GoPkg: "runtime", GoBench: `^BenchmarkChanSync$`,
		Note: "Two goroutines handing values back and forth over unbuffered channels. Go's ns/op is one hand-off (ChanSync's two goroutines share one channel, in both directions); ours is a round trip, two hand-offs, so ours is halved. Different on purpose: ours is a request and a reply as programs write them, over a ping and a pong channel (two channel structures in play, not one), and the caller sums the answers to check every one.",
	},
	{
		Name: "chan-buffered", CPU: 1, OursPerGo: 1,
		Ours:     `^BenchmarkChannel$/^impl=chan$/^buf=100$/^producers=1$/^consumers=1$`,
		OursArgs: []string{"-bufs=100", "-producers=1", "-consumers=1"},
		GoPkg:    "runtime", GoBench: `^BenchmarkChanProdCons100$`,
		Note: "One producer sending to one consumer through a channel of capacity 100 (ours run with -bufs=100 to match; the standard sweep has 0, 1, 16, 256 and 4096); ns/op is one message on both sides.",
	},
	{
		Name: "goroutine-create", CPU: 1, OursPerGo: 4,
		Ours:     `^BenchmarkSpawn$/^fork=add-once$/^batch=4$`,
		OursArgs: []string{"-batches=4"},
		GoPkg:    "runtime", GoBench: `^BenchmarkCreateGoroutinesCapture$`,
		Note: "Start four goroutines with wg.Add(4), each calling wg.Done, and wait for them (ours run with -batches=4 to match). Go's ns/op is the batch of four, ours one goroutine, so ours is multiplied by 4. Go's declares a new WaitGroup for every batch (one more heap allocation per batch, as its closures capture it) and its goroutines capture b; ours reuses one WaitGroup, as a loop of batches would.",
	},
	{
		Name: "waitgroup-add-done", CPU: 1, OursPerGo: 1,
		Ours:  `^BenchmarkWaitGroup$/^op=add-done$/^goroutines=1$`,
		GoPkg: "sync", GoBench: `^BenchmarkWaitGroupAddDone$`,
		Note: "wg.Add(1) then wg.Done() on one WaitGroup, one goroutine. Go's is a RunParallel benchmark, whose every operation also calls testing.(*PB).Next (not inlined) and reloads the WaitGroup's address from the stack around the calls; ours is a plain loop (the pair atomic-add-runparallel measures the toll of PB.Next apart).",
	},
}
