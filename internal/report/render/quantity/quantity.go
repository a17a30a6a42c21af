// Package quantity writes the numbers of a report as people read them:
// times in ns, µs, ms or s, bytes with binary prefixes, rates in
// thousands, millions or billions, ratios as 2.31×.
package quantity

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/report"
)

// Value formats a center in unit for a table cell.
func Value(v float64, unit string) string {
	switch {
	case strings.Contains(unit, "sec"):
		// Times (tidied from ns by benchfmt): back to readable units.
		return Ns(v * 1e9)
	case unit == report.MemoryUnit, unit == "B/op":
		return Bytes(v)
	case benchunit.ClassOf(unit) == benchunit.Binary:
		// Byte rates such as B/s (tidied from MB/s): scaled with binary
		// prefixes, exactly as benchstat prints them ("522.5Ki").
		return benchunit.Scale(v, benchunit.Binary)
	case math.Abs(v) >= 1e6:
		return benchunit.Scale(v, benchunit.ClassOf(unit))
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// Rate formats a count per second.
func Rate(x float64) string {
	switch {
	case x >= 1e9:
		return fmt.Sprintf("%.3g billion", x/1e9)
	case x >= 1e6:
		return fmt.Sprintf("%.3g million", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%.3g thousand", x/1e3)
	}
	return fmt.Sprintf("%.3g", x)
}

// Bytes formats a byte count with a binary prefix.
func Bytes(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.3g GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.3g MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.3g KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

// Ns formats nanoseconds with a readable unit.
func Ns(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.3gs", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.3gms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.3gµs", ns/1e3)
	case ns >= 100:
		return fmt.Sprintf("%.0fns", ns)
	}
	return fmt.Sprintf("%.3gns", ns)
}

// Ratio formats a speedup or efficiency.
func Ratio(x float64) string {
	if x == 0 || math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.2f", x)
}

// Times formats a ratio "2.31×", or "∞×" when the other side is 0.
func Times(r float64) string {
	if math.IsInf(r, 1) {
		return "∞×"
	}
	return fmt.Sprintf("%.2f×", r)
}

// TimesRange formats a range of ratios "1.10–2.31×".
func TimesRange(lo, hi float64) string {
	if lo == hi || hi-lo < 0.005 {
		return Times(lo)
	}
	return strings.TrimSuffix(Times(lo), "×") + "–" + Times(hi)
}

// Span formats a range, or one value when both ends print the same.
func Span(lo, hi string) string {
	if lo == hi {
		return lo
	}
	return lo + "–" + hi
}
