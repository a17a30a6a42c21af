package render

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/report/charts"
)

// oddInputs are results files of unusual but legal shapes: heterogeneous
// names within a family, zero times, positional sub-benchmarks, custom
// units only, one implementation, missing GOMAXPROCS=1.
var oddInputs = map[string]string{
	"heterogeneous": `
BenchmarkFoo/impl=a/n=1 10 5 ns/op
BenchmarkFoo/impl=a/n=2 10 6 ns/op
BenchmarkFoo/impl=b 10 7 ns/op
BenchmarkFoo/n=2 10 8 ns/op
BenchmarkFoo-4 10 9 ns/op
`,
	"zeros": `
BenchmarkZ/impl=a/g=1 10 0 ns/op
BenchmarkZ/impl=b/g=1 10 0 ns/op
BenchmarkZ/impl=a/g=2 10 0 ns/op
BenchmarkZ/impl=b/g=2 10 1 ns/op
`,
	"positional": `
BenchmarkP/small-2 10 5 ns/op
BenchmarkP/large-2 10 50 ns/op
BenchmarkP/large/x-2 10 51 ns/op
`,
	"custom-only": `
BenchmarkC/impl=a/n=1 10 5 widgets/s
BenchmarkC/impl=b/n=1 10 6 widgets/s
BenchmarkC/impl=a/n=4 10 5 widgets/s
BenchmarkC/impl=b/n=4 10 7 widgets/s
`,
	"no-procs-1": `
BenchmarkQ/impl=a-2 10 5 ns/op
BenchmarkQ/impl=a-4 10 6 ns/op
BenchmarkQ/impl=b-2 10 5 ns/op
`,
	"tiny-numbers": `
BenchmarkT/impl=a/buf=0 10 0.0001 ns/op
BenchmarkT/impl=b/buf=0 10 1e-9 ns/op
BenchmarkT/impl=a/buf=1k 10 1e12 ns/op
BenchmarkT/impl=b/buf=1k 10 3 ns/op
`,
}

// TestOddInputs runs every stage on the odd inputs: none may panic.
func TestOddInputs(t *testing.T) {
	dir := t.TempDir()
	for name, text := range oddInputs {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".txt")
			// Repeat each line so that some cells have intervals.
			var b strings.Builder
			b.WriteString("ncpu: 4\n")
			for range 6 {
				b.WriteString(strings.TrimSpace(text) + "\n")
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
				t.Fatal(err)
			}
			in, err := build.Load([]string{path}, build.Options{})
			if err != nil {
				t.Fatal(err)
			}
			rep := buildSummarized(in, build.Options{})
			for _, f := range Formats {
				if err := Render(io.Discard, rep, Options{Format: f, PlotsLink: "plots"}); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			if testing.Short() {
				return
			}
			if err := charts.Plot(rep, filepath.Join(dir, name), true); err != nil {
				t.Errorf("plot: %v", err)
			}
		})
	}
}

// FuzzReport feeds arbitrary results text through every stage but plotting.
func FuzzReport(f *testing.F) {
	for _, text := range oddInputs {
		f.Add(text)
	}
	f.Add("BenchmarkA/impl=x/g=1-2 1 1 ns/op 2 B/goroutine\nBenchmarkA/impl=y/g=1-2 1 2 ns/op\n")
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, text string) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("f%d.txt", n))
		if err := os.WriteFile(path, []byte(strings.Repeat(text+"\n", 3)), 0o666); err != nil {
			t.Fatal(err)
		}
		in, err := build.Load([]string{path}, build.Options{})
		if err != nil {
			return
		}
		rep := buildSummarized(in, build.Options{})
		for _, f := range Formats {
			if err := Render(io.Discard, rep, Options{Format: f}); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	})
}
