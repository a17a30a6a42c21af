package findings_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarginalBytes checks the slope of total bytes against goroutine count
// against the least-squares slope worked out here.
func TestMarginalBytes(t *testing.T) {
	pts := []struct {
		name  string
		n, bs float64
	}{
		{"n=1000", 1000, 2600},
		{"n=100000", 100000, 2650},
		{"n=1000000", 1000000, 2640},
		{"n=1000-2", 1000, 2610},
	}
	var b strings.Builder
	var sx, sy, sxx, sxy float64
	for _, p := range pts {
		for range 6 {
			fmt.Fprintf(&b, "BenchmarkGoroutineMemory/%s 1 100 ns/op %g B/goroutine\n", p.name, p.bs)
		}
		y := p.n * p.bs
		sx, sy, sxx, sxy = sx+p.n, sy+y, sxx+p.n*p.n, sxy+p.n*y
	}
	k := float64(len(pts))
	want := (k*sxy - sx*sy) / (k*sxx - sx*sx)
	path := filepath.Join(t.TempDir(), "mem.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	rep := reportOf(t, path)
	if len(rep.Machines) != 1 || rep.Machines[0].Claims == nil {
		t.Fatalf("no goroutine claims: %+v", rep.Machines)
	}
	if got := rep.Machines[0].Claims.MarginalBytes; math.Abs(got-want) > 1e-9*want {
		t.Errorf("MarginalBytes = %v, want %v", got, want)
	}
}
