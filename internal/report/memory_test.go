package report

import (
	"runtime"
	"testing"

	"github.com/syncbench/syncbench/internal/testfiles"
)

// TestMemoryPerName bounds the memory a report keeps per benchmark (one
// row each here): the Report, with the Input it was built from still
// referenced. Build moves the samples into the Report and lets the rest
// of the Input go, so the two are not held at once (a million names took
// 1.4 GB at the peak when they were).
func TestMemoryPerName(t *testing.T) {
	const n = 50_000
	path := testfiles.Write(t, "names.txt", testfiles.Names(n, 0))
	before := testfiles.LiveHeap()
	in, err := Load([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := Build(in, Options{})
	perName := float64(testfiles.LiveHeap()-before) / n
	runtime.KeepAlive(in)
	runtime.KeepAlive(rep)
	t.Logf("%.0f bytes per name", perName)
	if perName > 600 {
		t.Errorf("report keeps %.0f bytes per benchmark name, want at most 600", perName)
	}
}

// TestMemoryPerFamily bounds the memory a report keeps per family of one
// benchmark, as TestMemoryPerName does per name: a family costs about as
// much as a row (about 370 bytes here), where a Family with its own maps
// and lists took 1,100 bytes (and 3.9 GB at the peak for a million).
func TestMemoryPerFamily(t *testing.T) {
	const n = 50_000
	path := testfiles.Write(t, "families.txt", testfiles.Families(n, 0))
	before := testfiles.LiveHeap()
	in, err := Load([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := Build(in, Options{})
	perFamily := float64(testfiles.LiveHeap()-before) / n
	runtime.KeepAlive(in)
	runtime.KeepAlive(rep)
	t.Logf("%.0f bytes per family", perFamily)
	if got := len(rep.Machines[0].Families); got != n {
		t.Fatalf("%d families, want %d", got, n)
	}
	if perFamily > 650 {
		t.Errorf("report keeps %.0f bytes per family of one benchmark, want at most 650", perFamily)
	}
}
