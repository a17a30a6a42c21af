package history

import (
	"testing"

	"github.com/syncbench/syncbench/internal/history/changepoint"
)

// TestChangesLeaveOutDiagnosticUnits: the same 30% step in a time series
// and in the unsynchronized baseline's lost/op is a change point in the
// first only, as lost/op counts what a data race lost, not a cost.
func TestChangesLeaveOutDiagnosticUnits(t *testing.T) {
	step := func(unit string) Series {
		s := Series{Key: SeriesKey{Benchmark: "Counter/impl=unsync/goroutines=8/local=0/held=0", GOMAXPROCS: 2, Unit: unit, Axis: "commit"}}
		for i := range 12 {
			v := 100.0
			if i >= 6 {
				v = 130
			}
			s.Points = append(s.Points, Point{CommitOrder: int64(i), Samples: []float64{v, v * 1.01, v * 0.99, v * 1.02, v * 0.98}})
		}
		return s
	}
	found := Changes([]Series{step("sec/op"), step("lost/op")}, changepoint.DefaultOptions())
	if len(found) != 1 || found[0].Key.Unit != "sec/op" || !found[0].Regression {
		t.Fatalf("found %+v, want one regression, in sec/op", found)
	}
}
