module github.com/syncbench/syncbench/bench

// The benchmark package builds with every Go release from 1.22 on (see the
// README, "Go releases"): keep this line, and the dependencies below, at
// versions whose own go line is 1.22 or lower.
go 1.22

require (
	github.com/montanaflynn/stats v0.14.0
	go.uber.org/goleak v1.3.0
	golang.org/x/sys v0.30.0
)
