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
	"time"

	"go.uber.org/goleak"
)

// parkedFlag lists the goroutine counts of BenchmarkGoroutineMemory.
var parkedFlag = intListFlag("parked", []int{1000, 100000, 1000000}, []int{1000, 100000},
	"goroutines alive at once in BenchmarkGoroutineMemory").AtLeast(1)

// BenchmarkGoroutineMemory measures what a parked goroutine costs with n of
// them alive at once (B/goroutine), and the time to start, park, wake and
// join one, both in one fresh process per run of b.N batches (see the
// package doc): the first batch's parked goroutines are the ones measured.
func BenchmarkGoroutineMemory(b *testing.B) {
	for _, n := range parkedFlag.Values() {
		if overRaceLimit(n) {
			continue // the race detector would stop the process
		}
		b.Run(benchName("n", n), func(b *testing.B) {
			b.ReportAllocs()
			// With n=1,000,000 the fresh process needs about 2.6 GB.
			r, err := measureParkedFresh(n, b.N)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			total := float64(b.N) * float64(n)
			// These override the testing package's figures, which would
			// count the fresh process's start and the footprint's garbage
			// collections, and be per batch of n.
			b.ReportMetric(float64(r.Nanos)/total, "ns/op")
			b.ReportMetric(float64(r.AllocBytes)/total, "B/op")
			b.ReportMetric(float64(r.Mallocs)/total, "allocs/op")
			b.ReportMetric(r.PerGoroutine(), "B/goroutine")
		})
	}
}

// parkedEnv, set to a goroutine count, makes TestMeasureParked measure that
// many in the process it runs in and print the result: how
// measureParkedFresh runs it in a fresh process. With batchesEnv set to k
// above 0 it also times k batches, the first of them the one measured.
const (
	parkedEnv  = "SYNCBENCH_PARKED_N"
	batchesEnv = "SYNCBENCH_PARKED_BATCHES"
)

// parkedPrefix starts the line in which the fresh process reports.
const parkedPrefix = "syncbench-parked:"

// parkedRun is what a fresh process reports: the footprint of n parked
// goroutines, and the time and allocations of its batches of them.
type parkedRun struct {
	footprint
	Batches, Nanos, AllocBytes, Mallocs int64
}

// measureParkedFresh runs TestMeasureParked in a new process of this test
// binary with n goroutines: their footprint, and when batches is above 0
// the cost of starting, parking, waking and joining them batches times.
func measureParkedFresh(n, batches int) (parkedRun, error) {
	what := fmt.Sprintf("measuring %d parked goroutines in a fresh process", n)
	exe, err := os.Executable()
	if err != nil {
		return parkedRun{}, fmt.Errorf("%s: %v", what, err)
	}
	cmd := exec.Command(exe, "-test.run=^TestMeasureParked$", "-test.count=1")
	cmd.Env = append(os.Environ(), parkedEnv+"="+strconv.Itoa(n), batchesEnv+"="+strconv.Itoa(batches),
		"GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0)))
	dieWithParent(cmd)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return parkedRun{}, fmt.Errorf("%s: %v: %s", what, err, firstLine(out))
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), parkedPrefix); ok {
			var r parkedRun
			if _, err := fmt.Sscanf(rest, " n=%d stack=%d heap=%d batches=%d ns=%d alloc=%d mallocs=%d",
				&r.N, &r.StackBytes, &r.HeapBytes, &r.Batches, &r.Nanos, &r.AllocBytes, &r.Mallocs); err != nil {
				return parkedRun{}, fmt.Errorf("%s: bad report %q: %v", what, sc.Text(), err)
			}
			return r, nil
		}
	}
	return parkedRun{}, fmt.Errorf("%s: the process did not report: %s", what, firstLine(out))
}

// measureTimed parks n goroutines batches times (at least once), releasing
// and joining them each time, in this process: it measures the first
// batch's footprint (measureParked) and times every batch. The footprint's
// garbage collections and metric reads are left out of the time and the
// allocations, so the batch it measures costs what the others do.
func measureTimed(n, batches int) parkedRun {
	var m0, m1, g0, g1 runtime.MemStats
	var aside time.Duration
	var asideBytes, asideMallocs uint64
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	f := measureParked(n, func(read func()) {
		runtime.ReadMemStats(&g0)
		t := time.Now()
		read()
		aside += time.Since(t)
		runtime.ReadMemStats(&g1)
		asideBytes += g1.TotalAlloc - g0.TotalAlloc
		asideMallocs += g1.Mallocs - g0.Mallocs
	})
	for range batches - 1 {
		park(n).Release()
	}
	d := time.Since(t0) - aside
	runtime.ReadMemStats(&m1)
	return parkedRun{footprint: f, Batches: int64(max(batches, 1)), Nanos: d.Nanoseconds(),
		AllocBytes: int64(m1.TotalAlloc - m0.TotalAlloc - asideBytes),
		Mallocs:    int64(m1.Mallocs - m0.Mallocs - asideMallocs)}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}

// minStack is the runtime's smallest goroutine stack, and maxParked the most
// a parked goroutine may cost: it measures about 2.6 KB (4.7 KB under -race,
// which doubles the stack), so a 10x regression fails.
const minStack, maxParked = 2048, 8192

// TestMeasureParked checks what a parked goroutine costs against minStack and
// maxParked. With parkedEnv set it prints the footprint for measureParkedFresh.
func TestMeasureParked(t *testing.T) {
	n := 2000
	if s := os.Getenv(parkedEnv); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive goroutine count", parkedEnv, s)
		}
	}
	before := goleak.IgnoreCurrent()
	var f footprint
	if k, _ := strconv.Atoi(os.Getenv(batchesEnv)); k > 0 {
		r := measureTimed(n, k)
		f = r.footprint
		fmt.Printf("%s n=%d stack=%d heap=%d batches=%d ns=%d alloc=%d mallocs=%d\n", parkedPrefix, n, f.StackBytes, f.HeapBytes, r.Batches, r.Nanos, r.AllocBytes, r.Mallocs)
	} else {
		f = measureParked(n, func(read func()) { read() })
		if os.Getenv(parkedEnv) != "" {
			fmt.Printf("%s n=%d stack=%d heap=%d batches=0 ns=0 alloc=0 mallocs=0\n", parkedPrefix, f.N, f.StackBytes, f.HeapBytes)
		}
	}
	if per := f.PerGoroutine(); per < minStack || per > maxParked {
		t.Errorf("%d parked goroutines: %.0f B each (stack %d, heap %d), want between %d and %d", n, per, f.StackBytes, f.HeapBytes, minStack, maxParked)
	}
	goleak.VerifyNone(t, before) // all n have exited
}

// TestMeasureParkedFresh checks the fresh-process measurement end to end.
func TestMeasureParkedFresh(t *testing.T) {
	f, err := measureParkedFresh(500, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.N != 500 || f.StackBytes <= 0 {
		t.Fatalf("fresh process reported %+v", f)
	}
	r, err := measureParkedFresh(500, 3)
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 500 || r.StackBytes <= 0 || r.Batches != 3 || r.Nanos <= 0 || r.Mallocs < 3*500 {
		t.Fatalf("fresh process timed %+v, want the footprint and 3 batches of 500 goroutines, each allocating", r)
	}
}
