package render

import (
	"testing"

	"github.com/syncbench/syncbench/internal/report"
)

func TestCrossoverLine(t *testing.T) {
	dims := []report.KV{{Key: "held", Value: "0"}}
	for _, tc := range []struct {
		name string
		unit string
		c    report.Crossover
		want string
	}{
		{
			name: "starts",
			unit: report.TimeUnit,
			c:    report.Crossover{Dims: dims, Procs: 2, A: "a", B: "b", Dim: "n", From: "1", At: "4", Starts: true, Ratio: 1.5},
			want: "F (held=0, GOMAXPROCS=2): a starts beating b at n=4 (1.50× there)",
		},
		{
			name: "stops, then a tie",
			unit: report.TimeUnit,
			c:    report.Crossover{Dims: dims, Procs: 2, A: "a", B: "b", Dim: "n", From: "1", At: "4", Ratio: 2},
			want: "F (held=0, GOMAXPROCS=2): a stops beating b at n=4 (2.00× at n=1, no significant gap of the threshold there)",
		},
		{
			name: "stops and is beaten, in time",
			unit: report.TimeUnit,
			c:    report.Crossover{Procs: 1, A: "a", B: "b", Dim: "n", From: "1", At: "8", Ratio: 2, Reversed: true, ReversedRatio: 1.25},
			want: "F (GOMAXPROCS=1): a stops beating b at n=8 (2.00× at n=1, slower by 1.25× there)",
		},
		{
			name: "stops and is beaten, in another unit",
			unit: "msgs/s",
			c:    report.Crossover{Procs: 1, A: "a", B: "b", Dim: "n", From: "1", At: "8", Ratio: 2, Reversed: true, ReversedRatio: 1.25},
			want: "F (GOMAXPROCS=1): a stops beating b at n=8 (2.00× at n=1, worse by 1.25× there)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := crossoverLine("F", tc.unit, tc.c); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestSweepEndLine(t *testing.T) {
	first, last := &report.Stat{Center: 241e-9}, &report.Stat{Center: 46e-9}
	for _, tc := range []struct {
		name string
		e    report.SweepEnd
		want string
	}{
		{"better", report.SweepEnd{Procs: 2, Dim: "buf", From: "0", To: "256", First: first, Last: last, Change: report.Better, Ratio: 5.24},
			"F (GOMAXPROCS=2) by buf: buf=0 → buf=256: 241ns → 46ns, 5.24× faster"},
		{"worse", report.SweepEnd{Procs: 2, Dim: "buf", From: "0", To: "256", First: last, Last: first, Change: report.Worse, Ratio: 5.24},
			"F (GOMAXPROCS=2) by buf: buf=0 → buf=256: 46ns → 241ns, 5.24× slower"},
		{"no gap", report.SweepEnd{Procs: 2, Dim: "buf", From: "0", To: "256", First: first, Last: first},
			"F (GOMAXPROCS=2) by buf: buf=0 → buf=256: 241ns → 241ns, no significant gap of the threshold"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sweepEndLine("F", report.TimeUnit, tc.e); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
