package bench

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// The sweep flags shared by the families. A malformed value stops the run
// with one line naming the flag (see checkFlags).
var (
	goroutinesFlag = intListFlag("goroutines", []int{1, 2, 4, 8, 16, 64, 256}, []int{1, 4, 64},
		"goroutine counts of the sweeps").AtLeast(1)
	localFlag = intListFlag("local", []int{0, 200}, []int{0, 200},
		"Spin iterations of Counter work outside any lock, before each increment (200 is about 250ns)")
	heldFlag = intListFlag("held", []int{0, 200}, []int{0, 200},
		"Spin iterations of Counter work inside the critical section")
	readsFlag = intListFlag("reads", []int{50, 90, 99, 100}, []int{90, 100},
		"percent of ReadMostly operations that are reads").AtMost(100)
)

// TestMain checks the sweep flags and the slowdown setting before anything
// runs, stopping the run with one line and exit status 2 at the first
// problem, and fails the run if any goroutine outlives the tests and
// benchmarks.
func TestMain(m *testing.M) {
	flag.Parse()
	for _, check := range []func() error{checkFlags, loadSlowdown} {
		if err := check(); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %v\n", err)
			os.Exit(2)
		}
	}
	goleak.VerifyTestMain(m) // exits with the tests' status
}

// maxRaceGoroutines is the race detector's limit on live goroutines.
const maxRaceGoroutines = 8128

// overRaceLimit reports whether holding live goroutines at once would stop
// a -race build, whose detector allows at most maxRaceGoroutines (less a
// margin for the test binary's own).
func overRaceLimit(live int) bool { return raceEnabled && live > maxRaceGoroutines-100 }

// skipOverRaceLimit skips a benchmark that would hold more goroutines at
// once than the race detector allows, when built with -race.
func skipOverRaceLimit(b *testing.B, live int) {
	if overRaceLimit(live) {
		b.Skipf("%d goroutines at once: over the race detector's limit of %d", live, maxRaceGoroutines)
	}
}
