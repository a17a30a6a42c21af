//go:build unix

package runner

import (
	"os"
	"syscall"
)

// interrupt asks the test binary to stop, as Ctrl-C would.
func interrupt(p *os.Process) error { return p.Signal(syscall.SIGINT) }
