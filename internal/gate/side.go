package gate

import (
	"time"

	"github.com/syncbench/syncbench/internal/gate/build"
)

// built is a side ready to run: its test binary and the directory to run
// it in (the package directory of its source tree).
type built struct {
	side   build.Side
	label  string // "old" or "new"
	commit string // resolved revision, or "" for the working tree
	dir    string // package directory to run the binary in
	bin    string // the test binary
	list   []string
	// iters is the iteration count discovery chose for each benchmark.
	iters map[string]int
	// startup is the CPU time of starting the test binary.
	startup time.Duration
}
