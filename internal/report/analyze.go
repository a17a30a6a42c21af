package report

import "golang.org/x/perf/benchfmt"

// analyze fills in the winners, scaling, goroutine claims and top summary
// of a machine whose families are built.
func analyze(m *Machine, units benchfmt.UnitMetadataMap) {
	for _, f := range m.Families {
		m.Winners = append(m.Winners, winners(f, units)...)
		m.Scaling = append(m.Scaling, scaling(f, m.NCPU, units)...)
	}
	m.ScalingNote = scalingNote(m)
	m.Claims = claims(m)
	m.Summary = summarize(m, units)
}
