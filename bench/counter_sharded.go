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

func newShardedCounter(goroutines int) Counter {
	return &shardedCounter{shards: make([]shard, max(goroutines, 1))}
}

// Inc adds to the shard of goroutine id. The add is atomic only so that
// Load may run concurrently; no other goroutine writes this shard.
func (c *shardedCounter) Inc(id, work int, _ *Probe) uint64 {
	x := Spin(work, uint64(id))
	c.shards[id%len(c.shards)].n.Add(1)
	return x
}

// Load sums the shards.
func (c *shardedCounter) Load() int64 {
	var n int64
	for i := range c.shards {
		n += c.shards[i].n.Load()
	}
	return n
}

func (c *shardedCounter) Close() {}
