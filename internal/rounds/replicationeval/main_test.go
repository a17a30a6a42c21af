package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// write writes a run: impl=a and impl=b of one workload at ns/op values
// a+i and b+i for six samples.
func write(t *testing.T, dir, name string, a, b float64) string {
	t.Helper()
	var s strings.Builder
	s.WriteString("sampling: 6 rounds of fresh processes\n")
	for i := range 6 {
		fmt.Fprintf(&s, "BenchmarkF/impl=a/n=1-2 \t 100 \t %g ns/op\n", a+float64(i))
		fmt.Fprintf(&s, "BenchmarkF/impl=b/n=1-2 \t 100 \t %g ns/op\n", b+float64(i))
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(s.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPairs checks the figures of three pairs: one that agrees (a wins by
// 2x in both, the same times), one whose times moved apart and whose
// winner flipped, and one where a is first in both but wins in one only
// (by 2% in the other, below the 5% threshold).
func TestPairs(t *testing.T) {
	dir := t.TempDir()
	r1 := write(t, dir, "r1.txt", 100, 200)
	r2 := write(t, dir, "r2.txt", 100, 200)
	r3 := write(t, dir, "r3.txt", 300, 150)
	r4 := write(t, dir, "r4.txt", 100, 102)
	var out strings.Builder
	if err := run(&out, designs{{name: "x", runs: []string{r1, r2, r3}}, {name: "y", runs: []string{r1, r4}}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| r1.txt vs r2.txt | 0 of 2 (0.0%) | 0 of 2 (0.0%) | 0.0% | exit 0: 0 / 0 / 2 / 0 | none; 0 | 0 | 1 / 0 / 0 of 1 (0.0% one run only, 0 of them with the same best in the other run; 1 workloads) |",
		"| r1.txt vs r3.txt | 2 of 2 (100.0%) | 2 of 2 (100.0%) |",
		"exit 1: 1 / 1 / 0 / 0 | none; 0 | 0 | 0 / 1 / 0 of 1 ",
		"| 0 / 0 / 1 of 1 (100.0% one run only, 1 of them with the same best in the other run; 1 workloads) |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(&out, designs{{name: "x", runs: []string{r1}}}); err == nil {
		t.Errorf("a design of one run accepted")
	}
}

// TestCutSamples keeps the configuration lines and the first two samples
// of each benchmark, in their order (in benchfmt's layout).
func TestCutSamples(t *testing.T) {
	dir := t.TempDir()
	from := write(t, dir, "r.txt", 100, 200)
	to := filepath.Join(dir, "cut.txt")
	if err := cutSamples(from, to, 2); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(to)
	if err != nil {
		t.Fatal(err)
	}
	want := "sampling: 6 rounds of fresh processes\n\n" + // as benchfmt writes it
		"BenchmarkF/impl=a/n=1-2 100 100 ns/op\n" +
		"BenchmarkF/impl=b/n=1-2 100 200 ns/op\n" +
		"BenchmarkF/impl=a/n=1-2 100 101 ns/op\n" +
		"BenchmarkF/impl=b/n=1-2 100 201 ns/op\n"
	if string(got) != want {
		t.Errorf("cut to 2 samples:\n%s\nwant:\n%s", got, want)
	}
}

// TestPairsMachineShift: two runs of six one-row families, the second 6%
// slower in every one, are the machine's shift of +6%, said in its column.
func TestPairsMachineShift(t *testing.T) {
	dir := t.TempDir()
	runOf := func(name string, k float64) string {
		var s strings.Builder
		s.WriteString("sampling: 6 rounds of fresh processes\n")
		for i := range 6 {
			for f := range 6 {
				fmt.Fprintf(&s, "BenchmarkF%d/n=1-2 \t 100 \t %g ns/op\n", f, k*float64(100*(f+1)+i))
			}
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(s.String()), 0o666); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var out strings.Builder
	if err := run(&out, designs{{name: "x", runs: []string{runOf("a.txt", 1), runOf("b.txt", 1.06)}}}); err != nil {
		t.Fatal(err)
	}
	if want := "| exit 0: 0 / 0 / 6 / 0 | +6.00%; 0 | 0 |"; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
}
