// Package intlist reads and writes comma-separated lists of integers, the
// syntax of go test's -cpu flag and of the bench package's sweep flags
// (-goroutines 1,4,64). It lives in the bench module so that both the suite
// and the command use it.
package intlist

import (
	"fmt"
	"strconv"
	"strings"
)

// Parse parses a comma-separated list of integers, each at least least;
// spaces around an element are allowed. Errors name the offending element
// and are meant to follow the flag's name: `"x" is not an integer`.
func Parse(s string, least int) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("empty list")
	}
	var vals []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", f)
		}
		if v < least {
			return nil, fmt.Errorf("%d is below the minimum %d", v, least)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

// Format writes vals as Parse reads them: "1,2,4,8".
func Format(vals []int) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}
