package bench

// pingPong is a pair of channels for a synchronous exchange between two
// goroutines: one sends a ping and waits for the pong, the other answers.
type pingPong struct {
	ping, pong chan uint64
}

// newPingPong returns a pingPong whose two channels have capacity buf.
func newPingPong(buf int) *pingPong {
	return &pingPong{ping: make(chan uint64, buf), pong: make(chan uint64, buf)}
}

// Exchange sends the pings 0..n-1, waiting for each answer before sending
// the next, and returns the sum of the answers.
func (p *pingPong) Exchange(n int) uint64 {
	var sum uint64
	for i := range uint64(n) {
		p.ping <- i
		sum += <-p.pong
	}
	return sum
}

// Serve answers n pings, each with its value plus one.
func (p *pingPong) Serve(n int) {
	for range n {
		p.pong <- <-p.ping + 1
	}
}
