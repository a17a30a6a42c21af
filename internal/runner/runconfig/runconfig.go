// Package runconfig writes the config lines that identify a run of the
// suite in a results file (go-version, ncpu, gomaxprocs-default, kernel,
// machine, commit, date, syncbench-version), for syncbench run and every
// other writer of results files (the gate, the fidelity script), so that
// files from many machines, commits and Go releases can be merged and told
// apart.
package runconfig

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

// Lines returns the config lines, as key and value pairs, that identify a
// run of the test binary bin in pkgDir writing to out, started at start,
// on machine m.
func Lines(m machine.Info, bin, pkgDir, out string, start time.Time) [][2]string {
	return [][2]string{
		{"go-version", GoVersion(bin)},
		{"ncpu", strconv.Itoa(m.NCPU)},
		{"gomaxprocs-default", strconv.Itoa(m.GOMAXPROCS)},
		{"kernel", m.Kernel},
		{"machine", m.Name()},
		{"commit", commit(pkgDir, out)},
		{"date", start.UTC().Format(time.RFC3339)},
		{"syncbench-version", Version()},
	}
}

// GoVersion returns the Go version that built the binary bin, or
// "unknown".
func GoVersion(bin string) string {
	if bi, err := buildinfo.ReadFile(bin); err == nil {
		return bi.GoVersion
	}
	return "unknown"
}

// ForThisMachine is Lines on the machine this runs on (machine.Detect).
func ForThisMachine(bin, pkgDir, out string, start time.Time) [][2]string {
	return Lines(machine.Detect(), bin, pkgDir, out, start)
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
