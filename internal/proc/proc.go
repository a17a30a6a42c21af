// Package proc runs other programs so that nothing of them outlives the
// command: each child runs in a process group of its own, which is stopped
// as a whole (a polite signal, then SIGKILL after Grace) when the child's
// context is done or the child exits leaving descendants behind, and on
// Linux a child is killed when syncbench itself dies. TempDir makes
// temporary directories that the next run removes if their owner was
// killed before it could.
package proc

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Grace is how long a stopped process group has between the polite signal
// and SIGKILL.
var Grace = 5 * time.Second

// Cmd is an exec.Cmd whose process group is stopped with it. Use its Run,
// Wait and CombinedOutput, which also stop what the child left running;
// the embedded exec.Cmd's own would not.
type Cmd struct {
	*exec.Cmd
	sig os.Signal

	mu     sync.Mutex
	killer *time.Timer
}

// Command returns the command name with args, to run in a process group of
// its own. When ctx is done the group receives sig (os.Interrupt lets the
// go command remove its build directory) and, Grace later, SIGKILL.
func Command(ctx context.Context, sig os.Signal, name string, args ...string) *Cmd {
	c := &Cmd{Cmd: exec.CommandContext(ctx, name, args...), sig: sig}
	setGroup(c.Cmd)
	c.Cmd.Cancel = func() error {
		err := signalGroup(c.Process, c.sig)
		c.mu.Lock()
		if c.killer == nil {
			p := c.Process
			c.killer = time.AfterFunc(Grace, func() { killGroup(p) })
		}
		c.mu.Unlock()
		return err
	}
	// Past this, os/exec kills the child itself and stops waiting for its
	// output pipes (a descendant might hold them open).
	c.Cmd.WaitDelay = Grace + time.Second
	return c
}

// Wait waits for the child to exit, then stops whatever else is left in
// its process group: the polite signal, and SIGKILL to anything still
// there after Grace.
func (c *Cmd) Wait() error {
	err := c.Cmd.Wait()
	c.mu.Lock()
	if c.killer != nil {
		c.killer.Stop()
	}
	c.mu.Unlock()
	stopGroup(c.Process, c.sig)
	return err
}

// Run starts the command and waits for it (see Wait).
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// CombinedOutput runs the command and returns its standard output and
// standard error together.
func (c *Cmd) CombinedOutput() ([]byte, error) {
	var b bytes.Buffer
	c.Stdout, c.Stderr = &b, &b
	err := c.Run()
	return b.Bytes(), err
}
