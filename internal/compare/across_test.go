package compare

import "testing"

// TestCompareGoVersions orders releases by their numbers, not as text.
func TestCompareGoVersions(t *testing.T) {
	for _, c := range []struct{ name, older, newer string }{
		{"minor 9 before 10", "go1.9.2", "go1.10"},
		{"a patch before the next minor", "go1.22.12", "go1.23.1"},
		{"a release candidate before a later release", "go1.26rc1", "go1.27.3"},
		{"patch 3 before 10", "go1.27.3", "go1.27.10"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if CompareGoVersions(c.older, c.newer) >= 0 || CompareGoVersions(c.newer, c.older) <= 0 {
				t.Errorf("%s and %s out of order", c.older, c.newer)
			}
		})
	}
}
