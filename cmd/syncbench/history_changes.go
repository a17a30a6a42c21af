package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/syncbench/syncbench/internal/history"
	"github.com/syncbench/syncbench/internal/history/changepoint"
)

// historyChanges implements `syncbench history changes`.
func historyChanges(args []string, stdout, stderr io.Writer) error {
	var db string
	fs := historyFlags("changes", &db)
	def := changepoint.DefaultOptions()
	var (
		filter    = fs.String("filter", "", "only series whose benchmark name (with its -N suffix) matches this `regexp` anywhere")
		machine   = fs.String("machine", "", "only the series of the machine config `name`")
		unit      = fs.String("unit", "", "only series of this `unit` (sec/op, B/op, msgs/s, ...)")
		last      = fs.Int("last", 0, "exit 1 when a regression was confirmed by one of the newest `N` points of its series (0: never)")
		format    = fs.String("format", "text", "output `format`: text, markdown, csv or json")
		alpha     = fs.Float64("alpha", def.Alpha, "false discovery rate over every series screened")
		minSeg    = fs.Int("min-segment", def.MinSegment, "fewest `points` on each side of a change point")
		threshold = percentFlag(def.Threshold)
	)
	fs.Var(&threshold, "threshold", "smallest step reported, in `percent`, as a ratio either way")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (select series with -filter, -machine and -unit)", fs.Args())
	}
	if err := checkFormat(*format, history.ChangeFormats); err != nil {
		return err
	}
	switch {
	case *last < 0:
		return fmt.Errorf("-last %d: want 0 or more points", *last)
	case !(*alpha > 0 && *alpha < 1):
		return fmt.Errorf("-alpha %g: want a rate between 0 and 1", *alpha)
	case *minSeg < 2:
		return fmt.Errorf("-min-segment %d: want at least 2 points", *minSeg)
	}
	f := history.Filter{Unit: *unit, Machine: *machine}
	if *filter != "" {
		re, err := regexp.Compile(".*(?:" + *filter + ").*")
		if err != nil {
			return fmt.Errorf("-filter %q: %v", *filter, err)
		}
		f.Benchmark = re
	}
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := st.Series(ctx, f)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		if f == (history.Filter{}) {
			return fmt.Errorf("%s holds no series yet: syncbench run adds each run to it, syncbench history add adds results files", st.Name())
		}
		return fmt.Errorf("no series in %s match the selection", st.Name())
	}
	opt := changepoint.Options{Alpha: *alpha, Threshold: float64(threshold), MinSegment: *minSeg}
	rep := &history.ChangeReport{Found: history.Changes(all, opt), Series: len(all),
		Alpha: opt.Alpha, Threshold: opt.Threshold, MinSegment: opt.MinSegment, Last: *last}
	for _, s := range all {
		rep.Points += len(s.Points)
	}
	if err := history.WriteChanges(stdout, rep, *format); err != nil {
		return err
	}
	if reg := rep.NewRegressions(); len(reg) > 0 {
		return &history.RegressionError{Found: reg, Last: *last}
	}
	return nil
}

var errNoSubcommand = errors.New("no subcommand given (want add, show, changes or site; syncbench history -h for help)")
