// Package option holds the error internal packages return for a bad
// option or field value: it names the option (spelled as its command-line
// flag, without the dash) and the command adds the flag syntax, so that
// the libraries know nothing of flags.
package option

import "fmt"

// Error is a bad value of the option Name; Err says what is wrong with it.
type Error struct {
	// Name is the option's name, as its flag is spelled without the dash.
	Name string
	// Err says what is wrong with the value.
	Err error
}

// New returns an *Error for the option name whose Err is
// fmt.Errorf(format, args...), so %w wraps as usual.
func New(name string, format string, args ...any) error {
	return &Error{Name: name, Err: fmt.Errorf(format, args...)}
}

// Error is the option's name, a colon and what is wrong.
func (e *Error) Error() string { return e.Name + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }
