package bench

// channelCounterBuffer is the capacity of the channel counter's request
// channel: a small buffer, as a counter service would usually be written.
const channelCounterBuffer = 64

// counterMsg is a request to the channel counter's owner: an increment with
// its work, or, when reply is non-nil, a read of the count.
type counterMsg struct {
	work  int
	reply chan int64
}

// channelCounter shares memory by communicating: one owner goroutine holds
// the count and receives increments over a channel.
type channelCounter struct {
	ch   chan counterMsg
	done chan uint64
}

func newChannelCounter(int) Counter {
	c := &channelCounter{ch: make(chan counterMsg, channelCounterBuffer), done: make(chan uint64)}
	go c.own()
	return c
}

// own is the owner goroutine: it applies requests in the order received
// until the channel is closed.
func (c *channelCounter) own() {
	var n int64
	var x uint64
	for m := range c.ch {
		if m.reply != nil {
			m.reply <- n
			continue
		}
		x ^= Spin(m.work, uint64(n))
		n++
	}
	c.done <- x
}

// Inc sends the increment; the work is done by the owner, which is the
// critical section of this design.
func (c *channelCounter) Inc(_, work int, _ *Probe) uint64 {
	c.ch <- counterMsg{work: work}
	return 0
}

// Load asks the owner for the count. Requests from one goroutine are
// applied in order, so after its own increments have been sent the count
// includes them.
func (c *channelCounter) Load() int64 {
	reply := make(chan int64)
	c.ch <- counterMsg{reply: reply}
	return <-reply
}

// Close stops the owner and waits for it to exit.
func (c *channelCounter) Close() {
	close(c.ch)
	<-c.done
}
