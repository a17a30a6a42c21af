package bench

// channelCounterBuffer is the capacity of the channel counter's request
// channel: a small buffer, as a counter service would usually be written.
const channelCounterBuffer = 64

// counterMsg is a request to the channel counter's owner: an increment with
// its held work, or, when reply is non-nil, a read of the count.
type counterMsg struct {
	held  int
	reply chan int64
}

// channelCounter shares memory by communicating: one owner goroutine holds
// the count and receives increments over a channel.
type channelCounter struct {
	ch   chan counterMsg
	done chan uint64
}

func newChannelCounter(int) counter {
	c := &channelCounter{ch: make(chan counterMsg, channelCounterBuffer), done: make(chan uint64)}
	go c.own()
	return c
}

// own is the owner goroutine: it applies requests in the order received
// until the channel is closed. The owner is this design's critical section,
// so it does the held work.
func (c *channelCounter) own() {
	var n int64
	var x uint64
	for m := range c.ch {
		if m.reply != nil {
			m.reply <- n
			continue
		}
		x ^= spin(m.held, uint64(n))
		n++
	}
	c.done <- x
}

// run sends the increments; the owner applies them.
func (c *channelCounter) run(_, n int, w work, _ *probe) uint64 {
	var x uint64
	for range n {
		x ^= spin(w.local, x)
		c.ch <- counterMsg{held: w.held}
	}
	return x
}

// load asks the owner for the count. Requests from one goroutine are
// applied in order, so after its own increments have been sent the count
// includes them.
func (c *channelCounter) load() int64 {
	reply := make(chan int64)
	c.ch <- counterMsg{reply: reply}
	return <-reply
}

// close stops the owner and waits for it to exit.
func (c *channelCounter) close() {
	close(c.ch)
	<-c.done
}
