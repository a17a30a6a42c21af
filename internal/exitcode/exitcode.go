// Package exitcode holds the exit codes of the syncbench command and an
// error type that carries one (the gate's verdict).
package exitcode

import (
	"errors"
	"fmt"
)

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

// Error is an error that knows the exit code the command should end with.
type Error struct {
	Code int
	Err  error
}

// Error returns the message of the wrapped error.
func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with the given exit code and a formatted message.
func New(code int, format string, args ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// Code returns the exit code for err: OK for nil, the code of an *Error in
// its chain, and Failure for any other error.
func Code(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Failure
}
