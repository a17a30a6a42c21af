package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// errHelp is returned after -h printed a command's usage; main exits 0.
var errHelp = errors.New("help requested")

// parseFlags parses a subcommand's flags. -h or -help prints fs.Usage to
// stdout and returns errHelp; a malformed flag becomes one error line
// naming it (with the closest flag name when there is one), without the
// usage text. fs.Usage must write to fs.Output(); afterwards fs writes to
// stderr.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	usage := fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == nil:
		fs.SetOutput(stderr)
		return nil
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		usage()
		fs.SetOutput(stderr)
		return errHelp
	}
	fs.SetOutput(stderr)
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		if s := closestFlag(fs, name); s != "" {
			msg += fmt.Sprintf(" (did you mean -%s?)", s)
		} else if fs.Name() == "run" {
			return fmt.Errorf("-%s is not a flag of syncbench run (see syncbench run -h); flags of the benchmark binary, such as its sweep flags, go after --: syncbench run [flags] -- -%s ...", name, name)
		}
	}
	return fmt.Errorf("%s (see syncbench %s -h)", msg, fs.Name())
}

// checkFormat is the error for a -format value that is not one of formats.
func checkFormat(format string, formats []string) error {
	if !slices.Contains(formats, format) {
		return fmt.Errorf("-format %q: want one of %s", format, strings.Join(formats, ", "))
	}
	return nil
}

// closestFlag is the flag of fs nearest to name, or "" when none is near.
func closestFlag(fs *flag.FlagSet, name string) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return closest(name, names)
}

// closest is the candidate nearest to s by edit distance (at most a third
// of its length, and at least 1 allowed), or "" when none is that near.
func closest(s string, candidates []string) string {
	best, bestD := "", max(1, len(s)/3)+1
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
