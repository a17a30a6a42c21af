package findings

import (
	"slices"
	"testing"
)

func TestCrossoverPairs(t *testing.T) {
	impls := []string{"a", "b", "c", "ref"}
	for _, tc := range []struct {
		name                           string
		first, second, last, reference string
		want                           [][2]string
	}{
		{"one winner throughout", "a", "b", "a", "", [][2]string{{"a", "b"}}},
		{"overtaken at the end", "a", "b", "c", "", [][2]string{{"a", "b"}, {"a", "c"}, {"c", "a"}}},
		{"against the reference, without repeats", "a", "ref", "a", "ref", [][2]string{{"a", "ref"}, {"b", "ref"}, {"c", "ref"}}},
		{"a reference the family lacks", "a", "b", "a", "mutex", [][2]string{{"a", "b"}}},
		{"no runner-up", "a", "", "a", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := crossoverPairs(impls, tc.first, tc.second, tc.last, tc.reference); !slices.Equal(got, tc.want) {
				t.Errorf("crossoverPairs(%q, %q, %q, %q) = %q, want %q", tc.first, tc.second, tc.last, tc.reference, got, tc.want)
			}
		})
	}
}
