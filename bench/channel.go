package bench

import "sync/atomic"

// Checksum summarises the messages one consumer received: how many, their
// sum and their xor. Producers send distinct values, so a lost, duplicated
// or corrupted message changes the count or the sums.
type Checksum struct {
	Count, Sum, Xor uint64
}

// Add records one message.
func (c *Checksum) Add(v uint64) {
	c.Count++
	c.Sum += v
	c.Xor ^= v
}

// Merge adds the messages of d to c.
func (c *Checksum) Merge(d Checksum) {
	c.Count += d.Count
	c.Sum += d.Sum
	c.Xor ^= d.Xor
}

// Message returns the value that producer sends as its seq-th message: the
// producer in the top 24 bits, the sequence number in the low 40, so that
// every message of a run is distinct.
func Message(producer int, seq uint64) uint64 {
	return uint64(producer)<<40 | seq
}

// A Link is one transport measured by BenchmarkChannel: a Go channel or a
// Ring of uint64 messages. Its loops are written out per transport, with no
// interface or function call per message, as a user would write them.
type Link struct {
	// Send sends the messages first, first+1, ..., first+n-1.
	Send func(first uint64, n int)
	// Recv receives until the link is closed and drained.
	Recv func() Checksum
	// Close closes the link; it is called once, after the last Send.
	Close func()
}

// ChanLink returns a Link over a Go channel of capacity buf (0 is
// unbuffered).
func ChanLink(buf int) Link {
	c := make(chan uint64, buf)
	return Link{
		Send: func(first uint64, n int) {
			for v, end := first, first+uint64(n); v < end; v++ {
				c <- v
			}
		},
		Recv: func() Checksum {
			var sum Checksum
			for v := range c {
				sum.Add(v)
			}
			return sum
		},
		Close: func() { close(c) },
	}
}

// RingLink returns a Link over a Ring of capacity buf, which must be at
// least 1: the ring has no unbuffered mode.
func RingLink(buf int) Link {
	r := NewRing[uint64](buf)
	return Link{
		Send: func(first uint64, n int) {
			for v, end := first, first+uint64(n); v < end; v++ {
				r.Send(v)
			}
		},
		Recv: func() Checksum {
			var sum Checksum
			for {
				v, ok := r.Recv()
				if !ok {
					return sum
				}
				sum.Add(v)
			}
		},
		Close: func() { r.Close() },
	}
}

// Transfer moves messages over l from producers to consumers and returns
// what the consumers received, merged. run starts g goroutines running
// fn(id) and returns once all have returned, which is what makes their
// results visible to Transfer (bench.Gang in benchmarks, a plain WaitGroup
// in tests); goroutines 0..producers-1 produce, the others
// consume. Each producer asks next for the size of its next batch of
// messages until it returns 0; the last producer to finish closes the link,
// and consumers receive until it is closed and drained. sent[p] is set to
// the number of messages producer p sent, which were Message(p, 0),
// Message(p, 1), ... in that order.
func Transfer(l Link, producers, consumers int, next func() int, run func(g int, fn func(id int))) (got Checksum, sent []uint64) {
	sent = make([]uint64, producers)
	sums := make([]Checksum, consumers)
	var left atomic.Int64
	left.Store(int64(producers))
	run(producers+consumers, func(id int) {
		if id >= producers {
			sums[id-producers] = l.Recv()
			return
		}
		var seq uint64
		for n := next(); n > 0; n = next() {
			l.Send(Message(id, seq), n)
			seq += uint64(n)
		}
		sent[id] = seq
		if left.Add(-1) == 0 {
			l.Close()
		}
	})
	for _, s := range sums {
		got.Merge(s)
	}
	return got, sent
}

// Expected returns the Checksum of the messages Transfer reports as sent.
func Expected(sent []uint64) Checksum {
	var want Checksum
	for p, n := range sent {
		for seq := uint64(0); seq < n; seq++ {
			want.Add(Message(p, seq))
		}
	}
	return want
}
