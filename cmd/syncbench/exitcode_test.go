package main

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/syncbench/syncbench/internal/compare"
)

// TestExitCodes checks the exit code main gives each outcome of compare:
// 1 for a regression (also when wrapped, as compare -by wraps it), 2 for
// not enough data or bad input, 0 for no regression.
func TestExitCodes(t *testing.T) {
	const old, new = "../../internal/compare/testdata/old.txt", "../../internal/compare/testdata/new.txt"
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"compare", old, new}, 1},
		{[]string{"compare", "-threshold", "25%", "-filter", ".unit:sec/op", old, new}, 0},
		{[]string{"compare", "-threshold", "25%", "-filter", ".unit:sec/op -/impl:cas", old, new}, 0},
		{[]string{"compare", old, old + ".missing"}, 2},
		{[]string{"compare", "-h"}, 0},
	} {
		if got := mainCode(tc.args, io.Discard, io.Discard); got != tc.want {
			t.Errorf("syncbench %q: exit %d, want %d", tc.args, got, tc.want)
		}
	}
	wrapped := fmt.Errorf("go-version=go1.26 against go1.25: %w", &compare.RegressionError{N: 1, Worst: "X sec/op +10%"})
	if got := exitCode(wrapped); got != 1 {
		t.Errorf("exitCode(%v) = %d, want 1", wrapped, got)
	}
	if got := exitCode(errors.New("bad input")); got != 2 {
		t.Errorf("exitCode(plain error) = %d, want 2", got)
	}
}
