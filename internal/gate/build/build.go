// Package build prepares what one side of the gate runs: the side as the
// -old and -new flags give it (Side), a git revision checked out into a
// temporary worktree, and the test binary of the benchmark package built
// there (or in the working tree) by the side's Go.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"github.com/syncbench/syncbench/internal/gotool"
	"github.com/syncbench/syncbench/internal/proc"
)

// Side says what to build for one side of the gate: a source tree (the
// working tree, or a git revision checked out into a temporary worktree),
// a Go toolchain (a release, or a Go tree on disk) and build tags.
//
// Its text form is a comma-separated list of key=value pairs:
//
//	worktree                      the working tree as it is, uncommitted changes included
//	rev=main                      a git revision (branch, tag, commit, HEAD~1, ...)
//	toolchain=go1.27.3            the working tree built with another Go toolchain (GOTOOLCHAIN)
//	rev=v1.2.0,toolchain=go1.27.3 both
//	goroot=/src/go                the working tree built with the Go tree at that path (its bin/go),
//	                              such as a checkout of Go with a modified sync
//	tags=syncbench_slowdown       extra build tags (space-separated in a quoted value, or joined with '+')
type Side struct {
	// Rev is the git revision; empty for the working tree.
	Rev string
	// Toolchain is the GOTOOLCHAIN value for building; empty for the
	// toolchain running syncbench's go command.
	Toolchain string
	// GOROOT is the root of a Go tree to build with instead; empty for none.
	GOROOT string
	// Tags are extra build tags, passed to go test -tags.
	Tags string
	spec string
}

// String returns the side as it was written.
func (s Side) String() string { return s.spec }

// ParseSide parses the text form of a side. Errors are usage errors
// (exit code 2).
func ParseSide(spec string) (Side, error) {
	s := Side{spec: spec}
	if spec == "" {
		return s, fmt.Errorf("empty side: want worktree, rev=REVISION, toolchain=GOVERSION or goroot=PATH")
	}
	for _, kv := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(kv, "=")
		switch {
		case kv == "worktree" || kv == "wt":
			s.Rev = ""
		case !ok || v == "":
			return s, fmt.Errorf("side %q: %q is not key=value (keys: rev, toolchain, goroot, tags; or worktree)", spec, kv)
		case k == "rev":
			if strings.HasPrefix(v, "-") {
				return s, fmt.Errorf("side %q: revision may not start with '-'", spec)
			}
			s.Rev = v
		case k == "toolchain":
			if err := gotool.CheckToolchain(v); err != nil {
				return s, fmt.Errorf("side %q: %w", spec, err)
			}
			s.Toolchain = v
		case k == "goroot":
			abs, err := filepath.Abs(v)
			if err == nil {
				err = gotool.CheckGOROOT(abs)
			}
			if err != nil {
				return s, fmt.Errorf("side %q: %w", spec, err)
			}
			s.GOROOT = abs
		case k == "tags":
			s.Tags = strings.ReplaceAll(v, "+", ",")
		default:
			return s, fmt.Errorf("side %q: unknown key %q (keys: rev, toolchain, goroot, tags; or worktree)", spec, k)
		}
	}
	if s.Toolchain != "" && s.GOROOT != "" {
		return s, fmt.Errorf("side %q: toolchain and goroot both say which Go builds it: give one", spec)
	}
	return s, nil
}

// goCmd is the go command that builds the side.
func (s Side) goCmd() gotool.Go { return gotool.Go{Toolchain: s.Toolchain, GOROOT: s.GOROOT} }

// git runs a git command in dir and returns its trimmed stdout, or an
// error holding its last line of stderr.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := proc.Command(ctx, syscall.SIGTERM, "git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %s", args[0], LastLine(stderr.String(), err))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// LastLine returns the most telling line of a command's output: the first
// line that looks like an error ("file:line: ..." from the compiler,
// "go: ...", "fatal: ..."), or else the last non-empty line, or err.
func LastLine(out string, err error) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "# ") {
			lines = append(lines, l)
		}
	}
	for i, l := range lines {
		if strings.HasPrefix(l, "--- FAIL") {
			// The reason is on the next line, indented under the name.
			if i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "--- ") && lines[i+1] != "FAIL" {
				return l + ": " + lines[i+1]
			}
			return l
		}
		if strings.HasPrefix(l, "fatal:") || strings.HasPrefix(l, "panic:") {
			return l
		}
	}
	for _, l := range lines {
		if compileErrRE.MatchString(l) {
			return l
		}
	}
	if len(lines) > 0 {
		return lines[len(lines)-1]
	}
	if err != nil {
		return err.Error()
	}
	return "failed"
}

var compileErrRE = regexp.MustCompile(`^\S+\.go:\d+(:\d+)?: `)

// Repo is the git repository the gate runs in.
type Repo struct {
	top string // top-level directory
	// Prefix is the directory the gate runs in relative to the top of
	// the repository ("" at the top), slash-separated.
	Prefix string
}

// FindRepo returns the git repository holding cwd, having pruned the
// worktrees of gates that were killed.
func FindRepo(ctx context.Context, cwd string) (*Repo, error) {
	top, err := git(ctx, cwd, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("not in a git repository (%w)", err)
	}
	prefix, err := git(ctx, cwd, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	// Forget the worktrees of gates that were killed (their directories
	// are gone, removed by proc.TempDir's sweep).
	git(ctx, top, "worktree", "prune")
	return &Repo{top: top, Prefix: prefix}, nil
}

// Resolve returns the commit a revision names, or an error saying it is
// unknown.
func (r *Repo) Resolve(ctx context.Context, rev string) (string, error) {
	out, err := git(ctx, r.top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil || out == "" {
		return "", fmt.Errorf("unknown revision %q", rev)
	}
	return out, nil
}

// AddWorktree checks commit out into dir, detached, and returns the
// function that removes it again.
func (r *Repo) AddWorktree(ctx context.Context, dir, commit string) (func(), error) {
	if _, err := git(ctx, r.top, "worktree", "add", "--detach", "--quiet", dir, commit); err != nil {
		return nil, err
	}
	return func() {
		// A fresh context: cleanup must also run after an interrupt.
		_, err := git(context.Background(), r.top, "worktree", "remove", "--force", dir)
		if err != nil {
			os.RemoveAll(dir)
			git(context.Background(), r.top, "worktree", "prune")
		}
	}, nil
}

// Test compiles the test binary of pkg for side s into bin, with its Go
// and build tags, in the source tree src. It builds in the package's directory with the workspace off
// (gotool.Go.Command), so that the package's own module and go line
// decide, whichever release builds it. The go command's build directory
// goes into bin's directory (GOTMPDIR), which the next gate removes if this
// one is killed.
func Test(ctx context.Context, s Side, src, pkg, bin string) error {
	dir, err := PkgDir(ctx, src, pkg)
	if err != nil {
		return err
	}
	// -trimpath: two checkouts of one commit build the same binary, so
	// that code layout does not differ with the checkout's path.
	args := []string{"test", "-c", "-trimpath", "-o", bin}
	if s.Tags != "" {
		args = append(args, "-tags="+s.Tags)
	}
	args = append(args, ".")
	cmd := s.goCmd().Command(ctx, os.Interrupt, dir, args...)
	cmd.Env = append(cmd.Env, "GOTMPDIR="+filepath.Dir(bin))
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errors.New(LastLine(string(out), err))
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("go test -c wrote no binary for %s (is it a package with tests?)", pkg)
	}
	return nil
}

// PkgDir returns the directory of package pkg in the source tree src, where
// its test binary runs (as go test runs it): pkg itself when it is a
// directory there, else the directory the go command on PATH finds for
// the import path from src.
func PkgDir(ctx context.Context, src, pkg string) (string, error) {
	if !filepath.IsAbs(pkg) {
		if st, err := os.Stat(filepath.Join(src, pkg)); err == nil && st.IsDir() {
			return filepath.Join(src, pkg), nil
		}
	}
	cmd := proc.Command(ctx, os.Interrupt, "go", "list", "-f", "{{.Dir}}", pkg)
	cmd.Dir = src
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", errors.New(LastLine(stderr.String(), err))
	}
	return strings.TrimSpace(stdout.String()), nil
}
