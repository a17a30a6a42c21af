package build

import (
	"errors"
	"strings"
	"testing"
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
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseSide(%q) error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || s.Rev != tc.rev || s.Toolchain != tc.tc || s.Tags != tc.tags || s.String() != tc.in {
			t.Errorf("ParseSide(%q) = %+v, %v", tc.in, s, err)
		}
	}
}

// TestParseSideWraps: a side's error wraps the one it reports (%w), so
// that callers can inspect it.
func TestParseSideWraps(t *testing.T) {
	for _, spec := range []string{"goroot=testdata/no-such-goroot"} {
		t.Run(spec, func(t *testing.T) {
			_, err := ParseSide(spec)
			if err == nil || errors.Unwrap(err) == nil {
				t.Errorf("ParseSide(%q) = %v, want an error wrapping its cause", spec, err)
			}
		})
	}
}
