// Package benchre reads a go test -bench regular expression the way the
// testing package does: alternatives at top-level '|', each a path of
// elements at top-level '/', one element for each level of benchmark
// names, a '/' or '|' inside brackets or parentheses not splitting.
package benchre

import (
	"fmt"
	"regexp"
	"strings"
)

// Pattern is a parsed -bench regular expression: alternatives of
// slash-separated paths, each element matching one level of benchmark
// names, exactly as the testing package splits it.
type Pattern [][]string

// Parse splits and compiles a -bench expression the way the testing
// package does, so that an expression the test binary would reject is
// rejected before anything is built.
func Parse(s string) (Pattern, error) {
	p := splitRegexp(s)
	for _, alt := range p {
		for _, elem := range alt {
			if _, err := regexp.Compile(elem); err != nil {
				return nil, fmt.Errorf("invalid -bench regexp %q: %w", s, err)
			}
		}
	}
	return p, nil
}

// TopLevel returns a regular expression matching the top-level benchmark
// names that the pattern can match (for -test.list, which knows only
// top-level names).
func (p Pattern) TopLevel() string {
	var tops []string
	for _, alt := range p {
		if len(alt) == 0 {
			continue
		}
		tops = append(tops, "(?:"+alt[0]+")")
	}
	if len(tops) == 0 {
		return "."
	}
	return strings.Join(tops, "|")
}

// ForTop returns the -test.bench expression that selects, of the
// benchmarks the pattern selects, those of the top-level benchmark top:
// each alternative whose first element matches top, with that element
// replaced by top itself, anchored.
func (p Pattern) ForTop(top string) string {
	var alts []string
	for _, alt := range p {
		if len(alt) == 0 {
			continue
		}
		if ok, err := regexp.MatchString(alt[0], top); err != nil || !ok {
			continue
		}
		alts = append(alts, strings.Join(append([]string{"^" + regexp.QuoteMeta(top) + "$"}, alt[1:]...), "/"))
	}
	if len(alts) == 0 {
		return "^" + regexp.QuoteMeta(top) + "$"
	}
	return strings.Join(alts, "|")
}

// splitRegexp splits s into alternatives at top-level '|' and each
// alternative into elements at top-level '/', ignoring those inside
// brackets or parentheses (a copy of the testing package's rule).
func splitRegexp(s string) Pattern {
	var (
		alts Pattern
		cur  []string
	)
	cs, cp := 0, 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '[':
			cs++
		case ']':
			if cs--; cs < 0 {
				cs = 0
			}
		case '(':
			if cs == 0 {
				cp++
			}
		case ')':
			if cs == 0 {
				cp--
			}
		case '\\':
			i++
		case '/':
			if cs == 0 && cp == 0 {
				cur = append(cur, s[:i])
				s = s[i+1:]
				i = 0
				continue
			}
		case '|':
			if cs == 0 && cp == 0 {
				cur = append(cur, s[:i])
				s = s[i+1:]
				i = 0
				alts = append(alts, cur)
				cur = nil
				continue
			}
		}
		i++
	}
	cur = append(cur, s)
	return append(alts, cur)
}
