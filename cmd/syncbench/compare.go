package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/compare/render"
)

func init() {
	commands["compare"] = command{summary: "compare two results files and fail on a real regression", run: compareCmd}
}

// percentFlag is a flag.Value for a percentage: "5", "5%" or "2.5%".
type percentFlag float64

func (p *percentFlag) String() string {
	return compare.FormatPercent(float64(*p))
}

func (p *percentFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
	if err != nil || v < 0 || v > 1000 {
		return fmt.Errorf("want a percentage such as 5%% or 2.5")
	}
	*p = percentFlag(v / 100)
	return nil
}

// keyList is a flag.Value collecting configuration keys, repeated or
// comma-separated.
type keyList []string

func (k *keyList) String() string { return strings.Join(*k, ",") }

func (k *keyList) Set(s string) error {
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			return fmt.Errorf("want a configuration key such as note or pkg")
		}
		*k = append(*k, f)
	}
	return nil
}

// compareFlags registers the decision-rule flags shared by compare and gate.
func compareFlags(fs *flag.FlagSet, o *compare.Options) {
	fs.Float64Var(&o.Alpha, "alpha", o.Alpha, "false discovery rate of the Mann-Whitney tests, controlled over families then rows")
	fs.Var((*percentFlag)(&o.Threshold), "threshold", "smallest change that counts, in `percent`, as a ratio either way (5% is ×1.05 or ÷1.05)")
	fs.StringVar(&o.Filter, "filter", o.Filter, "compare only results matching benchstat filter `query` (e.g. '.unit:sec/op')")
	fs.BoolVar(&o.AllowMachineMismatch, "allow-machine-mismatch", false, "compare results from different kinds of machine (cpu, ncpu, goos, goarch)")
	fs.DurationVar(&o.WaitFloor, "wait-floor", o.WaitFloor, "smallest change of a lock-wait percentile (p50-ns, p99-ns) that can be slower or faster, whatever its percentage: about one clock reading, the resolution of those times; 0 for none")
}

func compareCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := compare.DefaultOptions()
	compareFlags(fs, &opts)
	format := fs.String("format", "text", "output `format`: text, markdown, csv or json")
	fs.Var((*keyList)(&opts.Ignore), "ignore", "pool results whose file configuration `key` differs within a file (as benchstat -ignore); repeat or separate by commas")
	by := fs.String("by", "", "compare along the file configuration `key` instead of OLD and NEW: FILE... holds results of several values (go-version: a cross-release run), each compared with -baseline")
	baseline := fs.String("baseline", "", "with -by, the `value` the others are compared with (default: the first, the oldest for go-version)")
	fs.BoolVar(&opts.MachineShift, "machine-shift", opts.MachineShift, "judge OLD NEW's rows against the machine's shift between the two runs (per unit, the median family's change, up to twice -threshold); false judges them against no change, as benchstat does (-by never shifts)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: syncbench compare [flags] OLD NEW\n       syncbench compare -by KEY [-baseline VALUE] [flags] FILE...")
		fmt.Fprint(fs.Output(), "\n"+compare.Manual())
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if err := checkFormat(*format, render.Formats); err != nil {
		return err
	}
	if *by != "" {
		if fs.NArg() == 0 {
			return fmt.Errorf("-by %s: want results files (usage: syncbench compare -by KEY [-baseline VALUE] FILE...)", *by)
		}
		noteBackToBack(stderr, fs.Args())
		return compareAcross(fs.Args(), *by, *baseline, *format, opts, stdout, stderr)
	}
	if *baseline != "" {
		return fmt.Errorf("-baseline needs -by KEY")
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("want two results files, OLD and NEW, got %d (usage: syncbench compare [flags] OLD NEW)", fs.NArg())
	}
	var sides [2]*compare.Side
	for i, path := range fs.Args() {
		s, warnings, err := compare.ReadSide(path, opts.Filter)
		if err != nil {
			return err
		}
		for _, w := range warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		sides[i] = s
	}
	noteBackToBack(stderr, fs.Args())
	noteDifferentWork(stderr, fs.Arg(0), fs.Arg(1))
	rep, err := compare.Compare(sides[0], sides[1], opts)
	if err != nil {
		return err
	}
	if err := render.Write(stdout, rep, *format); err != nil {
		return err
	}
	return rep.Err()
}
