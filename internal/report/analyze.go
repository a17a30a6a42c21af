package report

import "golang.org/x/perf/benchfmt"

// analyze fills in the winners, scaling and goroutine claims of a
// machine whose families are built. The winners are decided together
// (decideWinners), and each family's other claims are held to the cutoff
// that gave: for a family without winners, alpha over the number of
// families.
func analyze(m *Machine, units benchfmt.UnitMetadataMap, alpha, threshold float64) {
	for _, f := range m.Families {
		m.Winners = append(m.Winners, winners(f, units)...)
		m.Scaling = append(m.Scaling, scaling(f, m.NCPU, units)...)
	}
	cutoff := decideWinners(m.Winners, alpha, threshold)
	hasWinners := map[string]bool{}
	for _, w := range m.Winners {
		hasWinners[w.Family] = true
	}
	if len(m.Families) > 0 {
		mach := m.Families[0].mach
		mach.threshold, mach.cutoffs, mach.hasWinners = threshold, cutoff, hasWinners
		mach.defaultCutoff = alpha / float64(len(m.Families))
	}
	m.ScalingNote = scalingNote(m)
	m.Claims = claims(m)
}
