package rounds

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/syncbench/syncbench/internal/benchre"
)

func TestExact(t *testing.T) {
	for _, c := range []struct {
		name, bench string
		cpu         int
	}{
		{"Counter/impl=mutex/goroutines=64-2", `^BenchmarkCounter$/^impl=mutex$/^goroutines=64$`, 2},
		{"A", `^BenchmarkA$`, 1},
		{"A/x=1.5", `^BenchmarkA$/^x=1\.5$`, 1},
		// At GOMAXPROCS 1 go test adds no suffix: a name ending in -N is
		// the name, unless N is one of the -cpu values.
		{"A/delta=-3", `^BenchmarkA$/^delta=-3$`, 1},
		{"A/delta=-2-4", `^BenchmarkA$/^delta=-2$`, 4},
		{"A/impl=x-9", `^BenchmarkA$/^impl=x-9$`, 1},
		{"A/n=3+1-8", `^BenchmarkA$/^n=3\+1$`, 8},
	} {
		bench, cpu := Exact(c.name, []int{1, 2, 4, 8})
		if bench != c.bench || cpu != c.cpu {
			t.Errorf("Exact(%q) = %q, %d; want %q, %d", c.name, bench, cpu, c.bench, c.cpu)
		}
	}
}

func TestRoundIters(t *testing.T) {
	for n, want := range map[int]int{0: 1, 7: 7, 99: 99, 123: 120, 3776204: 3800000, 155: 160} {
		if got := RoundIters(n); got != want {
			t.Errorf("RoundIters(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestArgs(t *testing.T) {
	s := Settings{Benchtime: "20ms", Short: true, Timeout: time.Minute, Args: []string{"-k", "1"}}
	got := Args(Unit{Bench: "^BenchmarkA$", CPU: 2, Iters: 500}, s)
	want := []string{"-test.run=^$", "-test.bench=^BenchmarkA$", "-test.cpu=2", "-test.count=1", "-test.benchtime=500x", "-test.timeout=1m0s", "-test.short", "-k", "1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Args = %q\nwant %q", got, want)
	}
	if got := Args(Unit{Bench: "b", CPU: 1}, s); got[4] != "-test.benchtime=20ms" {
		t.Errorf("a unit without iterations runs %s", got[4])
	}
}

// units returns n configurations on each of sides sides.
func units(n, sides int) []Unit {
	var us []Unit
	for k := range sides {
		for i := range n {
			us = append(us, Unit{Side: k, Top: "BenchmarkA", Name: string(rune('a' + i)), Bench: string(rune('a' + i)), CPU: 1})
		}
	}
	return us
}

// TestOrder checks that each round runs every unit once, the units of a
// configuration on every side next to each other, in an order that
// changes from round to round and that the seed repeats.
func TestOrder(t *testing.T) {
	us := units(8, 2)
	order := func(seed uint64) [][]Unit {
		var got [][]Unit
		e := New(make([]Side, 2), Settings{}, seed)
		err := e.Run(context.Background(), us, 4, func(_ context.Context, st Step) error {
			if st.Round > len(got) {
				got = append(got, nil)
			}
			got[st.Round-1] = append(got[st.Round-1], st.Unit)
			if st.Total != 4*len(us) {
				t.Fatalf("Total = %d", st.Total)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	a := order(1)
	if len(a) != 4 {
		t.Fatalf("%d rounds, want 4", len(a))
	}
	firstSide := map[int]int{}
	for r, round := range a {
		if len(round) != len(us) {
			t.Fatalf("round %d: %d runs, want %d", r+1, len(round), len(us))
		}
		seen := map[Unit]bool{}
		for i, u := range round {
			seen[u] = true
			if i%2 == 1 && round[i-1].Name != u.Name {
				t.Errorf("round %d: %s and %s adjacent: a configuration's sides are apart", r+1, round[i-1].Name, u.Name)
			}
			if i%2 == 0 {
				firstSide[u.Side]++
			}
		}
		if len(seen) != len(us) {
			t.Errorf("round %d runs %d distinct units, want %d", r+1, len(seen), len(us))
		}
		if r > 0 && reflect.DeepEqual(round, a[r-1]) {
			t.Errorf("round %d has the order of round %d", r+1, r)
		}
	}
	if firstSide[0] == 0 || firstSide[1] == 0 {
		t.Errorf("one side always runs first: %v", firstSide)
	}
	if !reflect.DeepEqual(order(1), a) {
		t.Errorf("seed 1 gave two orders")
	}
	if reflect.DeepEqual(order(2), a) {
		t.Errorf("seeds 1 and 2 gave the same order")
	}
}

// TestRunStops checks that an error from exec ends the rounds with it,
// and a cancelled context without an error.
func TestRunStops(t *testing.T) {
	e := New(make([]Side, 1), Settings{}, 1)
	boom := errors.New("boom")
	n := 0
	err := e.Run(context.Background(), units(3, 1), 2, func(context.Context, Step) error {
		if n++; n == 4 {
			return boom
		}
		return nil
	})
	if err != boom || n != 4 {
		t.Errorf("Run = %v after %d runs, want boom after 4", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = e.Run(ctx, units(3, 1), 2, func(context.Context, Step) error {
		if n++; n == 2 {
			cancel()
		}
		return nil
	})
	if err != nil || n != 2 {
		t.Errorf("Run = %v after %d runs, want nil after 2", err, n)
	}
}

func TestFailed(t *testing.T) {
	out := "goos: linux\nBenchmarkA \t 1 \t 10 ns/op\n--- FAIL: BenchmarkB/k=2\n    x_test.go:3: boom\nFAIL\n"
	f := failed([]byte(out), &exec.ExitError{})
	if f == nil || f.Bench != "BenchmarkB/k=2" || f.Panicked || f.Error() != "benchmark BenchmarkB/k=2 failed" {
		t.Fatalf("failed = %+v", f)
	}
	if !strings.HasPrefix(f.Output, "--- FAIL: BenchmarkB/k=2\n    x_test.go:3: boom\n") {
		t.Errorf("Output = %q", f.Output)
	}
	if failed([]byte("BenchmarkA \t 1 \t 10 ns/op\nPASS\n"), nil) != nil {
		t.Errorf("a passing run failed")
	}
	p := failed([]byte("panic: kaboom\n\ngoroutine 6 [running]:\nexample.com/tiny.BenchmarkB(0x1)\n"), errors.New("exit status 2"))
	if p == nil || !p.Panicked || p.Error() != "benchmark BenchmarkB panicked (test binary: exit status 2)" {
		t.Errorf("panic: %+v", p)
	}
}

// TestCalibrate builds a tiny benchmark package and checks the units:
// one per configuration with its calibrated count, except for a
// top-level benchmark whose set-up outweighs its configurations' work.
func TestCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	dir, bin := tinyBinary(t)
	pat, _ := benchre.Parse(".")
	sides := []Side{{Label: "a", Bin: bin, Dir: dir}}
	var seen []string
	tops := []string{"BenchmarkCheap", "BenchmarkSetup", "BenchmarkHuge", "BenchmarkOwnTime"}
	c, err := Calibrate(context.Background(), sides, tops, pat, []int{1, 2},
		Settings{Benchtime: "10ms"}, Observer{Top: func(top string, _ int) { seen = append(seen, top) }})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, tops) {
		t.Errorf("observed %v", seen)
	}
	if c.Startup <= 0 || c.Setup["BenchmarkSetup"] < 150*time.Millisecond {
		t.Errorf("Startup %v, Setup %v", c.Startup, c.Setup)
	}
	// OwnTime's 1 ns/op would give it millions of 650 ms iterations: it
	// runs whole, for the time its results do not report.
	if !reflect.DeepEqual(c.Whole, tops[1:]) {
		t.Errorf("Whole = %v, want %v", c.Whole, tops[1:])
	}
	if u := c.Unreported["BenchmarkOwnTime"]; u < WholeSetup || len(c.Unreported) != 1 || !strings.Contains(c.WhyWhole("BenchmarkOwnTime"), "ns/op of their own") {
		t.Errorf("Unreported %v, want OwnTime's 1.3 s alone; %s", c.Unreported, c.WhyWhole("BenchmarkOwnTime"))
	}
	// A set-up of WholeSetup or more is not calibrated: only its probe ran.
	if d := c.Times["BenchmarkHuge"]; d > 2*time.Second {
		t.Errorf("BenchmarkHuge took %v to calibrate: calibrated, not only probed", d)
	}
	var names []string
	for _, u := range c.Units {
		switch u.Top {
		case "BenchmarkCheap":
			names = append(names, u.Name)
			// A calibrated count: more than the probe's one iteration (a
			// 1µs sleep takes a millisecond or more on a loaded machine,
			// so 10ms may hold fewer than 10).
			if bench, _ := Exact(u.Name, []int{1, 2}); u.Iters < 2 || u.Bench != bench {
				t.Errorf("unit %+v", u)
			}
		case "BenchmarkSetup", "BenchmarkHuge", "BenchmarkOwnTime":
			if u.Name != "" || u.Iters != 0 || u.Bench != "^"+u.Top+"$" {
				t.Errorf("whole unit %+v", u)
			}
		}
	}
	slices.Sort(names)
	if want := []string{"Cheap/k=1", "Cheap/k=1-2", "Cheap/k=2", "Cheap/k=2-2"}; !reflect.DeepEqual(names, want) {
		t.Errorf("units of BenchmarkCheap %v, want %v", names, want)
	}
	if len(c.Units) != 4+2+2+2 {
		t.Errorf("%d units, want 10", len(c.Units))
	}
	// Counts to reuse replace calibration's, except one that would now
	// run far beyond -benchtime (ReuseSpan) and one given -benchtime Nx.
	calibrated := map[string]int{}
	for _, u := range c.Units {
		calibrated[u.Name] = u.Iters
	}
	// Falling spends 5 ms inside its timer before its loop, more than
	// calibration's 2.5 ms: its short run sees 5 ms an operation, so that
	// 10 million would take hours, but a run at 10 million takes about
	// 10 ms, within the span, and keeps them (confirm).
	reuse := map[string]int{"Cheap/k=1": 3, "Cheap/k=2": calibrated["Cheap/k=2"] * 1000, "Gone/k=9": 5, "Falling": 10_000_000}
	c, err = Calibrate(context.Background(), sides, []string{"BenchmarkCheap", "BenchmarkFalling"}, pat, []int{1}, Settings{Benchtime: "10ms", Reuse: reuse}, Observer{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range c.Units {
		if want := map[string]int{"Cheap/k=1": 3, "Falling": 10_000_000}[u.Name]; want != 0 && u.Iters != want {
			t.Errorf("unit %+v: want the reused %d iterations", u, want)
		}
		if u.Name == "Cheap/k=2" && u.Iters == reuse[u.Name] {
			t.Errorf("unit %+v: a count %d·ReuseSpan beyond -benchtime was reused", u, 1000/ReuseSpan)
		}
	}
	if c.Reused != 2 || c.Confirmed != 1 || !reflect.DeepEqual(c.Recalibrated, []string{"Cheap/k=2"}) {
		t.Errorf("Reused %d, Confirmed %d, Recalibrated %v; want 2, 1 and [Cheap/k=2]", c.Reused, c.Confirmed, c.Recalibrated)
	}
	// With an iteration count given, every unit runs it.
	c, err = Calibrate(context.Background(), sides, []string{"BenchmarkCheap"}, pat, []int{1}, Settings{Benchtime: "7x", Reuse: reuse}, Observer{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range c.Units {
		if u.Iters != 7 {
			t.Errorf("unit %+v: want 7 iterations", u)
		}
	}
}

// tinyBinary builds a tiny benchmark package, whose BenchmarkSetup and
// BenchmarkHuge take 200 ms and 1.1 s of set-up and whose BenchmarkOwnTime
// reports 1 ns/op for 650 ms unless TINY_FAST is set, and returns its
// directory and test binary.
func tinyBinary(t *testing.T) (dir, bin string) {
	t.Helper()
	dir = t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/tiny\n\ngo 1.22\n")
	write("tiny_test.go", `package tiny

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// fast is set on a side whose set-ups take no time.
var fast = os.Getenv("TINY_FAST") != ""

func BenchmarkCheap(b *testing.B) {
	for _, k := range []int{1, 2} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				time.Sleep(time.Microsecond)
			}
		})
	}
}

var sink int

func BenchmarkFalling(b *testing.B) {
	time.Sleep(5 * time.Millisecond)
	x := 0
	for i := 0; i < b.N; i++ {
		x += i
	}
	sink = x
}

func BenchmarkHuge(b *testing.B) {
	if !fast {
		time.Sleep(1100 * time.Millisecond)
	}
	for _, k := range []int{1, 2} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {})
	}
}

// BenchmarkOwnTime reports an ns/op of its own, as
// BenchmarkGoroutineMemory does per goroutine: 1 ns, where one iteration
// takes 650 ms (unless TINY_FAST is set: then a plain benchmark).
func BenchmarkOwnTime(b *testing.B) {
	b.Run("k=1", func(b *testing.B) {
		if fast {
			for i := 0; i < b.N; i++ {
				time.Sleep(time.Microsecond)
			}
			return
		}
		time.Sleep(650 * time.Millisecond)
		b.ReportMetric(1, "ns/op")
	})
}

func BenchmarkSetup(b *testing.B) {
	if !fast {
		time.Sleep(200 * time.Millisecond)
	}
	for _, k := range []int{1, 2, 3, 4} {
		b.Run("k="+strconv.Itoa(k), func(b *testing.B) {})
	}
}
`)
	bin = filepath.Join(dir, "tiny.test")
	cmd := exec.Command("go", "test", "-c", "-o", bin, ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	return dir, bin
}

// TestCalibrateSetupEverySide checks that the set-up of every side
// decides whether a top-level benchmark runs whole, not the first side's
// alone: a new revision (or Go release) whose set-up is expensive gets
// whole units on both sides, and one of WholeSetup or more is not
// calibrated.
func TestCalibrateSetupEverySide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	dir, bin := tinyBinary(t)
	pat, _ := benchre.Parse(".")
	sides := []Side{{Label: "old", Bin: bin, Dir: dir, Env: []string{"TINY_FAST=1"}}, {Label: "new", Bin: bin, Dir: dir}}
	c, err := Calibrate(context.Background(), sides, []string{"BenchmarkCheap", "BenchmarkSetup", "BenchmarkHuge", "BenchmarkOwnTime"}, pat, []int{1, 2},
		Settings{Benchtime: "10ms"}, Observer{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Whole, []string{"BenchmarkSetup", "BenchmarkHuge", "BenchmarkOwnTime"}) || c.Setup["BenchmarkSetup"] < 150*time.Millisecond {
		t.Errorf("Whole = %v, Setup %v; want BenchmarkSetup, BenchmarkHuge and BenchmarkOwnTime whole, from the new side", c.Whole, c.Setup)
	}
	if d := c.Times["BenchmarkHuge"]; d > 2*time.Second {
		t.Errorf("BenchmarkHuge took %v to calibrate: calibrated on the new side, not only probed", d)
	}
	for _, u := range c.Units {
		if u.Top != "BenchmarkCheap" && (u.Name != "" || u.Iters != 0) {
			t.Errorf("unit %+v of a whole benchmark", u)
		}
	}
}

// TestRoundReps checks that Round runs each configuration's group reps
// times in a row and marks the group's last process.
func TestRoundReps(t *testing.T) {
	e := New(make([]Side, 2), Settings{}, 3)
	var got []Step
	err := e.Round(context.Background(), units(3, 2), 2, func(_ context.Context, st Step) error {
		got = append(got, st)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 {
		t.Fatalf("%d processes, want 3 configurations × 2 sides × 2", len(got))
	}
	for i := 0; i < 12; i += 4 {
		g := got[i : i+4]
		sides := map[int]int{}
		for j, st := range g {
			if st.Unit.Name != g[0].Unit.Name {
				t.Errorf("group at %d mixes %s and %s", i, g[0].Unit.Name, st.Unit.Name)
			}
			sides[st.Unit.Side]++
			if st.Last != (j == 3) || st.Done != i+j || st.Total != 12 {
				t.Errorf("step %d: Last %v, Done %d, Total %d", i+j, st.Last, st.Done, st.Total)
			}
		}
		if sides[0] != 2 || sides[1] != 2 {
			t.Errorf("group at %d: sides %v, want each twice", i, sides)
		}
	}
}
