package runconfig

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/syncbench/syncbench/internal/machine"
	"github.com/syncbench/syncbench/internal/results"
)

func TestCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o777)
		if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if got := commit(dir, filepath.Join(dir, "out.txt")); got != "unknown" {
		t.Errorf("outside a repository: commit = %q, want unknown", got)
	}
	git("init", "-q")
	write("bench/x.go", "package bench\n")
	git("add", ".")
	git("commit", "-q", "-m", "x")
	pkg := filepath.Join(dir, "bench")
	out := filepath.Join(dir, "results", "m", "r.txt")
	clean := commit(pkg, out)
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(clean) {
		t.Fatalf("clean tree: commit = %q", clean)
	}
	// Results files, the run's own included, do not make the tree dirty.
	write("results/m/r.txt", "BenchmarkX 1 1 ns/op\n")
	if got := commit(pkg, out); got != clean {
		t.Errorf("with a results file: commit = %q, want %q", got, clean)
	}
	write("elsewhere/r.txt", "x\n")
	if got := commit(pkg, filepath.Join(dir, "elsewhere", "r.txt")); got != clean {
		t.Errorf("with the output file elsewhere in the tree: commit = %q, want %q", got, clean)
	}
	os.RemoveAll(filepath.Join(dir, "elsewhere"))
	// A new source file does; so does a change to a tracked one.
	write("bench/y.go", "package bench\n")
	if got := commit(pkg, out); got != clean+"-dirty" {
		t.Errorf("with an untracked source file: commit = %q, want %q", got, clean+"-dirty")
	}
	os.Remove(filepath.Join(dir, "bench", "y.go"))
	write("bench/x.go", "package bench // changed\n")
	if got := commit(pkg, out); got != clean+"-dirty" {
		t.Errorf("with a change: commit = %q, want %q", got, clean+"-dirty")
	}
}

func TestHeaderKeys(t *testing.T) {
	m := machine.Info{NCPU: 2, GOMAXPROCS: 2, Kernel: "Linux 6.1", Host: "h", CPU: "Intel(R) Xeon(R) Processor"}
	start := time.Date(2026, 11, 26, 13, 0, 0, 0, time.FixedZone("x", 3600))
	hdr := Lines(m, "/nonexistent/bench.test", t.TempDir(), "out.txt", start)
	var keys []string
	got := map[string]string{}
	for _, c := range hdr {
		if !results.ValidConfigKey(c[0]) || c[1] == "" {
			t.Errorf("bad config line %q: %q", c[0], c[1])
		}
		keys = append(keys, c[0])
		got[c[0]] = c[1]
	}
	want := "go-version ncpu gomaxprocs-default kernel machine commit date syncbench-version"
	if strings.Join(keys, " ") != want {
		t.Errorf("keys %v, want %s", keys, want)
	}
	if got["date"] != "2026-11-26T12:00:00Z" || got["machine"] != "h-xeon" || got["ncpu"] != "2" || got["go-version"] != "unknown" {
		t.Errorf("header %v", got)
	}
}
