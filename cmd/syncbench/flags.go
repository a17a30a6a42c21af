package main

import (
	"errors"
	"flag"
	"io"

	"github.com/syncbench/syncbench/internal/exitcode"
)

// parseFlags parses a subcommand's flags with fs.Usage as its help. A
// malformed flag becomes one error line naming it (main prints it, exit
// status 2), without the usage text; -h or -help prints the usage to
// stderr and ends with exit status 2 and nothing more. Afterwards fs writes
// to stderr, so that fs.Usage can be called again.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	usage := fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(stderr)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		usage()
		return &exitcode.Error{Code: exitcode.Failure, Err: errors.New("")}
	default:
		return exitcode.New(exitcode.Failure, "%v (see syncbench %s -h)", err, fs.Name())
	}
}
