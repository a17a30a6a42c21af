package runner

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ParseCPUList parses a -cpu list such as "1,2,4,8": positive integers
// separated by commas, as go test accepts them.
func ParseCPUList(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("invalid -cpu list %q: empty", s)
	}
	var list []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("invalid -cpu list %q: %q is not a positive integer", s, f)
		}
		list = append(list, n)
	}
	return list, nil
}

// FormatCPUList formats a -cpu list as go test takes it: "1,2,4,8".
func FormatCPUList(cpus []int) string {
	s := make([]string, len(cpus))
	for i, n := range cpus {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// CheckBenchtime checks a -benchtime value: a positive duration ("100ms")
// or a positive iteration count ("1000x").
func CheckBenchtime(s string) error {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		if v, err := strconv.Atoi(n); err != nil || v < 1 {
			return fmt.Errorf("invalid -benchtime %q: want a duration such as 100ms or a count such as 1000x", s)
		}
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return fmt.Errorf("invalid -benchtime %q: want a duration such as 100ms or a count such as 1000x", s)
	}
	return nil
}

// benchPattern is a parsed -bench regular expression: alternatives of
// slash-separated paths, each element matching one level of benchmark
// names, exactly as the testing package splits it.
type benchPattern [][]string

// parseBench splits and compiles a -bench expression the way the testing
// package does, so that an expression the test binary would reject is
// rejected before anything is built.
func parseBench(s string) (benchPattern, error) {
	p := splitRegexp(s)
	for _, alt := range p {
		for _, elem := range alt {
			if _, err := regexp.Compile(elem); err != nil {
				return nil, fmt.Errorf("invalid -bench regexp %q: %v", s, err)
			}
		}
	}
	return p, nil
}

// topLevel returns a regular expression matching the top-level benchmark
// names that the pattern can match (for -test.list, which knows only
// top-level names).
func (p benchPattern) topLevel() string {
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

// forTop returns the -test.bench expression that selects, of the
// benchmarks the pattern selects, those of the top-level benchmark top:
// each alternative whose first element matches top, with that element
// replaced by top itself, anchored.
func (p benchPattern) forTop(top string) string {
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
func splitRegexp(s string) benchPattern {
	var (
		alts benchPattern
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
