package history

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/results"
)

// Axes of a series: the order its points are placed in.
const (
	// AxisCommit orders a standard run's points by commit, else by date.
	AxisCommit = "commit"
	// AxisGoVersion orders a cross-release run's points by Go release.
	AxisGoVersion = "go-version"
)

// AddOptions are the settings of adding files.
type AddOptions struct {
	// CommitOrder returns a commit's place in git history (the number of
	// commits reachable from it), and false when it is not known. Nil
	// means no commit is known: points are ordered by date.
	CommitOrder func(commit string) (int64, bool)
}

// Added says what adding one file did.
type Added struct {
	// File is the file added, Run the hash that identifies its run.
	File, Run string
	// Points is the number of points the file holds.
	Points int
	// Stored is false when the run was in the store already.
	Stored bool
}

// point is one point of a file, ready to insert.
type point struct {
	key       SeriesKey
	position  string
	commit    string
	goVersion string
	samples   []float64
}

// AddFile adds the results file at path to the store in one transaction,
// or refuses it whole (see the package documentation) with an error of
// one line naming the file, and the line where there is one.
func (s *Store) AddFile(ctx context.Context, path string, opts AddOptions) (Added, error) {
	in, err := results.Open(path)
	if err != nil {
		return Added{}, err
	}
	data, err := io.ReadAll(in)
	in.Close()
	if err != nil {
		return Added{}, fmt.Errorf("%s: %w", path, err)
	}
	var date time.Time
	if st, err := os.Stat(path); err == nil {
		date = st.ModTime().UTC()
	}
	return s.Add(ctx, path, data, date, opts)
}

// Add adds the results file named name with contents data; modTime is
// the run's date when the file has no date config line.
func (s *Store) Add(ctx context.Context, name string, data []byte, modTime time.Time, opts AddOptions) (Added, error) {
	f, pts, runDate, hash, err := parse(name, data, modTime)
	if err != nil {
		return Added{}, err
	}
	a := Added{File: f.Name, Run: hash, Points: len(pts)}
	orders := map[string]sqlInt{}
	for _, p := range pts {
		if _, ok := orders[p.commit]; ok || p.commit == "" || opts.CommitOrder == nil {
			continue
		}
		n, ok := opts.CommitOrder(p.commit)
		orders[p.commit] = sqlInt{n, ok}
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return a, s.wrap("adding "+name+" to", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.rebind("INSERT INTO runs (id, file, run_date, added) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
		hash, name, runDate.Format(time.RFC3339Nano), time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return a, s.wrap("adding "+name+" to", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return a, s.wrap("adding "+name+" to", err)
	} else if n == 0 {
		return a, nil // stored already, by this or another process
	}
	insSeries, err := tx.PrepareContext(ctx, s.rebind(`INSERT INTO series (id, cpu, ncpu, goos, goarch, machine, pkg, benchmark, gomaxprocs, unit, axis)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`))
	if err != nil {
		return a, s.wrap("adding "+name+" to", err)
	}
	defer insSeries.Close()
	insPoint, err := tx.PrepareContext(ctx, s.rebind(`INSERT INTO points (run, series, position, commit_hash, commit_order, go_version, run_date, n, samples)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return a, s.wrap("adding "+name+" to", err)
	}
	defer insPoint.Close()
	seen := map[string]bool{}
	for _, p := range pts {
		id := p.key.ID()
		if !seen[id] {
			seen[id] = true
			k := p.key
			if _, err := insSeries.ExecContext(ctx, id, k.CPU, k.NCPU, k.GOOS, k.GOARCH, k.Machine, k.Pkg, k.Benchmark, k.GOMAXPROCS, k.Unit, k.Axis); err != nil {
				return a, s.wrap("adding "+name+" to", err)
			}
		}
		var order any
		if o := orders[p.commit]; o.ok {
			order = o.n
		}
		if _, err := insPoint.ExecContext(ctx, hash, id, p.position, p.commit, order, p.goVersion,
			runDate.Format(time.RFC3339Nano), len(p.samples), encodeSamples(p.samples)); err != nil {
			return a, s.wrap("adding "+name+" to", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return a, s.wrap("adding "+name+" to", err)
	}
	a.Stored = true
	return a, nil
}

type sqlInt struct {
	n  int64
	ok bool
}

// parse reads a results file for adding: its points in file order, the
// run's date and the run's hash. A file with any malformed line or
// dropped value, or whose last line has no line end, is an error.
func parse(name string, data []byte, modTime time.Time) (*results.File, []point, time.Time, string, error) {
	f, err := results.Read(name, bytes.NewReader(data))
	if err != nil {
		return nil, nil, time.Time{}, "", err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		line := bytes.Count(data, []byte{'\n'}) + 1
		return nil, nil, time.Time{}, "", fmt.Errorf("%s:%d: last line has no line end: a run cut short (refused whole: nothing of it stored)", name, line)
	}
	for _, w := range f.Warnings {
		if w.Line > 0 {
			return nil, nil, time.Time{}, "", fmt.Errorf("%s (refused whole: nothing of it stored)", w)
		}
	}
	versions := map[string]bool{}
	for _, r := range f.Results {
		versions[r.GetConfig("go-version")] = true
	}
	axis := AxisCommit
	if len(versions) > 1 {
		axis = AxisGoVersion
	}
	runDate := modTime
	h := sha256.New()
	byKey := map[string]*point{}
	var pts []point
	var order []string
	for _, r := range f.Results {
		if d := r.GetConfig("date"); d != "" {
			t, err := time.Parse(time.RFC3339, d)
			if err != nil {
				_, line := r.Pos()
				return nil, nil, time.Time{}, "", fmt.Errorf("%s:%d: date %q is not an RFC 3339 time (refused whole: nothing of it stored)", name, line, d)
			}
			runDate = t.UTC()
		}
		hashResult(h, r)
		bench, procs := splitProcs(r.Name)
		commit, gov := r.GetConfig("commit"), r.GetConfig("go-version")
		position := commit
		if axis == AxisGoVersion {
			position = gov
		}
		for _, v := range r.Values {
			k := SeriesKey{
				CPU: r.GetConfig("cpu"), NCPU: r.GetConfig("ncpu"), GOOS: r.GetConfig("goos"), GOARCH: r.GetConfig("goarch"),
				Machine: r.GetConfig("machine"), Pkg: r.GetConfig("pkg"),
				Benchmark: bench, GOMAXPROCS: procs, Unit: v.Unit, Axis: axis,
			}
			pk := k.ID() + "\x00" + position
			p := byKey[pk]
			if p == nil {
				p = &point{key: k, position: position, commit: commit, goVersion: gov}
				byKey[pk] = p
				order = append(order, pk)
			}
			p.samples = append(p.samples, v.Value)
		}
	}
	for _, pk := range order {
		pts = append(pts, *byKey[pk])
	}
	if runDate.IsZero() {
		runDate = time.Now().UTC()
	}
	return f, pts, runDate, hex.EncodeToString(h.Sum(nil)), nil
}

// hashResult writes one result's configuration, name, iterations and
// values to h, each field length-prefixed so that no two results write
// the same bytes.
func hashResult(h io.Writer, r *benchfmt.Result) {
	field := func(s string) { fmt.Fprintf(h, "%d:%s", len(s), s) }
	for _, c := range r.Config {
		field(c.Key)
		field(string(c.Value))
	}
	field(string(r.Name))
	field(strconv.Itoa(r.Iters))
	for _, v := range r.Values {
		field(v.Unit)
		field(strconv.FormatFloat(v.Value, 'g', -1, 64))
	}
	field("\n")
}

// splitProcs splits a benchmark name into the name without its -N
// GOMAXPROCS suffix and N (1 when there is no suffix, as go test writes
// GOMAXPROCS 1).
func splitProcs(n benchfmt.Name) (string, int) {
	full := string(n)
	i := strings.LastIndexByte(full, '-')
	if i < 0 || strings.LastIndexByte(full, '/') > i {
		return full, 1
	}
	p, err := strconv.Atoi(full[i+1:])
	if err != nil || p <= 0 {
		return full, 1
	}
	return full[:i], p
}

// encodeSamples writes samples as space-separated decimals that read back
// to the same float64s.
func encodeSamples(xs []float64) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	}
	return b.String()
}

// decodeSamples reads what encodeSamples wrote.
func decodeSamples(s string) ([]float64, error) {
	fields := strings.Fields(s)
	out := make([]float64, len(fields))
	for i, f := range fields {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("sample %q: %w", f, err)
		}
		out[i] = x
	}
	return out, nil
}
