package intlist

import (
	"slices"
	"testing"
)

// TestParse checks the list syntax, its minimum and its errors, and that
// Format writes what Parse reads.
func TestParse(t *testing.T) {
	got, err := Parse("1, 4,64", 1)
	if err != nil || !slices.Equal(got, []int{1, 4, 64}) {
		t.Errorf("Parse(1, 4,64) = %v, %v", got, err)
	}
	if s := Format(got); s != "1,4,64" {
		t.Errorf("Format = %q", s)
	}
	for _, c := range []struct {
		in    string
		least int
		want  string
	}{
		{"", 0, "empty list"},
		{"1,,2", 0, `"" is not an integer`},
		{"x", 0, `"x" is not an integer`},
		{"1.5", 0, `"1.5" is not an integer`},
		{"1,-2", 0, "-2 is below the minimum 0"},
		{"0", 1, "0 is below the minimum 1"},
	} {
		if _, err := Parse(c.in, c.least); err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q, %d) error = %v, want %q", c.in, c.least, err, c.want)
		}
	}
}
