package compare

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// liveHeap returns the bytes of heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestMemoryPerName bounds what a comparison of two files of distinct
// benchmark names (one result line each, as scripts/report-memory.sh
// generates them) keeps per name: both sides as ReadSide holds them, then
// with the Report. Keeping every result, as reading whole files did, took
// 3.4 GB at the peak for a million names.
func TestMemoryPerName(t *testing.T) {
	const n = 50_000
	dir := t.TempDir()
	var paths [2]string
	for s := range paths {
		var sb strings.Builder
		sb.WriteString("goos: linux\ngoarch: amd64\npkg: example/names\ncpu: Generated CPU\nncpu: 8\n")
		for i := range n {
			fmt.Fprintf(&sb, "BenchmarkGen/impl=i%d/n=%d-8 \t 1000000\t %.2f ns/op\n", i%100, i/100, 10+float64((i+s)%37)/7)
		}
		paths[s] = filepath.Join(dir, fmt.Sprint(s, ".txt"))
		if err := os.WriteFile(paths[s], []byte(sb.String()), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	before := liveHeap()
	old, _, err := ReadSide(paths[0], "")
	if err != nil {
		t.Fatal(err)
	}
	new, _, err := ReadSide(paths[1], "")
	if err != nil {
		t.Fatal(err)
	}
	read := float64(liveHeap()-before) / n
	t.Logf("%.0f bytes per name for the two sides read", read)
	if read > 330 {
		t.Errorf("the two sides read keep %.0f bytes per benchmark name, want at most 330", read)
	}
	rep, err := Compare(old, new, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	perName := float64(liveHeap()-before) / n
	runtime.KeepAlive(old)
	runtime.KeepAlive(new)
	runtime.KeepAlive(rep)
	t.Logf("%.0f bytes per name", perName)
	if perName > 600 {
		t.Errorf("compare keeps %.0f bytes per benchmark name, want at most 600", perName)
	}
}
