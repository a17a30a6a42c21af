// Command syncbench runs the syncbench suite of Go synchronization
// benchmarks and makes sense of its results.
//
// Usage:
//
//	syncbench run [flags] [-- test-binary flags]
//	syncbench report [flags] FILE...
//	syncbench compare [flags] OLD NEW
//	syncbench gate -old SIDE -new SIDE [flags]
//	syncbench history add [-db DB] FILE...
//	syncbench history show [-db DB] SERIES
//	syncbench history changes [-db DB] [-filter RE] [-last N]
//	syncbench history site [-db DB] -o DIR
//
// Exit codes: 0 success (and, for comparisons, no regression), 1 a
// regression was found, 2 a usage error, unreadable or insufficient input,
// or any other failure. Errors are one line on stderr.
//
// Unless GOMEMLIMIT is set, syncbench sets the Go runtime's soft memory
// limit to 768 MiB, so that the collector runs sooner on large inputs
// instead of letting the heap grow to twice its live size.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/exitcode"
	"github.com/syncbench/syncbench/internal/gate"
	"github.com/syncbench/syncbench/internal/history"
)

// command is one subcommand: it parses its own flags from args and writes
// its output to stdout and its diagnostics to stderr.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

// commands is the registry of subcommands; each lives in its own file.
var commands = map[string]command{}

func main() {
	softMemoryLimit()
	os.Exit(mainCode(os.Args[1:], os.Stdout, os.Stderr))
}

// defaultMemoryLimit is the Go runtime's soft memory limit syncbench sets
// unless GOMEMLIMIT is given. A report or comparison of a million rows
// keeps 400 to 600 MB live; with the runtime's default the heap may grow
// to twice that before it is collected, and the limit makes the collector
// run sooner instead. Inputs whose live data exceed it still work, with
// more time spent collecting (the runtime caps that at about half the CPU).
const defaultMemoryLimit = 768 << 20

// softMemoryLimit applies defaultMemoryLimit when GOMEMLIMIT is not set.
func softMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

// mainCode dispatches to a subcommand and returns the process exit code.
func mainCode(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "syncbench: no command given (want one of %s; syncbench -h for help)\n", strings.Join(names(), ", "))
		return exitcode.Failure
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitcode.OK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		hint := ""
		if s := closest(args[0], names()); s != "" {
			hint = fmt.Sprintf("did you mean %s? ", s)
		}
		fmt.Fprintf(stderr, "syncbench: unknown command %q (%swant one of %s)\n", args[0], hint, strings.Join(names(), ", "))
		return exitcode.Failure
	}
	err := cmd.run(args[1:], stdout, stderr)
	var verdict gateVerdict
	switch {
	case errors.Is(err, errHelp):
		return exitcode.OK
	case errors.As(err, &verdict):
		// The gate has written its verdict line: only the code is left.
	case err != nil:
		fmt.Fprintf(stderr, "syncbench %s: %s\n", args[0], errorLine(err))
	}
	return exitCode(err)
}

// exitCode is the exit code for what a command returned, the one place
// they are given: nil and -h are 0; a regression (compare's, a new one
// of history changes, or the gate's FAIL) is 1; anything else (a usage error, bad input, a gate
// INCONCLUSIVE) is 2.
func exitCode(err error) int {
	var reg *compare.RegressionError
	var verdict gateVerdict
	var hist *history.RegressionError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitcode.OK
	case errors.As(err, &reg), errors.As(err, &hist):
		return exitcode.Regression
	case errors.As(err, &verdict) && verdict.verdict == gate.Fail:
		return exitcode.Regression
	}
	return exitcode.Failure
}

func names() []string {
	var ns []string
	for n := range commands {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: syncbench <command> [flags] [args]")
	fmt.Fprintln(w, "commands:")
	for _, n := range names() {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
}
