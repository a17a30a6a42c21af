//go:build !linux

package bench

import "os/exec"

// dieWithParent does nothing: only Linux has a parent-death signal (the
// runner's process-group signals still reach the fresh process).
func dieWithParent(cmd *exec.Cmd) {}
