package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// parkedFlag lists the goroutine counts of BenchmarkGoroutineMemory.
var parkedFlag = IntListFlag("parked", []int{1000, 100000, 1000000}, []int{1000, 100000},
	"goroutines alive at once in BenchmarkGoroutineMemory").AtLeast(1)

// BenchmarkGoroutineMemory measures what a parked goroutine costs with n of
// them alive at once. B/goroutine is the memory the runtime accounts to
// them (see Footprint: stack plus live heap growth, from runtime/metrics),
// measured in a fresh process that parks n goroutines, because the runtime
// keeps the descriptors of exited goroutines for reuse, so that a process
// which already had n goroutines would show about 0.5 KB less each.
//
// The timed part, in this process, starts n goroutines, waits until all are
// running, wakes them and waits until all have exited, b.N times; ns/op,
// B/op and allocs/op are per goroutine, not per batch of n.
func BenchmarkGoroutineMemory(b *testing.B) {
	for _, n := range parkedFlag.Values() {
		if raceEnabled && n > maxRaceGoroutines-100 {
			continue // the race detector would stop the process
		}
		// The fresh process goes first, once for each n, while this one
		// holds little memory: with n=1,000,000 each side needs about 2.6 GB.
		f, err := measureParkedFresh(n)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(Name("n", n), func(b *testing.B) {
			benchGoroutineMemory(b, n, f)
		})
	}
}

// benchGoroutineMemory times b.N batches of n goroutines, started, parked,
// woken and joined, and reports per-goroutine figures with f's footprint.
// With -benchtime Nx, N counts batches of n goroutines.
func benchGoroutineMemory(b *testing.B, n int, f Footprint) {
	b.ReportAllocs()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	b.ResetTimer()
	for range b.N {
		Park(n).Release()
	}
	b.StopTimer()
	runtime.ReadMemStats(&m1)
	total := float64(b.N) * float64(n)
	// These override the per-batch figures the testing package would print.
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/op")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/total, "B/op")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/total, "allocs/op")
	b.ReportMetric(f.PerGoroutine(), "B/goroutine")
}

// parkedEnv, set to a goroutine count, makes TestMeasureParked measure that
// many and print the Footprint: how measureParkedFresh runs it in a fresh
// process.
const parkedEnv = "SYNCBENCH_PARKED_N"

// parkedPrefix starts the line in which the fresh process reports.
const parkedPrefix = "syncbench-parked-footprint:"

// measureParkedFresh runs MeasureParked(n) in a new process of this test
// binary (TestMeasureParked with parkedEnv set) and returns its Footprint.
func measureParkedFresh(n int) (Footprint, error) {
	exe, err := os.Executable()
	if err != nil {
		return Footprint{}, fmt.Errorf("measuring %d parked goroutines in a fresh process: %v", n, err)
	}
	cmd := exec.Command(exe, "-test.run=^TestMeasureParked$", "-test.count=1")
	cmd.Env = append(os.Environ(), parkedEnv+"="+strconv.Itoa(n), "GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0)))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return Footprint{}, fmt.Errorf("measuring %d parked goroutines in a fresh process: %v: %s", n, err, firstLine(out))
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), parkedPrefix); ok {
			var f Footprint
			if _, err := fmt.Sscanf(rest, " n=%d stack=%d heap=%d", &f.N, &f.StackBytes, &f.HeapBytes); err != nil {
				return Footprint{}, fmt.Errorf("measuring %d parked goroutines: bad report %q: %v", n, sc.Text(), err)
			}
			return f, nil
		}
	}
	return Footprint{}, fmt.Errorf("measuring %d parked goroutines: the fresh process did not report: %s", n, firstLine(out))
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}

// TestMeasureParked measures parked goroutines and checks the figure is
// plausible: at least the smallest stack the runtime gives a goroutine
// (2 KiB on the platforms Go supports, 1 KiB allowed for), and far below
// the 1 MiB or more of an OS thread. With parkedEnv set it measures that
// many and prints the Footprint for measureParkedFresh.
func TestMeasureParked(t *testing.T) {
	n := 2000
	if s := os.Getenv(parkedEnv); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive goroutine count", parkedEnv, s)
		}
	}
	before := goleak.IgnoreCurrent()
	f := MeasureParked(n)
	if os.Getenv(parkedEnv) != "" {
		fmt.Printf("%s n=%d stack=%d heap=%d\n", parkedPrefix, f.N, f.StackBytes, f.HeapBytes)
	}
	if per := f.PerGoroutine(); per < 1024 || per > 64<<10 {
		t.Errorf("%d parked goroutines: %.0f B each (stack %d, heap %d), want between 1 KiB and 64 KiB", n, per, f.StackBytes, f.HeapBytes)
	}
	goleak.VerifyNone(t, before) // all n have exited
}

// TestMeasureParkedFresh checks the fresh-process measurement end to end.
func TestMeasureParkedFresh(t *testing.T) {
	f, err := measureParkedFresh(500)
	if err != nil {
		t.Fatal(err)
	}
	if f.N != 500 || f.StackBytes <= 0 {
		t.Fatalf("fresh process reported %+v", f)
	}
}
