package benchre

import (
	"fmt"
	"testing"
)

// TestParse checks the top-level names a pattern selects and that a
// malformed element is rejected.
func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, top string }{
		{".", "(?:.)"},
		{"Counter/impl=mutex", "(?:Counter)"},
		{"Counter|Channel/buf=16", "(?:Counter)|(?:Channel)"},
		{"(A|B)/x", "(?:(A|B))"},
		{"[/]x/y", "(?:[/]x)"},
	} {
		p, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := p.TopLevel(); got != tc.top {
			t.Errorf("Parse(%q).TopLevel() = %q, want %q", tc.in, got, tc.top)
		}
	}
	if _, err := Parse("a/(b"); err == nil {
		t.Errorf("Parse accepted a/(b")
	}
}

// TestForTop checks the pattern that selects one top-level benchmark's
// share of a pattern.
func TestForTop(t *testing.T) {
	for _, tc := range []struct{ bench, top, want string }{
		{".", "BenchmarkCounter", "^BenchmarkCounter$"},
		{"Counter/impl=mutex", "BenchmarkCounter", "^BenchmarkCounter$/impl=mutex"},
		{"Counter/impl=mutex|Channel|Count/x", "BenchmarkCounter", "^BenchmarkCounter$/impl=mutex|^BenchmarkCounter$/x"},
		{"Counter/impl=mutex|Channel", "BenchmarkChannel", "^BenchmarkChannel$"},
		{"(Counter|Channel)/impl=(mutex|chan)/x", "BenchmarkChannel", "^BenchmarkChannel$/impl=(mutex|chan)/x"},
	} {
		p, err := Parse(tc.bench)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.ForTop(tc.top); got != tc.want {
			t.Errorf("Parse(%q).ForTop(%q) = %q, want %q", tc.bench, tc.top, got, tc.want)
		}
	}
}

// TestSlashInsideGroups checks that '/' and '|' inside brackets or
// parentheses do not split.
func TestSlashInsideGroups(t *testing.T) {
	p, err := Parse(`^BenchmarkA$/^impl=(a|b/c)$/[/x]/y`)
	if err != nil {
		t.Fatal(err)
	}
	want := Pattern{{`^BenchmarkA$`, `^impl=(a|b/c)$`, `[/x]`, `y`}}
	if fmt.Sprint(p) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", p, want)
	}
}
