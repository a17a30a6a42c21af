package report

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// writeNames writes a results file of n distinct benchmark names, one
// result line each, in the shape of scripts/report-memory.sh.
func writeNames(t *testing.T, n int) string {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("goos: linux\ngoarch: amd64\npkg: example/names\ncpu: Generated CPU\nncpu: 8\n")
	for i := range n {
		fmt.Fprintf(&sb, "BenchmarkGen/impl=i%d/n=%d-8 \t 1000000\t %.2f ns/op\n", i%100, i/100, 10+float64(i%37)/7)
	}
	path := filepath.Join(t.TempDir(), "names.txt")
	if err := os.WriteFile(path, []byte(sb.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

// liveHeap returns the bytes of heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestMemoryPerName bounds the memory a report keeps per benchmark (one
// row each here): the Report, with the Input it was built from still
// referenced. Build moves the samples into the Report and lets the rest
// of the Input go, so the two are not held at once (a million names took
// 1.4 GB at the peak when they were).
func TestMemoryPerName(t *testing.T) {
	const n = 50_000
	path := writeNames(t, n)
	before := liveHeap()
	in, err := Load([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := Build(in, Options{})
	perName := float64(liveHeap()-before) / n
	runtime.KeepAlive(in)
	runtime.KeepAlive(rep)
	t.Logf("%.0f bytes per name", perName)
	if perName > 600 {
		t.Errorf("report keeps %.0f bytes per benchmark name, want at most 600", perName)
	}
}
