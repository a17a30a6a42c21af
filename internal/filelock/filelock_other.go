//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package filelock

import "os"

// TryLock does nothing on this system and reports success.
func TryLock(f *os.File) (bool, error) { return true, nil }

// Supported reports whether TryLock really locks on this system.
const Supported = false
