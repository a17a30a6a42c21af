package quantity

import (
	"math"
	"testing"
)

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"time in ns", Value(51.7e-9, "sec/op"), "51.7ns"},
		{"time over 100ns", Value(241e-9, "sec/op"), "241ns"},
		{"time in µs", Ns(12_300), "12.3µs"},
		{"bytes", Value(2048, "B/op"), "2 KiB"},
		{"a byte rate as benchstat", Value(535040, "B/s"), "522.5Ki"},
		{"a plain number", Value(0.9851, "fairness"), "0.9851"},
		{"a rate", Rate(2.5e6), "2.5 million"},
		{"a ratio", Ratio(1.234), "1.23"},
		{"no ratio", Ratio(math.NaN()), "—"},
		{"times", Times(2.314), "2.31×"},
		{"times against zero", Times(math.Inf(1)), "∞×"},
		{"a range of times", TimesRange(1.1, 2.31), "1.10–2.31×"},
		{"a range that prints as one", TimesRange(1.1, 1.102), "1.10×"},
		{"a span", Span("2 KiB", "4 KiB"), "2 KiB–4 KiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}
