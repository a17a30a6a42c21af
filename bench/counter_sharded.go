package bench

import "sync/atomic"

// shard is one goroutine's part of a sharded counter, alone on its cache
// line so that shards never contend.
type shard struct {
	n atomic.Int64
	_ [cacheLineSize - 8]byte
}

// shardedCounter gives each goroutine its own shard and sums them on read:
// increments never contend, reads cost one load per shard.
type shardedCounter struct {
	shards []shard
}

func newShardedCounter(goroutines int) counter {
	return &shardedCounter{shards: make([]shard, max(goroutines, 1))}
}

// run adds to the shard of goroutine id. The add is atomic only so that
// load may run concurrently; no other goroutine writes this shard.
func (c *shardedCounter) run(id, n int, w work, _ *probe) uint64 {
	s := &c.shards[id%len(c.shards)]
	var x uint64
	for range n {
		x ^= spin(w.local, x)
		s.n.Add(1)
	}
	return x
}

// load sums the shards.
func (c *shardedCounter) load() int64 {
	var n int64
	for i := range c.shards {
		n += c.shards[i].n.Load()
	}
	return n
}

func (c *shardedCounter) close() {}
