package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIterations reads each configuration's count (the one most samples
// ran, the larger on a tie) and the benchtime line, and DifferentWork
// counts the configurations of two files that ran counts apart.
func TestIterations(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("20260101T000000Z.txt", "benchtime: 15ms\n"+
		"BenchmarkW/k=1-2 100 1 ns/op\nBenchmarkW/k=1-2 100 1 ns/op\nBenchmarkW/k=1-2 300 1 ns/op\n"+
		"BenchmarkW/k=2 50 1 ns/op\nBenchmarkW/k=2 70 1 ns/op\n")
	iters, bt, err := Iterations(a)
	if err != nil || bt != "15ms" || iters["W/k=1-2"] != 100 || iters["W/k=2"] != 70 || len(iters) != 2 {
		t.Errorf("Iterations = %v, %q, %v; want W/k=1-2 100, W/k=2 70 (the larger of a tie), 15ms", iters, bt, err)
	}
	b := write("20260102T000000Z.txt", "benchtime: 30ms\nBenchmarkW/k=1-2 140 1 ns/op\nBenchmarkW/k=2 200 1 ns/op\n")
	if got := NewestWithBenchtime(dir, "15ms"); got != a {
		t.Errorf("NewestWithBenchtime(15ms) = %q, want %q", got, a)
	}
	if got := NewestWithBenchtime(dir, "30ms"); got != b {
		t.Errorf("NewestWithBenchtime(30ms) = %q, want %q", got, b)
	}
	if got := NewestWithBenchtime(dir, "1s"); got != "" {
		t.Errorf("NewestWithBenchtime(1s) = %q, want none", got)
	}
	// 100 → 140 is under WorkApart, 70 → 200 is not.
	note := DifferentWork(a, b)
	if !strings.HasPrefix(note, "Iterations: 1 of the 2 configurations") || !strings.Contains(note, "up to 2.9×, W/k=2)") {
		t.Errorf("DifferentWork = %q", note)
	}
	if note := DifferentWork(a, a); note != "" {
		t.Errorf("DifferentWork of a file with itself = %q, want none", note)
	}
	if _, _, err := Iterations(write("empty.txt", "benchtime: 15ms\n")); err == nil {
		t.Error("Iterations of a file without results succeeded")
	}
}
