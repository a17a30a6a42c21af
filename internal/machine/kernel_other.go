//go:build !unix

package machine

// kernel is unknown on systems without uname(2); Detect falls back to GOOS.
func kernel() string { return "" }
