package bench

import "testing"

// BenchmarkPingPong measures one round trip between two goroutines: a value
// sent on one channel and the answer received on another, the cost of a
// synchronous exchange. buf=0 hands each value over directly; with buf=1 a
// value can wait in the channel, but each side still waits for the other.
func BenchmarkPingPong(b *testing.B) {
	for _, buf := range []int{0, 1} {
		b.Run(benchName("buf", buf), func(b *testing.B) {
			b.ReportAllocs()
			pp := newPingPong(buf)
			var sum uint64
			gang(b, 2, func(id int) {
				if id == 0 {
					sum = pp.Exchange(b.N)
				} else {
					pp.Serve(b.N)
				}
			})
			if want := uint64(b.N) * uint64(b.N+1) / 2; sum != want {
				b.Fatalf("answers sum to %d, want %d", sum, want)
			}
		})
	}
}

// TestPingPong checks that every ping is answered, in order.
func TestPingPong(t *testing.T) {
	const n = 1000
	for _, buf := range []int{0, 1} {
		pp := newPingPong(buf)
		var sum uint64
		runGoroutines(2, func(id int) {
			if id == 0 {
				sum = pp.Exchange(n)
			} else {
				pp.Serve(n)
			}
		})
		if want := uint64(n * (n + 1) / 2); sum != want {
			t.Errorf("buf=%d: answers sum to %d, want %d", buf, sum, want)
		}
	}
}
