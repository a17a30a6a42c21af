//go:build unix && !linux

package proc

import "syscall"

// setDeathSignal does nothing: only Linux has a parent-death signal; a
// child of a killed syncbench runs to its end.
func setDeathSignal(a *syscall.SysProcAttr) {}
