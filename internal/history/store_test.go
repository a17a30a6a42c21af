package history

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syncbench/syncbench/internal/history/pgtest"
	"github.com/syncbench/syncbench/internal/results"
)

// releasesFile is a committed cross-release run (six Go releases).
const releasesFile = "../../results/releases/vm-epyc/20261201T052253Z.txt"

var (
	pgOnce   sync.Once
	pgServer *pgtest.Server
	pgErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if pgServer != nil {
		if err := pgServer.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	os.Exit(code)
}

// stores is the table every store test runs over: a new, empty store of
// each kind. The PostgreSQL server is started once for the package (and
// stopped by TestMain); each test gets a database of its own.
var stores = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "history.db") }},
	{"postgres", func(t *testing.T) string {
		pgOnce.Do(func() { pgServer, pgErr = pgtest.Start() })
		if pgErr != nil {
			if pgtest.BinDir() == "" {
				t.Skipf("PostgreSQL tests skipped: %v", pgErr)
			}
			t.Fatalf("starting PostgreSQL: %v", pgErr)
		}
		return pgServer.NewDB(t)
	}},
}

// eachStore runs test once per kind of store.
func eachStore(t *testing.T, test func(t *testing.T, dsn string)) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) { test(t, st.dsn(t)) })
	}
}

func open(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func count(t *testing.T, s *Store) Counts {
	t.Helper()
	c, err := s.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func add(t *testing.T, s *Store, path string) Added {
	t.Helper()
	a, err := s.AddFile(context.Background(), path, AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMigrations(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		for range 2 { // reopening applies nothing twice
			s := open(t, dsn)
			v, err := s.Version(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if v != SchemaVersion() || v < 1 {
				t.Fatalf("schema version %d, want %d", v, SchemaVersion())
			}
			s.Close()
		}
	})
}

// TestAddTwice: a file added twice is stored once, and every sample of
// the file is in the store, exactly.
func TestAddTwice(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		a := add(t, s, "testdata/run-a.txt")
		if !a.Stored || a.Points == 0 {
			t.Fatalf("first add: %+v", a)
		}
		before := count(t, s)
		if before.Runs != 1 || before.Points != a.Points {
			t.Fatalf("after one add: %+v, want 1 run and %d points", before, a.Points)
		}
		again := add(t, s, "testdata/run-a.txt")
		if again.Stored || again.Run != a.Run {
			t.Fatalf("second add stored again: %+v", again)
		}
		if after := count(t, s); after != before {
			t.Fatalf("second add changed the store: %+v, then %+v", before, after)
		}

		// Every value of the file, in file order, is a sample of its point.
		f, err := results.ReadFile("testdata/run-a.txt")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]float64{}
		for _, r := range f.Results {
			for _, v := range r.Values {
				k := r.Name.String() + " " + v.Unit
				want[k] = append(want[k], v.Value)
			}
		}
		all, err := s.Series(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(want) {
			t.Fatalf("%d series, want %d", len(all), len(want))
		}
		for _, ser := range all {
			k := ser.Key.Name() + " " + ser.Key.Unit
			if len(ser.Points) != 1 {
				t.Fatalf("%s: %d points, want 1", k, len(ser.Points))
			}
			p := ser.Points[0]
			if fmt.Sprint(p.Samples) != fmt.Sprint(want[k]) {
				t.Errorf("%s: samples %v, want %v", k, p.Samples, want[k])
			}
			if p.Position != "a79c22f301c88080960e447eacf8d80dfca38505" || ser.Key.Machine != "vm-epyc" || ser.Key.Axis != AxisCommit {
				t.Errorf("%s: point %+v of %+v", k, p, ser.Key)
			}
		}
	})
}

// TestReleases: each go-version block of a cross-release run is a point,
// in release order.
func TestReleases(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		add(t, s, releasesFile)
		all, err := s.Series(context.Background(), Filter{Benchmark: regexp.MustCompile(`WaitGroup/op=add-done/goroutines=64-2`), Unit: "sec/op"})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 {
			t.Fatalf("%d series, want 1", len(all))
		}
		var got []string
		for _, p := range all[0].Points {
			got = append(got, p.Position)
			if len(p.Samples) == 0 {
				t.Errorf("%s: no samples", p.Position)
			}
		}
		want := "go1.22.12 go1.23.12 go1.24.11 go1.25.5 go1.26.8 go1.27.3"
		if strings.Join(got, " ") != want || all[0].Key.Axis != AxisGoVersion {
			t.Fatalf("positions %v on axis %s, want %s on %s", got, all[0].Key.Axis, want, AxisGoVersion)
		}
	})
}

// TestCommitOrder: points are ordered by commit order when known for all,
// else by date.
func TestCommitOrder(t *testing.T) {
	base, err := os.ReadFile("testdata/run-a.txt")
	if err != nil {
		t.Fatal(err)
	}
	// Three runs: commit c3 dated first, c1 second, c2 last.
	runs := []struct{ commit, date string }{
		{"c3", "2026-01-01T00:00:00Z"}, {"c1", "2026-01-02T00:00:00Z"}, {"c2", "2026-01-03T00:00:00Z"},
	}
	orders := map[string]int64{"c1": 1, "c2": 2, "c3": 3}
	for _, known := range []bool{true, false} {
		t.Run(fmt.Sprint("known=", known), func(t *testing.T) {
			eachStore(t, func(t *testing.T, dsn string) {
				s := open(t, dsn)
				opts := AddOptions{CommitOrder: func(c string) (int64, bool) { n, ok := orders[c]; return n, ok && known }}
				for _, r := range runs {
					data := strings.Replace(string(base), "commit: a79c22f301c88080960e447eacf8d80dfca38505", "commit: "+r.commit, 1)
					data = strings.Replace(data, "date: 2026-12-01T12:11:50Z", "date: "+r.date, 1)
					if _, err := s.Add(context.Background(), r.commit+".txt", []byte(data), time.Time{}, opts); err != nil {
						t.Fatal(err)
					}
				}
				all, err := s.Series(context.Background(), Filter{Unit: "sec/op"})
				if err != nil {
					t.Fatal(err)
				}
				want := "c3 c1 c2"
				if known {
					want = "c1 c2 c3"
				}
				for _, ser := range all {
					var got []string
					for _, p := range ser.Points {
						got = append(got, p.Position)
					}
					if strings.Join(got, " ") != want {
						t.Fatalf("%s: positions %v, want %s", ser.Key.Name(), got, want)
					}
				}
			})
		})
	}
}

// TestRefused: a bad or cut-short file is refused with one line naming it
// and its line, and nothing of it is stored, even after good lines.
func TestRefused(t *testing.T) {
	good, err := os.ReadFile("testdata/run-a.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	cases := []struct{ name, data, want string }{
		{"malformed", strings.Join(lines[:40], "") + "BenchmarkX 12 abc ns/op\n" + strings.Join(lines[40:], ""), "bad.txt:41: "},
		{"truncated", string(good[:len(good)-30]), "bad.txt:60: last line has no line end"},
		{"empty", "", "bad.txt: empty file"},
		{"no results", "goos: linux\n", "bad.txt: no benchmark results"},
		{"nan", strings.Join(lines[:30], "") + "BenchmarkX 12 NaN ns/op\n", "bad.txt:31: NaN value"},
	}
	eachStore(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		for _, c := range cases {
			_, err := s.Add(context.Background(), "bad.txt", []byte(c.data), time.Time{}, AddOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: error %v, want one line with %q", c.name, err, c.want)
			}
		}
		if c := count(t, s); c != (Counts{}) {
			t.Fatalf("refused files stored %+v", c)
		}
	})
}

// TestHostile: names and config values that look like SQL are data.
func TestHostile(t *testing.T) {
	evil := `x'); DROP TABLE points; --`
	data := "machine: " + evil + "\ncommit: " + evil + "\ngoos: linux\n" +
		"BenchmarkEvil/name=" + strings.ReplaceAll(evil, " ", "_") + "?$1-4 10 5 ns/op\n"
	eachStore(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		if _, err := s.Add(context.Background(), "evil.txt", []byte(data), time.Time{}, AddOptions{}); err != nil {
			t.Fatal(err)
		}
		all, err := s.Series(context.Background(), Filter{Machine: evil})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || all[0].Points[0].Position != evil || !strings.Contains(all[0].Key.Benchmark, "DROP_TABLE") || all[0].Key.GOMAXPROCS != 4 {
			t.Fatalf("hostile run stored as %+v", all)
		}
	})
}

// TestConcurrentAdd: processes adding at once (separate connections here)
// lose nothing and duplicate nothing.
func TestConcurrentAdd(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		open(t, dsn).Close() // create the schema once; racing migrations are covered by the scripts
		files := []string{"testdata/run-a.txt", "testdata/run-b.txt", releasesFile}
		var wg sync.WaitGroup
		errs := make(chan error, 6*3)
		for i := range 6 {
			wg.Go(func() {
				s, err := Open(context.Background(), dsn)
				if err != nil {
					errs <- err
					return
				}
				defer s.Close()
				for j := range files {
					if _, err := s.AddFile(context.Background(), files[(i+j)%len(files)], AddOptions{}); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		want := Counts{}
		ref := open(t, filepath.Join(t.TempDir(), "ref.db"))
		for _, f := range files {
			add(t, ref, f)
		}
		want = count(t, ref)
		if got := count(t, open(t, dsn)); got != want {
			t.Fatalf("after concurrent adds: %+v, want %+v", got, want)
		}
	})
}

// TestPasswordRedacted: an unreachable PostgreSQL DSN fails in one line
// without its password.
func TestPasswordRedacted(t *testing.T) {
	for _, dsn := range []string{
		"postgres://syncbench:s3cr%3Ft@127.0.0.1:1/history?connect_timeout=2",
		"postgresql://syncbench@127.0.0.1:1/history?password=s3cr%3Ft&connect_timeout=2",
	} {
		_, err := Open(context.Background(), dsn)
		if err == nil {
			t.Fatalf("%s: opened", dsn)
		}
		msg := err.Error()
		if strings.Contains(msg, "s3cr") || strings.Contains(msg, "\n") || !strings.Contains(msg, "127.0.0.1") {
			t.Errorf("error %q: want one line naming the host, without the password", msg)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pw@h/db":           "postgres://u:xxxxx@h/db",
		"postgres://u@h/db?password=pw":  "postgres://u@h/db?password=xxxxx",
		"results/history.db":             "results/history.db",
		"postgres://u:p w@h:bad port/db": "postgres://xxxxx@h:bad port/db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitProcs(t *testing.T) {
	for in, want := range map[string]string{
		"Counter/impl=mutex/goroutines=4-2": "Counter/impl=mutex/goroutines=4 2",
		"Counter/impl=mutex/goroutines=4":   "Counter/impl=mutex/goroutines=4 1",
		"Pool-x/a=b":                        "Pool-x/a=b 1",
	} {
		b, p := splitProcs([]byte(in))
		if got := fmt.Sprint(b, " ", p); got != want {
			t.Errorf("splitProcs(%q) = %s, want %s", in, got, want)
		}
	}
}
