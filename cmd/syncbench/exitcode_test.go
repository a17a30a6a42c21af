package main

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/syncbench/syncbench/internal/compare"
)

// TestExitCodes checks the exit code main gives each outcome of compare
// and history changes: 1 for a regression (also when wrapped, as compare
// -by wraps it; for history changes, a new one), 2 for not enough data or
// bad input, 0 for no regression.
func TestExitCodes(t *testing.T) {
	const old, new = "../../internal/compare/testdata/old.txt", "../../internal/compare/testdata/new.txt"
	db := t.TempDir() + "/h.db"
	if got := mainCode([]string{"history", "add", "-db", db, "../../results/history/vm-xeon/20261202T171549Z.txt"}, io.Discard, io.Discard); got != 0 {
		t.Fatalf("history add: exit %d", got)
	}
	changes := []string{"history", "changes", "-db", db, "-filter", "WaitGroup/op=add-done/goroutines=64-2$", "-unit", "sec/op"}
	changes = changes[:len(changes):len(changes)]
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"compare", old, new}, 1},
		{[]string{"compare", "-threshold", "25%", "-filter", ".unit:sec/op", old, new}, 0},
		{[]string{"compare", "-threshold", "25%", "-filter", ".unit:sec/op -/impl:cas", old, new}, 0},
		{[]string{"compare", old, old + ".missing"}, 2},
		{[]string{"compare", "-h"}, 0},
		// history changes over the committed release history: the
		// WaitGroup step was confirmed by the fourth newest point.
		{append(changes, "-last", "4"), 1},
		{append(changes, "-last", "3"), 0},
		{append(changes, "-format", "yaml"), 2},
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
