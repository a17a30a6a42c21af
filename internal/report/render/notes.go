package render

// familyNotes say, under a family's heading in the report, what its
// dimensions show where the key alone would not.
var familyNotes = map[string]string{
	"Counter": "local is work each goroutine does outside any lock before each increment, by every implementation and in parallel where cores allow: it shows what the primitive costs when it is not the bottleneck. " +
		"held is work inside the critical section (for atomic-cas between the load and the compare-and-swap, redone on a failed swap; for channel, done by the owner goroutine): it sets how long the lock is held, so it shows each primitive as the bottleneck. " +
		"atomic-add, sharded and unsync have no critical section and run at held=0 only.",
}
