package proc

import "syscall"

// setDeathSignal has the kernel kill the child when syncbench dies, even by
// SIGKILL.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
