package main

import (
	"errors"
	"strings"

	"github.com/syncbench/syncbench/internal/option"
)

// errorLine is err's message with the option an *option.Error in its
// chain names written as the command-line flag, "-name: ...": the one
// place where an internal package's option becomes a flag.
func errorLine(err error) string {
	msg := err.Error()
	var e *option.Error
	if errors.As(err, &e) {
		if i := strings.LastIndex(msg, e.Error()); i >= 0 {
			msg = msg[:i] + "-" + msg[i:]
		}
	}
	return msg
}
