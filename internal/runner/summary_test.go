package runner

import (
	"bytes"
	"testing"
	"time"
)

// TestSummarize checks the run's account: what ran, with which settings,
// the load it ran at, and how long each top-level benchmark took.
func TestSummarize(t *testing.T) {
	var out bytes.Buffer
	rep := &Report{File: "r.txt", Results: 13, Benchmarks: 2, Elapsed: 95 * time.Second,
		Times:     []TopTime{{"BenchmarkA", 1500 * time.Millisecond}, {"BenchmarkB", 80 * time.Second}},
		LoadStart: "0.92 1.30 1.60", LoadEnd: "2.10 1.50 1.62"}
	o := Options{Profile: "quick", Count: 6, Benchtime: "1x", CPU: []int{1, 2}, Short: true}
	Summarize(&out, rep, o)
	want := "syncbench run: 13 results of 2 benchmarks in 1m35s (profile quick: -count 6 -benchtime 1x -cpu 1,2 -short)\n" +
		"load average (1, 5, 15 min): 0.92 1.30 1.60 at the start, 2.10 1.50 1.62 at the end\n" +
		"time per benchmark: A 1.5s, B 1m20s\n"
	if got := out.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
}

// TestSummarizeRounds checks that a cross-release run's account adds up
// each benchmark's time under each release over the rounds.
func TestSummarizeRounds(t *testing.T) {
	var out bytes.Buffer
	rep := &Report{Results: 8, Benchmarks: 1, Elapsed: 10 * time.Second, Times: []TopTime{
		{"BenchmarkA (go1.22.12)", time.Second}, {"BenchmarkA (go1.27.3)", 2 * time.Second},
		{"BenchmarkA (go1.27.3)", 3 * time.Second}, {"BenchmarkA (go1.22.12)", 4 * time.Second}}}
	Summarize(&out, rep, Options{Profile: "standard", Count: 2, Benchtime: "1x", CPU: []int{2}})
	if want := "time per benchmark: A (go1.22.12) 5s, A (go1.27.3) 5s\n"; !bytes.HasSuffix(out.Bytes(), []byte(want)) {
		t.Errorf("summary:\n%s\nwant it to end with:\n%s", out.String(), want)
	}
}
