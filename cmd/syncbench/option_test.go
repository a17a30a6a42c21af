package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/syncbench/syncbench/internal/option"
)

func TestErrorLine(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{option.New("alpha", "want a probability between 0 and 1, not %v", 2), "-alpha: want a probability between 0 and 1, not 2"},
		{fmt.Errorf("gate: %w", option.New("o", "cannot write result files there")), "gate: -o: cannot write result files there"},
		{errors.New("alpha: not an option error"), "alpha: not an option error"},
	} {
		if got := errorLine(tc.err); got != tc.want {
			t.Errorf("errorLine(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
