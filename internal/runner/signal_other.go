//go:build !unix

package runner

import "os"

// interrupt stops the test binary; without Unix signals it is killed.
func interrupt(p *os.Process) error { return p.Kill() }
