package findings

import "github.com/syncbench/syncbench/internal/report"

// Analyze fills in the winners, scaling, goroutine claims and findings of
// machine m, whose families are built. The winners are decided together
// (decideWinners) at false discovery rate alpha and threshold (a
// fraction: 0.05 for 1.05×), and each family's other claims are held to
// the cutoff that gave: for a family without winners, alpha over the
// number of families. reference, when a family has that implementation,
// is the one the crossovers hold every other against ("" for none).
func Analyze(m *report.Machine, alpha, threshold float64, reference string) {
	var contests []contest
	for _, f := range m.Families {
		for _, c := range winners(f) {
			m.Winners = append(m.Winners, c.w)
			contests = append(contests, c)
		}
		m.Scaling = append(m.Scaling, scaling(f, m.NCPU)...)
	}
	cutoff := decideWinners(contests, alpha, threshold)
	hasWinners := map[string]bool{}
	for _, w := range m.Winners {
		hasWinners[w.Family] = true
	}
	j := &judge{threshold: threshold, cutoffs: cutoff, hasWinners: hasWinners,
		defaultCutoff: alpha / float64(max(len(m.Families), 1))}
	m.ScalingNote = scalingNote(m)
	m.Claims = claims(m)
	m.Findings = j.findings(m, reference)
}
