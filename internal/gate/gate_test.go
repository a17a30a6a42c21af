package gate

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/syncbench/syncbench/internal/gate/build"
)

// TestInterruptRemovesWorktrees cancels a gate while it measures and
// checks that it ends with exit code 2 and leaves no worktree behind.
func TestInterruptRemovesWorktrees(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/slow\n\ngo 1.22\n")
	write("slow_test.go", `package slow

import (
	"testing"
	"time"
)

func BenchmarkSlow(b *testing.B) {
	for i := 0; i < b.N; i++ {
		time.Sleep(50 * time.Millisecond)
	}
}
`)
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("init", "-q")
	run("add", ".")
	run("commit", "-q", "-m", "one")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	progress := &signalWriter{ch: make(chan struct{}, 100)}
	done := make(chan error, 1)
	go func() {
		old, _ := build.ParseSide("rev=HEAD")
		_, err := Run(ctx, Config{Old: old, Pkg: ".", Bench: []string{"Slow"}, BenchTime: "2x", Rounds: 1000, OutDir: filepath.Join(dir, "out"), Dir: dir, Progress: progress})
		done <- err
	}()
	select {
	case <-progress.ch: // a round finished: the worktree exists and benchmarks run
	case err := <-done:
		t.Fatalf("gate ended before the interrupt: %v", err)
	case <-time.After(5 * time.Minute):
		t.Fatal("no round finished")
	}
	if n := strings.Count(run("worktree", "list"), "\n"); n != 2 {
		t.Errorf("during the run: %d worktrees, want 2", n)
	}
	cancel()
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("err = %v, want exit 2 interrupted", err)
	}
	if out := run("worktree", "list"); strings.Count(out, "\n") != 1 {
		t.Errorf("after the interrupt:\n%s", out)
	}
	// The rounds measured are kept, beside (not over) complete files.
	for _, f := range partialNames(filepath.Join(dir, "out")) {
		if b, err := os.ReadFile(f); err != nil || !strings.Contains(string(b), "BenchmarkSlow") {
			t.Errorf("after the interrupt, %s: %v, no result", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "gate-old.txt")); err == nil {
		t.Errorf("an interrupted gate wrote gate-old.txt")
	}
}

type signalWriter struct{ ch chan struct{} }

func (w *signalWriter) Write(p []byte) (int, error) {
	if !strings.Contains(string(p), "gate: round ") {
		return len(p), nil // signal finished rounds only
	}
	select {
	case w.ch <- struct{}{}:
	default:
	}
	return len(p), nil
}

// TestUseTimedCPU checks that a row's CPU time is the timed region's where
// both sides report it, the process's where one side does not, and that
// the timed values make no row of their own.
func TestUseTimedCPU(t *testing.T) {
	k := func(name, unit string) [2]string { return [2]string{name, unit} }
	vals := [2]map[[2]string][]float64{
		{k("A", CPUUnit): {10}, k("A", TimedCPUUnit): {4}, k("B", CPUUnit): {20}, k("B", TimedCPUUnit): {5}, k("A", "B/op"): {1}},
		{k("A", CPUUnit): {11}, k("A", TimedCPUUnit): {6}, k("B", CPUUnit): {21}},
	}
	useTimedCPU(vals)
	want := [2]map[[2]string][]float64{
		{k("A", CPUUnit): {4}, k("B", CPUUnit): {20}, k("A", "B/op"): {1}},
		{k("A", CPUUnit): {6}, k("B", CPUUnit): {21}},
	}
	if !reflect.DeepEqual(vals, want) {
		t.Errorf("useTimedCPU:\n got %v\nwant %v", vals, want)
	}
}
