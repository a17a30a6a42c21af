//go:build unix && !linux

package proc

// groupRunning reports whether a process of group pgid is left; the caller
// has seen that one is, and without /proc zombies are not told apart.
func groupRunning(pgid int) bool { return true }
