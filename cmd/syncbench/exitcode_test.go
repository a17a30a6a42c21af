package main

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/gate"
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
		name string
		args []string
		want int
	}{
		{"a regression", []string{"compare", old, new}, 1},
		{"under the threshold", []string{"compare", "-threshold", "25%", "-filter", ".unit:sec/op", old, new}, 0},
		{"a row too few to decide, its family decided", []string{"compare", "-threshold", "25%", "-filter", ".unit:sec/op -/impl:cas", old, new}, 0},
		{"a missing file", []string{"compare", old, old + ".missing"}, 2},
		{"help", []string{"compare", "-h"}, 0},
		// history changes over the committed release history: the
		// WaitGroup step was confirmed by the fourth newest point.
		{"history changes: a regression the newest 4 points confirmed", append(changes, "-last", "4"), 1},
		{"history changes: none the newest 3 confirmed", append(changes, "-last", "3"), 0},
		{"history changes: a bad format", append(changes, "-format", "yaml"), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mainCode(tc.args, io.Discard, io.Discard); got != tc.want {
				t.Errorf("syncbench %q: exit %d, want %d", tc.args, got, tc.want)
			}
		})
	}
}

// TestExitCodeOf checks exitCode, the one mapping from what a command
// returns to the exit code.
func TestExitCodeOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"help", errHelp, 0},
		{"a regression", &compare.RegressionError{N: 1, Worst: "X sec/op +10%"}, 1},
		{"a wrapped regression", fmt.Errorf("go-version=go1.26 against go1.25: %w", &compare.RegressionError{N: 1, Worst: "X sec/op +10%"}), 1},
		{"the gate's FAIL", gateVerdict{gate.Fail}, 1},
		{"the gate's INCONCLUSIVE", gateVerdict{gate.Inconclusive}, 2},
		{"a plain error", errors.New("bad input"), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := exitCode(tc.err); got != tc.want {
				t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}
