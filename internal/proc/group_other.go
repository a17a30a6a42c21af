//go:build !unix

package proc

import (
	"os"
	"os/exec"
)

// signalGroup kills p: without Unix signals and process groups, only the
// child itself can be stopped.
func signalGroup(p *os.Process, sig os.Signal) error {
	if p == nil {
		return nil
	}
	return p.Kill()
}

func killGroup(p *os.Process) { signalGroup(p, nil) }

func stopGroup(p *os.Process, sig os.Signal) {}

func setGroup(cmd *exec.Cmd) {}
