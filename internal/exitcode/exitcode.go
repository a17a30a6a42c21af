// Package exitcode holds the exit codes of the syncbench command, which
// its main gives each command's returned value.
package exitcode

// The exit codes of the syncbench command.
const (
	// OK is success and, for comparisons, no regression.
	OK = 0
	// Regression means a comparison or gate found a real regression.
	Regression = 1
	// Failure is a usage error, unreadable or insufficient input, or any
	// other failure.
	Failure = 2
)
