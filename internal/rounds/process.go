package rounds

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/proc"
)

// Command returns the command that runs side's binary with args (then
// side.Args) in its directory, with its environment: every process of a measurement starts
// here, in a process group of its own that ends with it (package proc),
// interrupted as Ctrl-C would when ctx is done.
func (side Side) Command(ctx context.Context, args ...string) *proc.Cmd {
	cmd := proc.Command(ctx, os.Interrupt, side.Bin, append(args[:len(args):len(args)], side.Args...)...)
	cmd.Dir = side.Dir
	if side.Env != nil {
		cmd.Env = append(os.Environ(), side.Env...)
	}
	return cmd
}

// A Process is what one process of a side's binary did.
type Process struct {
	// Output is its standard output and standard error, together.
	Output []byte
	// Wall is its time from start to exit; CPU its user and system time.
	Wall, CPU time.Duration
}

// Exec runs side's binary with args (Side.Command) and returns what it
// did. Its error is ctx's when ctx is done, else a *Failure when a
// benchmark failed or the process exited with an error.
func Exec(ctx context.Context, side Side, args []string) (Process, error) {
	cmd := side.Command(ctx, args...)
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	p := Process{Output: out, Wall: time.Since(t0)}
	if cmd.ProcessState != nil {
		p.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if ctx.Err() != nil {
		return p, ctx.Err()
	}
	if f := failed(out, err); f != nil {
		f.Side = side.Label
		return p, f
	}
	return p, nil
}

// A Failure is a test binary that failed: a benchmark that failed or
// panicked, or a process that exited with an error.
type Failure struct {
	// Bench names the benchmark that failed, when the output says.
	Bench string
	// Side is the label of the side it ran on.
	Side string
	// Panicked says the process panicked (or hit a fatal runtime error).
	Panicked bool
	// Status is the process's exit status, when it failed.
	Status string
	// Output is the process's output, at most its last 60 lines.
	Output string
}

// Error says what failed in one line.
func (f *Failure) Error() string {
	what := "the test binary failed"
	if f.Bench != "" {
		what = "benchmark " + f.Bench + " failed"
	}
	if f.Panicked {
		what = "the test binary panicked"
		if f.Bench != "" {
			what = "benchmark " + f.Bench + " panicked"
		}
	}
	if f.Status != "" {
		what += " (test binary: " + f.Status + ")"
	}
	return what
}

// panicFuncRE finds a benchmark function in a stack trace.
var panicFuncRE = regexp.MustCompile(`\.(Benchmark[\pL\pN_]*)(?:\.func[0-9.]+)?\(`)

// failed returns the Failure that a process's output and Wait error
// show, or nil.
func failed(out []byte, err error) *Failure {
	text := string(out)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	f := &Failure{}
	for _, l := range lines {
		if _, rest, ok := strings.Cut(l, "--- FAIL: "); ok && f.Bench == "" {
			f.Bench = strings.TrimSpace(rest)
			if i := strings.IndexAny(f.Bench, " \t"); i >= 0 {
				f.Bench = f.Bench[:i]
			}
		}
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			f.Panicked = true
		}
	}
	if f.Bench == "" && err == nil {
		return nil
	}
	if f.Panicked && f.Bench == "" {
		if m := panicFuncRE.FindStringSubmatch(text); m != nil {
			f.Bench = m[1]
		}
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		f.Status = ee.ProcessState.String()
	} else if err != nil {
		f.Status = err.Error()
	}
	if f.Bench != "" && !f.Panicked {
		f.Status = ""
	}
	// Show the output from the failure on.
	for i, l := range lines {
		if strings.Contains(l, "--- FAIL") || strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			lines = lines[i:]
			break
		}
	}
	if len(lines) > 60 {
		lines = lines[:60]
	}
	f.Output = strings.Join(lines, "\n") + "\n"
	return f
}
