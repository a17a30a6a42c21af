package build

import (
	"fmt"
	"runtime"
	"strings"
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
	rep := Report(in, Options{})
	perName := float64(testfiles.LiveHeap()-before) / n
	runtime.KeepAlive(in)
	runtime.KeepAlive(rep)
	t.Logf("%.0f bytes per name", perName)
	if perName > 600 {
		t.Errorf("report keeps %.0f bytes per benchmark name, want at most 600", perName)
	}
}

// TestMemoryPerFamily bounds the memory a report keeps per row of files
// of many small families, as TestMemoryPerName does for one family: a
// family costs little more than its rows (about 360 bytes a row here for
// one-result families, 300 for pairs), where each Family with its own
// maps and lists took 1,100 bytes for one result (3.9 GB at the peak for
// a million) and 640 to 700 a row for pairs.
func TestMemoryPerFamily(t *testing.T) {
	const n = 50_000
	var pairs strings.Builder
	pairs.WriteString("goos: linux\ngoarch: amd64\npkg: example/pairs\ncpu: Generated CPU\nncpu: 8\n")
	for i := range n {
		fmt.Fprintf(&pairs, "BenchmarkN%d/goroutines=%d \t 1000\t %.2f ns/op\n", i/2, i%2, 10+float64(i%37)/7)
	}
	for _, tc := range []struct {
		name     string
		text     string
		families int
	}{
		{"one result each", testfiles.Families(n, 0), n},
		{"two results each", pairs.String(), n / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := testfiles.Write(t, "families.txt", tc.text)
			before := testfiles.LiveHeap()
			in, err := Load([]string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			rep := Report(in, Options{})
			perRow := float64(testfiles.LiveHeap()-before) / n
			runtime.KeepAlive(in)
			runtime.KeepAlive(rep)
			t.Logf("%.0f bytes per row", perRow)
			if got := len(rep.Machines[0].Families); got != tc.families {
				t.Fatalf("%d families, want %d", got, tc.families)
			}
			if perRow > 520 {
				t.Errorf("report keeps %.0f bytes per row of %d families, want at most 520", perRow, tc.families)
			}
		})
	}
}
