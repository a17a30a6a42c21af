package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README and the repository root, from this package's directory.
const (
	readmePath = "../../README.md"
	readmeRoot = "../.."
	readmeMax  = 200
)

// readme returns the README's lines.
func readme(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestReadmeLength holds the README to at most readmeMax lines.
func TestReadmeLength(t *testing.T) {
	if n := len(readme(t)); n > readmeMax {
		t.Errorf("README.md has %d lines, want at most %d", n, readmeMax)
	}
}

// TestReadmeLinksExist checks that every relative link and image target of
// the README names a file or directory of the repository.
func TestReadmeLinksExist(t *testing.T) {
	link := regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)\)`)
	found := 0
	for i, l := range readme(t) {
		for _, m := range link.FindAllStringSubmatch(l, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") ||
				strings.HasPrefix(target, "mailto:") {
				continue
			}
			found++
			target, _, _ = strings.Cut(target, "#")
			if _, err := os.Stat(filepath.Join(readmeRoot, filepath.FromSlash(target))); err != nil {
				t.Errorf("README.md:%d: link %s: no such file in the repository", i+1, m[1])
			}
		}
	}
	if found == 0 {
		t.Error("README.md: no relative link found: the pattern no longer matches how it writes them")
	}
}

// TestReadmeCommandsExist checks that every `syncbench CMD` the README's
// commands table names is a subcommand main dispatches to, and that its -h
// exits 0.
func TestReadmeCommandsExist(t *testing.T) {
	row := regexp.MustCompile("^\\| `syncbench ([a-z-]+)")
	found := 0
	for i, l := range readme(t) {
		m := row.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		found++
		if _, ok := commands[m[1]]; !ok {
			t.Errorf("README.md:%d: syncbench %s is not a command (have %v)", i+1, m[1], names())
			continue
		}
		if code := mainCode([]string{m[1], "-h"}, io.Discard, io.Discard); code != 0 {
			t.Errorf("README.md:%d: syncbench %s -h exits %d, want 0", i+1, m[1], code)
		}
	}
	if found == 0 {
		t.Error("README.md: no commands table row \"| `syncbench CMD\" found")
	}
}

// TestReadmeNoRunData checks that the README names no commit hash and no
// load average: those change with every run and belong in git log and in
// the results files.
func TestReadmeNoRunData(t *testing.T) {
	for _, c := range []struct {
		what string
		re   *regexp.Regexp
	}{
		{"a commit hash", regexp.MustCompile(`\b[0-9a-f]{7,40}\b`)},
		{"a load average", regexp.MustCompile(`(?i)\bload(s| average)?\b[^.]*\d`)},
	} {
		for i, l := range readme(t) {
			if m := c.re.FindString(l); m != "" && (c.what != "a commit hash" || hasHexLetterAndDigit(m)) {
				t.Errorf("README.md:%d: names %s: %q", i+1, c.what, m)
			}
		}
	}
}

// hasHexLetterAndDigit reports whether s has both a digit and a letter a-f,
// as a commit hash does and a decimal number or a word does not.
func hasHexLetterAndDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "abcdef")
}
