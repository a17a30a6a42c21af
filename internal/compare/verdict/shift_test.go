package verdict

import (
	"testing"

	"github.com/syncbench/syncbench/internal/intern"
)

// TestJudged: a change is weighed as the nearer to no change of itself and
// of itself against the machine's shift, and is none when the two disagree.
func TestJudged(t *testing.T) {
	for _, c := range []struct{ change, shift, want float64 }{
		{20, 0, 20},         // no shift
		{8, 6, 1.887},       // the machine slower: the shift excuses most of it
		{4.81, -5.45, 4.81}, // the machine faster: the row's own +4.81%, not +10.9%
		{3, 6, 0},           // slower, but faster than the machine: neither
		{-10, -5.45, -4.812},
	} {
		if got := judged(c.change, c.shift); got < c.want-0.001 || got > c.want+0.001 {
			t.Errorf("judged(%v, %v) = %.4f, want %.4f", c.change, c.shift, got, c.want)
		}
	}
}

// TestRowAgainstShiftKeepsUnshiftedP: a row that held still on a machine
// 5.45% faster is tested against no change as well, and its p-value is the
// larger of the two, that of no change.
func TestRowAgainstShiftKeepsUnshiftedP(t *testing.T) {
	old := []float64{100, 102, 98, 101, 99, 103, 97, 100.5, 99.5, 101.5}
	new := make([]float64, len(old))
	for i, v := range old {
		new[i] = v * 1.005
	}
	tester := NewTester(nil, 0.05, 0.95, 0.05, intern.New())
	plain := tester.Row("sec/op", old, new)
	shifted := tester.RowAgainst("sec/op", old, new, 0.9455)
	if shifted.P != plain.P || shifted.P < 0.05 {
		t.Errorf("against the shift p = %.4g, against no change p = %.4g: want the larger, no change's", shifted.P, plain.P)
	}
	if shifted.Judged() != plain.Change {
		t.Errorf("judged change %.2f%%, want the row's own %.2f%%", shifted.Judged(), plain.Change)
	}
}
