package bench

// PingPong is a pair of channels for a synchronous exchange between two
// goroutines: one sends a ping and waits for the pong, the other answers.
type PingPong struct {
	ping, pong chan uint64
}

// NewPingPong returns a PingPong whose two channels have capacity buf.
func NewPingPong(buf int) *PingPong {
	return &PingPong{ping: make(chan uint64, buf), pong: make(chan uint64, buf)}
}

// Exchange sends the pings 0..n-1, waiting for each answer before sending
// the next, and returns the sum of the answers.
func (p *PingPong) Exchange(n int) uint64 {
	var sum uint64
	for i := range uint64(n) {
		p.ping <- i
		sum += <-p.pong
	}
	return sum
}

// Serve answers n pings, each with its value plus one.
func (p *PingPong) Serve(n int) {
	for range n {
		p.pong <- <-p.ping + 1
	}
}
