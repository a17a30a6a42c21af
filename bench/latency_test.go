package bench

import "testing"

// TestClockCost checks the clock's cost that every lock-wait sample has
// subtracted (clockCost) and logs it: `go test -run TestClockCost -v
// ./bench` shows what one reading costs on this machine, the resolution
// of the p50-ns and p99-ns figures (compare's -wait-floor).
func TestClockCost(t *testing.T) {
	c := clockCost()
	if c <= 0 || c > 10_000 {
		t.Fatalf("a clock reading costs %v ns: want above 0 and at most 10 µs", c)
	}
	t.Logf("a clock reading (time.Now, then time.Since) costs %.0f ns, the median of 1001", c)
}
