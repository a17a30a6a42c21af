package findings

import (
	"fmt"
	"strings"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/usl"
)

// MinUSLPoints is the number of GOMAXPROCS values within the machine's
// CPUs a USL fit needs: three coefficients and at least one degree of freedom.
const MinUSLPoints = 4

// scaling computes speedup and efficiency for every benchmark of the
// family measured at GOMAXPROCS=1 and at least one other value, and fits
// the USL where enough points lie within ncpu.
func scaling(f *report.Family, ncpu int) []*report.Scaling {
	if len(f.Procs) < 2 || f.Procs[0] != 1 {
		return nil
	}
	unit := f.PrimaryUnit()
	higher := f.Better(unit) > 0
	groups := map[string]*report.Scaling{}
	var order []string
	for _, b := range f.Benchmarks {
		s := b.Stat(unit)
		if s == nil {
			continue
		}
		k := (&report.Bench{Dims: b.Dims}).WorkloadKey()
		sc := groups[k]
		if sc == nil {
			sc = &report.Scaling{Family: f.Name, Dims: b.Dims, Unit: unit}
			groups[k] = sc
			order = append(order, k)
		}
		sc.Points = append(sc.Points, report.ScalePoint{Procs: b.Procs, Center: s.Center, CI: s.CI,
			TimeSliced: ncpu > 0 && b.Procs > ncpu})
	}
	var out []*report.Scaling
	for _, k := range order {
		sc := groups[k]
		if len(sc.Points) < 2 || sc.Points[0].Procs != 1 || sc.Points[0].Center <= 0 {
			continue
		}
		t1 := sc.Points[0].Center
		var ns, xs []float64
		for i := range sc.Points {
			p := &sc.Points[i]
			if p.Center > 0 {
				p.Speedup = t1 / p.Center
				if higher {
					// A rate: higher is more throughput.
					p.Speedup = p.Center / t1
				}
				p.Efficiency = p.Speedup / float64(p.Procs)
			}
			if ncpu > 0 && !p.TimeSliced && p.Center > 0 {
				ns = append(ns, float64(p.Procs))
				xs = append(xs, p.Speedup)
			}
		}
		if len(ns) >= MinUSLPoints {
			if fit, err := usl.Fit(ns, xs); err == nil {
				sc.USL = fit
			}
		}
		out = append(out, sc)
	}
	return out
}

// scalingNote explains whether the USL could be fit on this machine.
func scalingNote(m *report.Machine) string {
	within := map[int]bool{}
	maxProcs := 0
	for _, f := range m.Families {
		for _, p := range f.Procs {
			maxProcs = max(maxProcs, p)
			if m.NCPU > 0 && p <= m.NCPU {
				within[p] = true
			}
		}
	}
	fitted := false
	for _, s := range m.Scaling {
		if s.USL != nil {
			fitted = true
		}
	}
	var b strings.Builder
	switch {
	case m.NCPU == 0:
		b.WriteString("The machine's CPU count is unknown (no ncpu config key), so settings are not checked for time-slicing and the Universal Scalability Law is not fit.")
	case !fitted:
		fmt.Fprintf(&b, "The Universal Scalability Law needs at least %d GOMAXPROCS values within the machine's CPUs; this machine has %d CPUs and the results have %d such values, so it is not fit here. ",
			MinUSLPoints, m.NCPU, len(within))
		if maxProcs > m.NCPU {
			b.WriteString("Settings above the CPU count are time-sliced: they measure oversubscription, not parallelism.")
		}
	default:
		fmt.Fprintf(&b, "USL fits use the GOMAXPROCS values within the machine's %d CPUs only.", m.NCPU)
	}
	return strings.TrimSpace(b.String())
}
