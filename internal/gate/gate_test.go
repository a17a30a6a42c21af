package gate

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/exitcode"
	"github.com/syncbench/syncbench/internal/results"
)

func TestParseSide(t *testing.T) {
	for _, tc := range []struct {
		in                 string
		rev, tc, tags, err string
	}{
		{in: "worktree"},
		{in: "rev=main", rev: "main"},
		{in: "rev=HEAD~1,toolchain=go1.27.3", rev: "HEAD~1", tc: "go1.27.3"},
		{in: "toolchain=go1.26rc2,tags=a+b", tc: "go1.26rc2", tags: "a,b"},
		{in: "toolchain=local", tc: "local"},
		{in: "", err: "empty side"},
		{in: "main", err: `"main" is not key=value`},
		{in: "rev=-x", err: "may not start with '-'"},
		{in: "toolchain=1.27", err: "is not a Go version"},
		{in: "commit=abc", err: `unknown key "commit"`},
	} {
		s, err := ParseSide(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || exitcode.Code(err) != exitcode.Failure {
				t.Errorf("ParseSide(%q) error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || s.Rev != tc.rev || s.Toolchain != tc.tc || s.Tags != tc.tags || s.String() != tc.in {
			t.Errorf("ParseSide(%q) = %+v, %v", tc.in, s, err)
		}
	}
}

func TestExactUnit(t *testing.T) {
	u := exactUnit("Counter/impl=a.b/goroutines=4-8")
	if u.pattern != `^BenchmarkCounter$/^impl=a\.b$/^goroutines=4$` || u.cpu != "8" || u.name != "BenchmarkCounter/impl=a.b/goroutines=4-8" {
		t.Errorf("got %+v", u)
	}
	if u := exactUnit("X"); u.cpu != "1" || u.pattern != "^BenchmarkX$" {
		t.Errorf("GOMAXPROCS 1 has no suffix: got %+v", u)
	}
}

func TestNoisy(t *testing.T) {
	old := compare.Summary{Center: 100, Lo: 98, Hi: 103}
	rows := []*compare.Row{
		{Name: "tight", Old: old, New: compare.Summary{Center: 101, Lo: 99, Hi: 104}, Better: -1},
		// Reaches 8% above the old center in the worse direction.
		{Name: "wide", Old: old, New: compare.Summary{Center: 100, Lo: 90, Hi: 108}, Better: -1},
		// Wide, but only in the better direction.
		{Name: "wide-better", Old: old, New: compare.Summary{Center: 99, Lo: 80, Hi: 102}, Better: -1},
		{Name: "higher-better", Old: old, New: compare.Summary{Center: 100, Lo: 93, Hi: 101}, Better: +1},
		{Name: "inf", Old: old, New: compare.Summary{Center: 100, Lo: math.Inf(-1), Hi: math.Inf(1)}, Better: -1},
		{Name: "exact", Old: old, New: compare.Summary{Center: 100, Lo: 0, Hi: 200}, Better: -1, Exact: true},
	}
	var names []string
	for _, r := range Noisy(rows, 0.05) {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "inf,wide,higher-better" {
		t.Errorf("noisy = %s, want inf,wide,higher-better", got)
	}
}

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
		old, _ := ParseSide("rev=HEAD")
		_, err := Run(ctx, Config{Old: old, Pkg: ".", Bench: "Slow", BenchTime: "2x", Rounds: 1000,
			Compare: compare.DefaultOptions(), OutDir: filepath.Join(dir, "out"), Dir: dir, Progress: progress})
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
	if err == nil || exitcode.Code(err) != exitcode.Failure || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("err = %v, want exit 2 interrupted", err)
	}
	if out := run("worktree", "list"); strings.Count(out, "\n") != 1 {
		t.Errorf("after the interrupt:\n%s", out)
	}
}

type signalWriter struct{ ch chan struct{} }

func (w *signalWriter) Write(p []byte) (int, error) {
	select {
	case w.ch <- struct{}{}:
	default:
	}
	return len(p), nil
}

// sides builds two compare sides from value lists of one benchmark.
func sides(t *testing.T, old, new []float64) (*compare.Side, *compare.Side) {
	t.Helper()
	mk := func(name string, vs []float64) *compare.Side {
		var b strings.Builder
		b.WriteString("cpu: test\n")
		for _, v := range vs {
			fmt.Fprintf(&b, "BenchmarkX-2 1000 %g ns/op\n", v)
		}
		f, err := results.Read(name, strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		return &compare.Side{Name: name, Results: f.Results, Units: f.Units}
	}
	return mk("old", old), mk("new", new)
}

func TestJudge(t *testing.T) {
	base := []float64{100, 101, 99, 100, 102, 98, 100, 101, 99, 100}
	slow := make([]float64, len(base))
	for i, v := range base {
		slow[i] = v * 1.2
	}
	opts := compare.DefaultOptions()
	cmp := func(o, n []float64, opts compare.Options) *compare.Report {
		a, b := sides(t, o, n)
		rep, err := compare.Compare(a, b, opts)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	first := cmp(base, slow, opts)
	called := 0
	confirm := func(s []*compare.Row) (*compare.Report, error) {
		called++
		return cmp(base, slow, RecheckOptions(opts, s)), nil
	}
	if v, reason, re, _ := Judge(first, confirm, opts.Threshold); v != Fail || re == nil || called != 1 || !strings.Contains(reason, "confirmed") {
		t.Errorf("confirmed regression: %v %q", v, reason)
	}
	// The fresh sample shows no change: PASS, with the suspect named.
	refute := func(s []*compare.Row) (*compare.Report, error) { return cmp(base, base, RecheckOptions(opts, s)), nil }
	if v, reason, _, _ := Judge(first, refute, opts.Threshold); v != Pass || !strings.Contains(reason, "not confirmed") {
		t.Errorf("refuted suspect: %v %q", v, reason)
	}
	// No suspect: recheck is not called.
	called = 0
	if v, _, _, _ := Judge(cmp(base, base, opts), confirm, opts.Threshold); v != Pass || called != 0 {
		t.Errorf("no change: %v, recheck called %d times", v, called)
	}
	// Too noisy to rule out 5%.
	noisy := []float64{100, 130, 80, 100, 125, 75, 100, 110, 90, 100}
	if v, reason, _, _ := Judge(cmp(base, noisy, opts), confirm, opts.Threshold); v != Inconclusive || !strings.Contains(reason, "too noisy") {
		t.Errorf("noisy: %v %q", v, reason)
	}
}
