package compare

import (
	"slices"
	"strings"
)

// Across is the comparison of results along one file configuration key,
// such as go-version, as package bykey makes it: every value of the key
// against a baseline value, each pair decided as Compare decides (see
// Options). The Alpha of each
// pair is the caller's divided by the number of pairs (Bonferroni over the
// pairs, on top of each pair's control over families then rows), so that
// the whole table holds the false discovery rate the caller asked for.
type Across struct {
	// Key is the configuration key, Baseline its value compared against,
	// and Values every value found, in the order of first appearance
	// (sorted as Go versions for go-version), the baseline included.
	Key, Baseline string
	Values        []string
	// Reports holds, for every value but the baseline, its comparison
	// with the baseline (the baseline is the old side).
	Reports map[string]*Report
	// Unpaired holds, for every value but the baseline, the rows measured
	// under it and not under the baseline (a configuration the baseline
	// release cannot run): summarized, with nothing to compare them with.
	Unpaired map[string][]UnpairedRow
}

// UnpairedRow is a benchmark and unit measured under one value of the key
// only, summarized as a side of a Row is.
type UnpairedRow struct {
	Name, Unit string
	Summary    Summary
}

// CompareGoVersions orders "go1.9.2" (or "go-version=go1.9.2") before
// "go1.10" by their numeric parts; other text compares as strings.
func CompareGoVersions(a, b string) int {
	na, nb := goVersionParts(a), goVersionParts(b)
	if na == nil || nb == nil {
		return strings.Compare(a, b)
	}
	return slices.Compare(na, nb)
}

// goVersionParts returns the numbers of a name ending in goN.N.N, or nil.
func goVersionParts(s string) []int {
	_, v, ok := strings.Cut(s, "go1.")
	if !ok {
		return nil
	}
	parts := []int{1}
	for _, f := range strings.Split(v, ".") {
		n := 0
		for _, c := range f {
			if c < '0' || c > '9' {
				break // go1.26rc1: the number before "rc"
			}
			n = n*10 + int(c-'0')
		}
		parts = append(parts, n)
	}
	return parts
}
