//go:build unix

package proc

import (
	"os"
	"syscall"
)

// ownedByUs reports whether the directory entry belongs to this user.
func ownedByUs(e os.DirEntry) bool {
	info, err := e.Info()
	if err != nil {
		return false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
