//go:build linux

package proc

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// running reports whether process pid exists and is not a zombie.
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}

// TestCancelStopsGrandchildren checks that cancelling a command stops the
// process it started too, even one that ignores SIGINT (by SIGKILL after
// Grace), before Wait returns.
func TestCancelStopsGrandchildren(t *testing.T) {
	defer func(g time.Duration) { Grace = g }(Grace)
	Grace = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	cmd := Command(ctx, os.Interrupt, "sh", "-c", `trap "" INT; sleep 300 & echo $!; wait`)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	cmd.Wait()
	if running(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("grandchild %d still running after Wait", pid)
	}
}

// TestLeftoversStoppedAfterExit checks that a process left behind by a
// child that exited normally is stopped by Wait.
func TestLeftoversStoppedAfterExit(t *testing.T) {
	defer func(g time.Duration) { Grace = g }(Grace)
	Grace = 300 * time.Millisecond
	cmd := Command(context.Background(), os.Interrupt, "sh", "-c", `sleep 300 >/dev/null 2>&1 & echo $!`)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	if running(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("process %d left by the child still running after Wait", pid)
	}
}

// TestSweepTemp checks that a directory whose owner is gone is removed and
// one whose owner holds its lock is kept.
func TestSweepTemp(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	mine, release, err := TempDir("syncbench-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	gone := filepath.Join(os.TempDir(), "syncbench-test-gone")
	if err := os.MkdirAll(gone, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gone, lockName), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if n := SweepTemp("syncbench-test-"); n != 1 {
		t.Errorf("SweepTemp removed %d directories, want 1", n)
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("directory of a gone owner still there: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("directory of a live owner removed: %v", err)
	}
}
