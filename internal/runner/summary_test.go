package runner

import (
	"bytes"
	"testing"
	"time"
)

// TestSummarize checks the run's account: what ran, with which settings,
// and how long each top-level benchmark took.
func TestSummarize(t *testing.T) {
	var out bytes.Buffer
	rep := &Report{File: "r.txt", Results: 13, Benchmarks: 2, Elapsed: 95 * time.Second,
		Times: []TopTime{{"BenchmarkA", 1500 * time.Millisecond}, {"BenchmarkB", 80 * time.Second}}}
	o := Options{Profile: "quick", Count: 6, Benchtime: "1x", CPU: []int{1, 2}, Short: true}
	Summarize(&out, rep, o)
	want := "syncbench run: 13 results of 2 benchmarks in 1m35s (profile quick: -count 6 -benchtime 1x -cpu 1,2 -short)\n" +
		"time per benchmark: A 1.5s, B 1m20s\n"
	if got := out.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
}
