package compare

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/syncbench/syncbench/internal/testfiles"
)

// TestMemoryPerName bounds what a comparison of two files of distinct
// benchmark names (one result line each, as scripts/report-memory.sh
// generates them) keeps per name: both sides as ReadSide holds them, then
// with the Report. Keeping every result, as reading whole files did, took
// 3.4 GB at the peak for a million names.
func TestMemoryPerName(t *testing.T) {
	const n = 50_000
	var paths [2]string
	for i := range paths {
		paths[i] = testfiles.Write(t, fmt.Sprint(i, ".txt"), testfiles.Names(n, i))
	}
	before := testfiles.LiveHeap()
	old, _, err := ReadSide(paths[0], "")
	if err != nil {
		t.Fatal(err)
	}
	new, _, err := ReadSide(paths[1], "")
	if err != nil {
		t.Fatal(err)
	}
	read := float64(testfiles.LiveHeap()-before) / n
	t.Logf("%.0f bytes per name for the two sides read", read)
	if read > 330 {
		t.Errorf("the two sides read keep %.0f bytes per benchmark name, want at most 330", read)
	}
	rep, err := Compare(old, new, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	perName := float64(testfiles.LiveHeap()-before) / n
	runtime.KeepAlive(old)
	runtime.KeepAlive(new)
	runtime.KeepAlive(rep)
	t.Logf("%.0f bytes per name", perName)
	if perName > 600 {
		t.Errorf("compare keeps %.0f bytes per benchmark name, want at most 600", perName)
	}
}
