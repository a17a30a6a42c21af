package history

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/compare"
)

// SeriesKey identifies a series: a machine fingerprint, package,
// benchmark, GOMAXPROCS, unit and axis.
type SeriesKey struct {
	CPU, NCPU, GOOS, GOARCH, Machine string
	Pkg                              string
	// Benchmark is the full name without "Benchmark" and without the
	// -N GOMAXPROCS suffix.
	Benchmark  string
	GOMAXPROCS int
	// Unit is the normalized unit (sec/op for ns/op), as benchfmt reads it.
	Unit string
	// Axis is AxisCommit or AxisGoVersion.
	Axis string
}

// ID is the key's identifier in the store: a hash of its fields.
func (k SeriesKey) ID() string {
	h := sha256.New()
	for _, f := range []string{k.CPU, k.NCPU, k.GOOS, k.GOARCH, k.Machine, k.Pkg, k.Benchmark, strconv.Itoa(k.GOMAXPROCS), k.Unit, k.Axis} {
		fmt.Fprintf(h, "%d:%s", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Name is the benchmark name as go test writes it, with its -N suffix
// (none for GOMAXPROCS 1).
func (k SeriesKey) Name() string {
	if k.GOMAXPROCS == 1 {
		return k.Benchmark
	}
	return k.Benchmark + "-" + strconv.Itoa(k.GOMAXPROCS)
}

// Machine is the fingerprint as one line: the machine name when there is
// one, then cpu, ncpu, goos/goarch.
func (k SeriesKey) MachineLine() string {
	var parts []string
	if k.Machine != "" {
		parts = append(parts, k.Machine)
	}
	parts = append(parts, k.CPU, "ncpu "+k.NCPU, k.GOOS+"/"+k.GOARCH)
	return strings.Join(parts, ", ")
}

// Point is one run of a series' configuration at one position.
type Point struct {
	// Position is the commit (commit axis; empty when the file has none)
	// or the Go version (go-version axis).
	Position string
	// Commit and GoVersion are the run's commit and go-version config.
	Commit, GoVersion string
	// CommitOrder is the commit's place in git history when known, else 0.
	CommitOrder int64
	// Date is the run's date.
	Date time.Time
	// Run is the hash of the run the point came from.
	Run string
	// Samples are every sample value, in file order.
	Samples []float64
}

// Series is the points of one series, in position order.
type Series struct {
	Key    SeriesKey
	Points []Point
}

// Filter selects series; a zero field selects all.
type Filter struct {
	// Benchmark, when set, must match the benchmark name with its -N
	// suffix (SeriesKey.Name) whole.
	Benchmark *regexp.Regexp
	// Unit, when set, is the unit (sec/op, B/op, ...) wanted.
	Unit string
	// Machine, when set, is the machine config value wanted.
	Machine string
}

// Series loads every series that f selects with all their points and
// samples, points in position order (see SortPoints), series ordered by
// machine, package, benchmark, GOMAXPROCS, unit and axis.
func (s *Store) Series(ctx context.Context, f Filter) ([]Series, error) {
	q := `SELECT s.id, s.cpu, s.ncpu, s.goos, s.goarch, s.machine, s.pkg, s.benchmark, s.gomaxprocs, s.unit, s.axis,
		p.position, p.commit_hash, p.commit_order, p.go_version, p.run_date, p.run, p.samples
		FROM series s JOIN points p ON p.series = s.id WHERE 1 = 1`
	var args []any
	if f.Unit != "" {
		q += " AND s.unit = ?"
		args = append(args, f.Unit)
	}
	if f.Machine != "" {
		q += " AND s.machine = ?"
		args = append(args, f.Machine)
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, s.wrap("reading", err)
	}
	defer rows.Close()
	byID := map[string]*Series{}
	var out []*Series
	for rows.Next() {
		var (
			id, date, samples string
			k                 SeriesKey
			p                 Point
			order             *int64
		)
		if err := rows.Scan(&id, &k.CPU, &k.NCPU, &k.GOOS, &k.GOARCH, &k.Machine, &k.Pkg, &k.Benchmark, &k.GOMAXPROCS, &k.Unit, &k.Axis,
			&p.Position, &p.Commit, &order, &p.GoVersion, &date, &p.Run, &samples); err != nil {
			return nil, s.wrap("reading", err)
		}
		if f.Benchmark != nil && !matchWhole(f.Benchmark, k.Name()) {
			continue
		}
		if order != nil {
			p.CommitOrder = *order
		}
		if p.Date, err = time.Parse(time.RFC3339Nano, date); err != nil {
			return nil, s.wrap("reading", fmt.Errorf("point date %q: %w", date, err))
		}
		if p.Samples, err = decodeSamples(samples); err != nil {
			return nil, s.wrap("reading", err)
		}
		ser := byID[id]
		if ser == nil {
			ser = &Series{Key: k}
			byID[id] = ser
			out = append(out, ser)
		}
		ser.Points = append(ser.Points, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap("reading", err)
	}
	res := make([]Series, len(out))
	for i, ser := range out {
		SortPoints(ser.Key.Axis, ser.Points)
		res[i] = *ser
	}
	slices.SortFunc(res, func(a, b Series) int {
		ka, kb := a.Key, b.Key
		return cmpStrings(
			[]string{ka.Machine, ka.CPU, ka.NCPU, ka.GOOS, ka.GOARCH, ka.Pkg, ka.Benchmark, fmt.Sprintf("%09d", ka.GOMAXPROCS), ka.Unit, ka.Axis},
			[]string{kb.Machine, kb.CPU, kb.NCPU, kb.GOOS, kb.GOARCH, kb.Pkg, kb.Benchmark, fmt.Sprintf("%09d", kb.GOMAXPROCS), kb.Unit, kb.Axis})
	})
	return res, nil
}

func cmpStrings(a, b []string) int { return slices.Compare(a, b) }

// matchWhole reports whether re matches all of s.
func matchWhole(re *regexp.Regexp, s string) bool {
	loc := re.FindStringIndex(s)
	return loc != nil && loc[0] == 0 && loc[1] == len(s)
}

// SortPoints puts the points of a series of the given axis in position
// order. On the go-version axis that is release order (go1.9 before
// go1.10), then date. On the commit axis it is the commits' order in git
// history when every point's commit order is known, else the runs' dates.
func SortPoints(axis string, ps []Point) {
	if axis == AxisGoVersion {
		slices.SortStableFunc(ps, func(a, b Point) int {
			if c := compare.CompareGoVersions(a.GoVersion, b.GoVersion); c != 0 {
				return c
			}
			return a.Date.Compare(b.Date)
		})
		return
	}
	byCommit := true
	for _, p := range ps {
		if p.CommitOrder == 0 {
			byCommit = false
		}
	}
	slices.SortStableFunc(ps, func(a, b Point) int {
		if byCommit && a.CommitOrder != b.CommitOrder {
			if a.CommitOrder < b.CommitOrder {
				return -1
			}
			return 1
		}
		return a.Date.Compare(b.Date)
	})
}

// Counts are the numbers of runs, series and points in a store.
type Counts struct{ Runs, Series, Points int }

// Count counts the store's runs, series and points.
func (s *Store) Count(ctx context.Context) (Counts, error) {
	var c Counts
	for _, q := range []struct {
		table string
		n     *int
	}{{"runs", &c.Runs}, {"series", &c.Series}, {"points", &c.Points}} {
		if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+q.table).Scan(q.n); err != nil {
			return c, s.wrap("counting the "+q.table+" of", err)
		}
	}
	return c, nil
}
