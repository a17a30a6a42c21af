package bench

import "sync"

// ring is a bounded FIFO queue guarded by a sync.Mutex and two sync.Conds:
// the lock-based channel a user would write without Go's channels, compared
// with them by BenchmarkChannel. It closes as a buffered channel does (values
// sent are still received; Send on a closed ring panics), but its capacity
// is at least 1 and it cannot take part in a select.
//
// The zero ring is not usable; create one with newRing.
type ring[T any] struct {
	mu       sync.Mutex
	notEmpty sync.Cond // signalled when a value is added or on Close
	notFull  sync.Cond // signalled when a value is removed or on Close
	buf      []T
	head     int // index of the oldest value
	n        int // number of values in buf
	closed   bool
}

// newRing returns an empty ring holding up to capacity values. It panics if
// capacity is below 1.
func newRing[T any](capacity int) *ring[T] {
	if capacity < 1 {
		panic("newRing: capacity below 1")
	}
	r := &ring[T]{buf: make([]T, capacity)}
	r.notEmpty.L = &r.mu
	r.notFull.L = &r.mu
	return r
}

// Send appends v, waiting while the ring is full. It panics if the ring is
// closed, or is closed while Send waits.
func (r *ring[T]) Send(v T) {
	r.mu.Lock()
	for r.n == len(r.buf) && !r.closed {
		r.notFull.Wait()
	}
	if r.closed {
		r.mu.Unlock()
		panic("ring: send on closed ring")
	}
	i := r.head + r.n
	if i >= len(r.buf) {
		i -= len(r.buf)
	}
	r.buf[i] = v
	r.n++
	r.mu.Unlock()
	// Signal after unlocking, so the woken receiver does not block on the
	// mutex the sender still holds. Signal is cheap when nobody waits.
	r.notEmpty.Signal()
}

// Recv removes and returns the oldest value, waiting while the ring is
// empty and open. Once the ring is closed and empty it returns the zero
// value and false at once.
func (r *ring[T]) Recv() (v T, ok bool) {
	r.mu.Lock()
	for r.n == 0 && !r.closed {
		r.notEmpty.Wait()
	}
	if r.n == 0 { // closed and drained
		r.mu.Unlock()
		return v, false
	}
	v = r.pop()
	r.mu.Unlock()
	r.notFull.Signal()
	return v, true
}

// pop removes and returns the oldest value; r.mu is held and r.n > 0.
func (r *ring[T]) pop() T {
	v := r.buf[r.head]
	var zero T
	r.buf[r.head] = zero // drop the reference for the garbage collector
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
	return v
}

// Close marks the ring closed and wakes every waiting sender and receiver.
// Values already sent can still be received. It panics if the ring is
// already closed.
func (r *ring[T]) Close() {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		panic("ring: close of closed ring")
	}
	r.closed = true
	r.mu.Unlock()
	r.notEmpty.Broadcast()
	r.notFull.Broadcast()
}
