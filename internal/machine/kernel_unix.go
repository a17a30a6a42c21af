//go:build unix

package machine

import (
	"strings"

	"golang.org/x/sys/unix"
)

// kernel returns the kernel name and release from uname(2).
func kernel() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return ""
	}
	return strings.TrimSpace(unix.ByteSliceToString(u.Sysname[:]) + " " + unix.ByteSliceToString(u.Release[:]))
}
