package bench

import "testing"

// BenchmarkSelect measures one select statement over cases receive cases.
// mode=recv: one case is ready (a closed channel, so that no sender is
// timed along) and the others never are, the select a goroutine runs
// waiting on work, a timer and a cancellation. mode=default: no case is
// ready and the select falls to its default case, the cost of a poll. With
// cases=1 the compiler makes the select a plain (or non-blocking) receive,
// which shows what select itself costs.
func BenchmarkSelect(b *testing.B) {
	for _, k := range selectCases {
		b.Run(benchName("cases", k, "mode", "recv"), func(b *testing.B) {
			cs := selectChans(k)
			close(cs[k-1])
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, ok := selectRecv(cs); ok {
					b.Fatal("received a value from a closed channel")
				}
			}
		})
		b.Run(benchName("cases", k, "mode", "default"), func(b *testing.B) {
			cs := selectChans(k)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, _, ready := selectPoll(cs); ready {
					b.Fatal("an empty channel was ready")
				}
			}
		})
	}
}

// selectChans returns k empty channels of capacity 1.
func selectChans(k int) []chan uint64 {
	cs := make([]chan uint64, k)
	for i := range cs {
		cs[i] = make(chan uint64, 1)
	}
	return cs
}

// TestSelect checks that selectRecv and selectPoll receive from the one
// ready channel wherever it is among the cases, report a closed channel
// as closed, and that selectPoll reports none ready on empty channels.
func TestSelect(t *testing.T) {
	for _, k := range selectCases {
		cs := selectChans(k)
		if _, _, ready := selectPoll(cs); ready {
			t.Fatalf("cases=%d: selectPoll found an empty channel ready", k)
		}
		for i := range k {
			cs[i] <- uint64(100 + i)
			if v, ok := selectRecv(cs); v != uint64(100+i) || !ok {
				t.Fatalf("cases=%d: selectRecv = %d, %v; want %d, true", k, v, ok, 100+i)
			}
			cs[i] <- uint64(200 + i)
			if v, ok, ready := selectPoll(cs); v != uint64(200+i) || !ok || !ready {
				t.Fatalf("cases=%d: selectPoll = %d, %v, %v; want %d, true, true", k, v, ok, ready, 200+i)
			}
		}
		close(cs[k/2])
		if _, ok := selectRecv(cs); ok {
			t.Fatalf("cases=%d: selectRecv reported a value from a closed channel", k)
		}
		if _, ok, ready := selectPoll(cs); ok || !ready {
			t.Fatalf("cases=%d: selectPoll on a closed channel = ok %v, ready %v", k, ok, ready)
		}
	}
	if !panics(func() { selectRecv(selectChans(3)) }) {
		t.Fatal("selectRecv with 3 cases did not panic")
	}
}
