package bench

import "sync/atomic"

// checksum summarises the messages one consumer received: how many, their
// sum and their xor. Producers send distinct values, so a lost, duplicated
// or corrupted message changes the count or the sums.
type checksum struct {
	Count, Sum, Xor uint64
}

// Add records one message.
func (c *checksum) Add(v uint64) {
	c.Count++
	c.Sum += v
	c.Xor ^= v
}

// Merge adds the messages of d to c.
func (c *checksum) Merge(d checksum) {
	c.Count += d.Count
	c.Sum += d.Sum
	c.Xor ^= d.Xor
}

// message returns the value that producer sends as its seq-th message: the
// producer in the top 24 bits, the sequence number in the low 40, so that
// every message of a run is distinct.
func message(producer int, seq uint64) uint64 {
	return uint64(producer)<<40 | seq
}

// A link is one transport measured by BenchmarkChannel: a Go channel or a
// ring of uint64 messages. Its loops are written out per transport, with no
// interface or function call per message, as a user would write them.
type link struct {
	// Send sends the messages first, first+1, ..., first+n-1.
	Send func(first uint64, n int)
	// Recv receives until the link is closed and drained.
	Recv func() checksum
	// Close closes the link; it is called once, after the last Send.
	Close func()
}

// chanLink returns a link over a Go channel of capacity buf (0 is
// unbuffered).
func chanLink(buf int) link {
	c := make(chan uint64, buf)
	send := func(first uint64, n int) {
		for v, end := first, first+uint64(n); v < end; v++ {
			c <- v
		}
	}
	if slow := slowSend("chan"); slow != nil {
		// The injected slowdown of the evaluation: work before each
		// send, the value sent depending on it so it cannot be skipped.
		send = func(first uint64, n int) {
			for v, end := first, first+uint64(n); v < end; v++ {
				c <- v + slow(v)&0
			}
		}
	}
	return link{
		Send: send,
		Recv: func() checksum {
			var sum checksum
			for v := range c {
				sum.Add(v)
			}
			return sum
		},
		Close: func() { close(c) },
	}
}

// ringLink returns a link over a ring of capacity buf, which must be at
// least 1: the ring has no unbuffered mode.
func ringLink(buf int) link {
	r := newRing[uint64](buf)
	return link{
		Send: func(first uint64, n int) {
			for v, end := first, first+uint64(n); v < end; v++ {
				r.Send(v)
			}
		},
		Recv: func() checksum {
			var sum checksum
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

// transfer moves messages over l from producers to consumers and returns
// what the consumers received, merged. run starts g goroutines running
// fn(id) and returns once all have returned, which is what makes their
// results visible to transfer (gang in benchmarks, a plain WaitGroup
// in tests); goroutines 0..producers-1 produce, the others
// consume. Each producer asks next for the size of its next batch of
// messages until it returns 0; the last producer to finish closes the link,
// and consumers receive until it is closed and drained. sent[p] is set to
// the number of messages producer p sent, which were message(p, 0),
// message(p, 1), ... in that order.
func transfer(l link, producers, consumers int, next func() int, run func(g int, fn func(id int))) (got checksum, sent []uint64) {
	sent = make([]uint64, producers)
	sums := make([]checksum, consumers)
	var left atomic.Int64
	left.Store(int64(producers))
	run(producers+consumers, func(id int) {
		if id >= producers {
			sums[id-producers] = l.Recv()
			return
		}
		var seq uint64
		for n := next(); n > 0; n = next() {
			l.Send(message(id, seq), n)
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

// expected returns the checksum of the messages transfer reports as sent.
func expected(sent []uint64) checksum {
	var want checksum
	for p, n := range sent {
		for seq := uint64(0); seq < n; seq++ {
			want.Add(message(p, seq))
		}
	}
	return want
}
