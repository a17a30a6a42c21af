package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/history"
)

func init() {
	commands["history"] = command{summary: "keep every run in a database (SQLite or PostgreSQL) and find its change points: add, show, changes, site", run: historyCmd}
}

const historyUsage = `usage: syncbench history add [-db DB] FILE...
       syncbench history show [-db DB] [-machine NAME] SERIES
       syncbench history changes [-db DB] [-filter RE] [-machine NAME] [-unit U] [-last N] [-format F]
       syncbench history site [-db DB] -o DIR

History keeps every run in a store: a SQLite file, or a PostgreSQL
database for a team (-db postgres://user@host/db). The store is -db, else
$SYNCBENCH_DB, else results/history.db in the repository. syncbench run adds
each run to it (-history=false skips that). A password in a DSN is never
printed.

A point is one run of one configuration: a machine (cpu, ncpu, goos,
goarch, machine), package, benchmark, GOMAXPROCS and unit, at a position,
with every sample. A standard run's position is its commit, ordered by its
place in git history when the commit is in this repository, else by the
run's date; in a cross-release run (syncbench run -toolchain a,b,...) each
go-version block is a point, ordered by release. The two kinds are kept in
series of their own.

add stores each FILE in one transaction. A file added before is stored
once (runs are known by a hash of their results and configuration). A file
with a malformed line, a dropped value or a last line cut short is refused
whole, nothing of it stored, with one line naming it and the line; files
before it stay stored. Several processes may add at once.

show prints the points of one series as a table: position (commit or Go
version), date, number of samples, median and its 95% interval (as
benchstat computes them). SERIES is a benchmark name with its -N GOMAXPROCS
suffix (none for GOMAXPROCS 1) and a unit, such as
'Counter/impl=mutex/goroutines=4-2 sec/op'; without a unit, every unit of
the benchmark is shown. The name is a regular expression matched against
whole names, so 'WaitGroup/op=add-done/.*-2 sec/op' shows several series.
Series of different machines are shown apart; -machine selects one.

changes finds the change points of every series selected (-filter,
-machine, -unit), all series at once so that the false discovery rate
(-alpha) holds over every series screened; steps below -threshold are not
reported, and a change needs -min-segment points on each side, so the
newest change is reported once that many later points confirm it. Each
change point shows the last point before it and the first after (commit
or release, with its date), the step with its 95% interval and its
adjusted p-value; regressions come first, newest first. The method is in
the documentation of internal/history/changepoint. With -last N, a
regression confirmed by one of the newest N points of its series (its
first point after lies within the newest N+min-segment-1) is NEW, and
changes exits 1: run syncbench history changes -last 1 after adding each
run in CI.

site writes the store as a static web site to DIR: an index of families,
machines and change points (regressions first, newest first) with a search
box, a page per family with trend charts, and a machines view. It works
from file:// and fetches nothing from elsewhere.

Exit status 1 for a new regression (changes -last), 2 on any error: a
refused file, a store that cannot be opened or reached, no series
matching.

Flags:
`

// historyCmd implements `syncbench history add|show`.
func historyCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errNoSubcommand
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fs := historyFlags("history", nil)
		fmt.Fprint(stdout, historyUsage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return errHelp
	case "add":
		return historyAdd(args[1:], stdout, stderr)
	case "show":
		return historyShow(args[1:], stdout, stderr)
	case "changes":
		return historyChanges(args[1:], stdout, stderr)
	case "site":
		return historySite(args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown subcommand %q (want add, show, changes or site)", args[0])
}

// historyFlags is the flag set of a history subcommand; db receives -db.
func historyFlags(name string, db *string) *flag.FlagSet {
	fs := flag.NewFlagSet("history "+name, flag.ContinueOnError)
	if db == nil {
		db = new(string)
	}
	fs.StringVar(db, "db", "", "the store: a SQLite `file` or a postgres:// DSN (default $SYNCBENCH_DB, else results/history.db in the repository)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), historyUsage)
		fs.PrintDefaults()
	}
	return fs
}

// defaultDB is the store used without -db: $SYNCBENCH_DB, else
// results/history.db at the root of the git repository holding the
// current directory.
func defaultDB() (string, error) {
	if v := os.Getenv("SYNCBENCH_DB"); v != "" {
		return v, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", fmt.Errorf("no -db given, SYNCBENCH_DB unset and no repository here for results/history.db: %w", err)
	}
	return filepath.Join(root, "results", "history.db"), nil
}

// repoRoot is the top directory of the git work tree holding the current
// directory.
func repoRoot() (string, error) {
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return "", errors.New("not in a git work tree")
	}
	return strings.TrimSpace(string(out)), nil
}

// openStore opens -db, or the default store when db is "".
func openStore(ctx context.Context, db string) (*history.Store, error) {
	if db == "" {
		var err error
		if db, err = defaultDB(); err != nil {
			return nil, err
		}
	}
	return history.Open(ctx, db)
}

// commitOrder returns a commit's place in the history of the repository
// holding the current directory (git rev-list --count), when it is there.
func commitOrder() func(string) (int64, bool) {
	cache := map[string]int64{}
	return func(commit string) (int64, bool) {
		if n, ok := cache[commit]; ok {
			return n, n > 0
		}
		var n int64
		if !strings.HasPrefix(commit, "-") {
			out, err := exec.Command("git", "rev-list", "--count", commit+"^{commit}", "--").Output()
			if err == nil {
				n, _ = strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
			}
		}
		cache[commit] = n
		return n, n > 0
	}
}

// addToHistory adds files to store, printing one line per file.
func addToHistory(ctx context.Context, st *history.Store, files []string, stdout io.Writer) error {
	opts := history.AddOptions{CommitOrder: commitOrder()}
	for _, f := range files {
		a, err := st.AddFile(ctx, f, opts)
		if err != nil {
			return err
		}
		if a.Stored {
			fmt.Fprintf(stdout, "%s: %d points added to %s\n", f, a.Points, st.Name())
		} else {
			fmt.Fprintf(stdout, "%s: in %s already (run %.12s), nothing added\n", f, st.Name(), a.Run)
		}
	}
	return nil
}

func historyAdd(args []string, stdout, stderr io.Writer) error {
	var db string
	fs := historyFlags("add", &db)
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("no results FILE given (usage: syncbench history add [-db DB] FILE...)")
	}
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	return addToHistory(ctx, st, fs.Args(), stdout)
}

func historyShow(args []string, stdout, stderr io.Writer) error {
	var db string
	fs := historyFlags("show", &db)
	machine := fs.String("machine", "", "show only the series of the machine config `name`")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 || fs.NArg() > 2 {
		return errors.New("want one SERIES: a benchmark name with its -N suffix and a unit, such as 'Counter/impl=mutex/goroutines=4-2 sec/op'")
	}
	spec := strings.Join(fs.Args(), " ")
	name, unit := spec, ""
	if i := strings.LastIndexByte(strings.TrimSpace(spec), ' '); i >= 0 {
		name, unit = strings.TrimSpace(spec[:i]), strings.TrimSpace(spec[i+1:])
	}
	name = strings.TrimPrefix(name, "Benchmark")
	re, err := regexp.Compile(name)
	if err != nil {
		return fmt.Errorf("SERIES %q: %v", name, err)
	}
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := st.Series(ctx, history.Filter{Benchmark: re, Unit: unit, Machine: *machine})
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return fmt.Errorf("no series %q in %s", spec, st.Name())
	}
	for i, s := range all {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeSeries(stdout, s)
	}
	return nil
}

// writeSeries prints one series as a table of its points.
func writeSeries(w io.Writer, s history.Series) {
	k := s.Key
	fmt.Fprintf(w, "%s %s (%s; %s; by %s)\n", k.Name(), k.Unit, k.MachineLine(), k.Pkg, k.Axis)
	type row struct {
		pos, date string
		n         int
		sum       benchmath.Summary
	}
	var rows []row
	var centers []float64
	thr := benchmath.DefaultThresholds
	for _, p := range s.Points {
		sample := benchmath.NewSample(append([]float64(nil), p.Samples...), &thr)
		sum := benchmath.AssumeNothing.Summary(sample, 0.95)
		pos := p.Position
		if k.Axis == history.AxisCommit && len(pos) > 12 {
			pos = pos[:12]
		}
		if pos == "" {
			pos = "-"
		}
		rows = append(rows, row{pos, p.Date.UTC().Format("2006-01-02 15:04"), len(p.Samples), sum})
		centers = append(centers, sum.Center)
	}
	sc := benchunit.CommonScale(centers, benchunit.ClassOf(k.Unit))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "position\tdate\tn\tmedian\t95% interval\t")
	for _, r := range rows {
		interval := "∞ (too few samples)"
		if !isInf(r.sum.Lo) && !isInf(r.sum.Hi) {
			interval = fmt.Sprintf("[%s, %s] %s", sc.Format(r.sum.Lo), sc.Format(r.sum.Hi), r.sum.PctRangeString())
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t\n", r.pos, r.date, r.n, sc.Format(r.sum.Center)+unitSuffix(k.Unit), interval)
	}
	tw.Flush()
}

func isInf(x float64) bool { return x > 1e308 || x < -1e308 }

// unitSuffix is the unit shown after a scaled value: "s" for sec/op's
// scaled seconds is implied by benchunit's prefix, so the unit follows.
func unitSuffix(unit string) string { return " " + unit }
