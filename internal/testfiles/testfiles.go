// Package testfiles makes the files that the tests of syncbench's
// packages read: small results files written from text, the gzipped
// standard runs unpacked, and large generated files of distinct names
// or families.
package testfiles

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Write writes text into a file called name in a temporary directory of
// t and returns its path.
func Write(t testing.TB, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

// Gunzip writes the gzipped file at path, unpacked, into a temporary
// directory of t and returns the new path (the name without ".gz").
func Gunzip(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(path), ".gz"))
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, zr); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Names returns a results file of n distinct benchmark names, one result
// line each, in the shape scripts/report-memory.sh generates; shift moves
// the values, so that two files of the same names differ.
func Names(n, shift int) string {
	var sb strings.Builder
	sb.WriteString("goos: linux\ngoarch: amd64\npkg: example/names\ncpu: Generated CPU\nncpu: 8\n")
	for i := range n {
		fmt.Fprintf(&sb, "BenchmarkGen/impl=i%d/n=%d-8 \t 1000000\t %.2f ns/op\n", i%100, i/100, 10+float64((i+shift)%37)/7)
	}
	return sb.String()
}

// Families returns a results file of n one-result families, each of one
// benchmark, in the shape scripts/report-memory.sh generates for its
// families shape (BenchmarkN<i>/impl=x/goroutines=<i%7>); shift moves the
// values, so that two files of the same names differ.
func Families(n, shift int) string {
	var sb strings.Builder
	sb.WriteString("goos: linux\ngoarch: amd64\npkg: example/families\ncpu: Generated CPU\nncpu: 8\n")
	for i := range n {
		fmt.Fprintf(&sb, "BenchmarkN%d/impl=x/goroutines=%d \t 1000\t %.2f ns/op\n", i, i%7, 10+float64((i+shift)%37)/7)
	}
	return sb.String()
}

// LiveHeap returns the bytes of heap in use after a garbage collection.
func LiveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
