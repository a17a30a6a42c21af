package runner

import (
	"debug/buildinfo"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/machine"
)

// header returns the config lines that identify a run (go-version, ncpu,
// gomaxprocs-default, kernel, machine, commit, date, syncbench-version).
func header(m machine.Info, bin, pkgDir, out string, start time.Time) []kv {
	return []kv{
		{"go-version", goVersion(bin)},
		{"ncpu", strconv.Itoa(m.NCPU)},
		{"gomaxprocs-default", strconv.Itoa(m.GOMAXPROCS)},
		{"kernel", m.Kernel},
		{"machine", m.Name()},
		{"commit", commit(pkgDir, out)},
		{"date", start.UTC().Format(time.RFC3339)},
		{"syncbench-version", Version()},
	}
}

// goVersion returns the Go version that built the binary bin, or
// "unknown".
func goVersion(bin string) string {
	if bi, err := buildinfo.ReadFile(bin); err == nil {
		return bi.GoVersion
	}
	return "unknown"
}

// dropKey returns kvs without the line of key.
func dropKey(kvs []kv, key string) []kv {
	var out []kv
	for _, c := range kvs {
		if c.key != key {
			out = append(out, c)
		}
	}
	return out
}

// RunConfig returns, as key and value pairs, the config lines that
// identify a run of the test binary bin in pkgDir writing to out, started
// at start, on this machine: what `syncbench run` writes before its first
// result (see header), for other writers of results files such as the
// gate.
func RunConfig(bin, pkgDir, out string, start time.Time) [][2]string {
	var kvs [][2]string
	for _, c := range header(machine.Detect(), bin, pkgDir, out, start) {
		kvs = append(kvs, [2]string{c.key, c.value})
	}
	return kvs
}

// commit returns the commit checked out in the repository holding dir,
// with "-dirty" when the tree has changes (tracked or untracked files,
// except results files: the results/ directory at the repository's top
// and the directory of the output file), or "unknown" outside a Git
// repository.
func commit(dir, out string) string {
	git := func(args ...string) (string, bool) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		b, err := cmd.Output()
		return strings.TrimSpace(string(b)), err == nil
	}
	rev, ok := git("rev-parse", "HEAD")
	if !ok || rev == "" {
		return "unknown"
	}
	top, ok := git("rev-parse", "--show-toplevel")
	if !ok {
		return rev
	}
	args := []string{"-C", top, "status", "--porcelain", "--untracked-files=normal", "--", ".", ":(exclude)results"}
	if abs, err := filepath.Abs(out); err == nil {
		if rel, err := filepath.Rel(top, filepath.Dir(abs)); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			args = append(args, ":(exclude)"+filepath.ToSlash(rel))
		}
	}
	status, ok := git(args...)
	if ok && status != "" {
		rev += "-dirty"
	}
	return rev
}

// Version returns the version of the syncbench command: its module
// version when it was built from a tagged module, else "devel" followed
// by the commit it was built from when the build recorded one.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "devel-" + rev
	if modified == "true" {
		v += "-dirty"
	}
	return v
}
