package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/benchre"
	"github.com/syncbench/syncbench/internal/results"
	"github.com/syncbench/syncbench/internal/rounds"
)

// measure runs the selected benchmarks through the measuring engine
// (package rounds): it calibrates each top-level benchmark on every side,
// then runs o.Count rounds in which every configuration runs once per
// side in a fresh process, in an order drawn from seed, feeding each
// process's output to st. It stops at the first failure or when ctx is
// done, and returns an error describing a failure other than ctx's
// cancellation.
func measure(ctx context.Context, sides []rounds.Side, o Options, seed uint64, pattern benchre.Pattern, tops []string, st *stream, rep *Report, reuse map[string]int, reuseFrom string) error {
	set := rounds.Settings{Benchtime: o.Benchtime, Short: o.Short, Timeout: o.Timeout, Args: o.Args, Reuse: reuse}
	label := func(k int) string {
		if len(sides) > 1 {
			return sides[k].Label
		}
		return ""
	}
	at := map[string]int{}
	for i, t := range tops {
		at[t] = i
	}
	cal, err := rounds.Calibrate(ctx, sides, tops, pattern, o.CPU, set, rounds.Observer{
		Top: func(top string, k int) { st.prog.Calibrating(at[top], top, label(k)) },
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		var f *rounds.Failure
		if errors.As(err, &f) {
			st.calibration = f
			if len(sides) > 1 {
				return fmt.Errorf("%v (built with %s)", err, f.Side)
			}
		}
		return err
	}
	for _, t := range tops {
		rep.Times = append(rep.Times, TopTime{t, cal.Times[t]})
	}
	seen := map[string]bool{}
	for _, u := range cal.Units {
		if u.Name != "" {
			seen[u.Config()] = true
		}
	}
	configs := len(seen)
	line := fmt.Sprintf("syncbench run: calibrated %d configurations (a test process running nothing takes %s)", configs, cal.Startup.Round(time.Millisecond))
	if reuseFrom != "" {
		line += fmt.Sprintf("; iteration counts of %d reused from %s", cal.Reused, filepath.Base(reuseFrom))
		if cal.Confirmed > 0 {
			line += fmt.Sprintf(" (%d after a run at the count, calibration's speed having put it out of the span)", cal.Confirmed)
		}
		if n := len(cal.Recalibrated); n > 0 {
			line += fmt.Sprintf(", %d calibrated again (%s now takes over %d times more or less than -benchtime)", n, cal.Recalibrated[0], rounds.ReuseSpan)
		}
	}
	for _, t := range cal.Whole {
		line += fmt.Sprintf("; %s runs whole, one process per GOMAXPROCS value (%s)", t, cal.WhyWhole(t))
	}
	st.prog.Println(line + fmt.Sprintf("; %d rounds of %d runs, seed %d", o.Count, len(cal.Units), seed))
	st.header = append(st.header, configKVs(rounds.ConfigLines(o.Count, seed, cal.Whole, 1))...)
	if !strings.HasSuffix(o.Benchtime, "x") {
		st.header = append(st.header, kv{results.BenchtimeKey, o.Benchtime}, kv{results.IterationsKey, results.IterationsLine(reuseFrom, cal.Reused, configs)})
	}
	e := rounds.New(sides, set, seed)
	return e.Run(ctx, cal.Units, o.Count, func(ctx context.Context, s rounds.Step) error {
		st.prog.Step(s, label(s.Unit.Side))
		if len(sides) > 1 {
			st.config("go-version", s.Side.Label)
		}
		t0 := time.Now()
		before := st.w.Results()
		err := executeOne(ctx, s, st)
		rep.Times = append(rep.Times, TopTime{s.Unit.Top, time.Since(t0)})
		if err == nil && ctx.Err() == nil && st.w.Results() == before {
			// Calibration found this configuration: a process that
			// measures nothing of it would drop it from the file.
			err = fmt.Errorf("%s wrote no result (its process ran: %s)", s.Unit.Config(), strings.Join(s.Args, " "))
		}
		if err != nil && len(sides) > 1 {
			return fmt.Errorf("%v (built with %s)", err, s.Side.Label)
		}
		return err
	})
}

// configKVs converts key and value pairs to config lines.
func configKVs(pairs [][2]string) []kv {
	out := make([]kv, len(pairs))
	for i, p := range pairs {
		out[i] = kv{p[0], p[1]}
	}
	return out
}
