//go:build !unix

package proc

import "os"

// ownedByUs reports whether the directory entry belongs to this user:
// without Unix ownership, any entry in the temporary directory does.
func ownedByUs(e os.DirEntry) bool { return true }
