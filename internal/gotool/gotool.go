// Package gotool says which Go builds the benchmark package: the go command
// on PATH, a released toolchain that the go command fetches (GOTOOLCHAIN),
// or a Go tree on disk (GOROOT), such as a contributor's modified sync.
package gotool

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/syncbench/syncbench/internal/proc"
)

// Go is one way of running the go command. The zero Go is the go command
// on PATH with its own toolchain choice.
type Go struct {
	// Toolchain is a GOTOOLCHAIN value (go1.22.12, or local); empty leaves
	// GOTOOLCHAIN as the environment has it.
	Toolchain string
	// GOROOT is the root of a Go tree whose bin/go builds; empty for none.
	GOROOT string
}

var toolchainRE = regexp.MustCompile(`^(local|go\d+(\.\d+){1,2}((rc|beta)\d+)?)$`)

// CheckToolchain returns an error when v is not a GOTOOLCHAIN value of a
// single Go version (go1.27.3, go1.26rc1) or local.
func CheckToolchain(v string) error {
	if !toolchainRE.MatchString(v) {
		return fmt.Errorf("toolchain %q is not a Go version such as go1.27.3 (or local)", v)
	}
	return nil
}

// CheckGOROOT returns an error unless dir holds a Go tree with an
// executable bin/go.
func CheckGOROOT(dir string) error {
	if dir == "" {
		return fmt.Errorf("empty goroot")
	}
	st, err := os.Stat(filepath.Join(dir, "bin", "go"))
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return fmt.Errorf("goroot %s: no Go tree there (want an executable %s)", dir, filepath.Join("bin", "go"))
	}
	if _, err := os.Stat(filepath.Join(dir, "src", "sync")); err != nil {
		return fmt.Errorf("goroot %s: no Go tree there (no src/sync)", dir)
	}
	return nil
}

// String names g as a side or a -toolchain value names it: go1.27.3,
// goroot=PATH, or "" for the go command on PATH.
func (g Go) String() string {
	switch {
	case g.GOROOT != "":
		return "goroot=" + g.GOROOT
	default:
		return g.Toolchain
	}
}

// Command returns the go command with args, to run in the directory dir
// (proc.Command: its process group ends with it). The environment selects
// g's toolchain and turns the workspace off (GOWORK=off): the benchmark
// package builds in its own module, whose go line every release accepts,
// and with the same dependency versions under every release.
func (g Go) Command(ctx context.Context, sig os.Signal, dir string, args ...string) *proc.Cmd {
	gobin := "go"
	env := append(os.Environ(), "GOWORK=off")
	switch {
	case g.GOROOT != "":
		root, err := filepath.Abs(g.GOROOT)
		if err == nil {
			gobin = filepath.Join(root, "bin", "go")
			// That tree's go, and no switching to another toolchain.
			env = append(env, "GOROOT="+root, "GOTOOLCHAIN=local",
				"PATH="+filepath.Join(root, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
		}
	case g.Toolchain != "":
		env = append(env, "GOTOOLCHAIN="+g.Toolchain)
	}
	cmd := proc.Command(ctx, sig, gobin, args...)
	cmd.Dir = dir
	cmd.Env = env
	return cmd
}
