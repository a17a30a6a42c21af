package runner

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/syncbench/syncbench/bench/intlist"
)

// ParseCPUList parses a -cpu list such as "1,2,4,8": positive integers
// separated by commas, as go test accepts them.
func ParseCPUList(s string) ([]int, error) {
	list, err := intlist.Parse(s, 1)
	if err != nil {
		return nil, fmt.Errorf("invalid -cpu list %q: %w", s, err)
	}
	return list, nil
}

// FormatCPUList formats a -cpu list as go test takes it: "1,2,4,8".
func FormatCPUList(cpus []int) string { return intlist.Format(cpus) }

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
