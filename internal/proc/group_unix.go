//go:build unix

package proc

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// signalGroup sends sig to the process group p leads.
func signalGroup(p *os.Process, sig os.Signal) error {
	if p == nil {
		return nil
	}
	s, ok := sig.(syscall.Signal)
	if !ok {
		s = syscall.SIGTERM
	}
	err := syscall.Kill(-p.Pid, s)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}

// killGroup sends SIGKILL to the process group p leads.
func killGroup(p *os.Process) { signalGroup(p, syscall.SIGKILL) }

// groupAlive reports whether the process group p leads has a member left
// that is not a zombie (an exited process nobody has reaped yet, which
// where the init process does not reap can stay forever).
func groupAlive(p *os.Process) bool {
	return p != nil && syscall.Kill(-p.Pid, 0) == nil && groupRunning(p.Pid)
}

// stopGroup stops what is left of p's process group after p exited: sig,
// then SIGKILL if anything remains after Grace.
func stopGroup(p *os.Process, sig os.Signal) {
	if !groupAlive(p) {
		return
	}
	signalGroup(p, sig)
	deadline := time.Now().Add(Grace)
	killed := false
	for groupAlive(p) {
		if time.Now().After(deadline) {
			if killed {
				return // unkillable (in the kernel); nothing more to do
			}
			killGroup(p)
			killed = true
			// SIGKILL takes effect soon, not at once: wait for it.
			deadline = time.Now().Add(time.Second)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// setGroup makes the child lead a process group of its own.
func setGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	setDeathSignal(cmd.SysProcAttr)
}
