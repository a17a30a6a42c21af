package verdict

import (
	"math"

	"github.com/montanaflynn/stats"
)

// MinShiftFamilies is how many families a unit needs before the change of
// its median family is taken for the machine's shift between two runs
// (Shifts): with fewer, one family's own change would be the median.
const MinShiftFamilies = 5

// MinShift is the smallest machine shift, a fraction, that rows are
// judged against: under 1% the rows are judged as benchstat does.
const MinShift = 0.01

// ShiftUnit is the unit a machine's shift is estimated and judged in: the
// time per operation, which a faster or slower machine scales. The other
// units do not scale with its speed (fairness, counts), or are quantized
// by the timer so that moving them would break their ties (the
// percentiles of latency: those that move with their unit are said by
// the family rule instead, Family.WithUnit).
const ShiftUnit = "sec/op"

// MaxShift is the largest machine shift, as a multiple of the threshold,
// that rows are judged against: a unit whose median family moved further
// than twice the threshold is judged as it is, since so large a move of
// every family is as likely the code's (a compiler, a runtime) as the
// machine's.
const MaxShift = 2

// Shifts estimates how far the machine moved between two runs made at
// different times, unit by unit: the median, over the unit's families, of
// each family's geometric-mean change of its rows' medians. On a shared
// machine every family of a unit moves by a few percent between two runs
// of one commit (results/replication-8rounds.md and -count10.md, their
// machine shift column: -5.5% and +3.2% to +8.7% between the first run of
// a sitting and the later ones), more than the samples of each run show; a change of the code moves some families,
// not the median of them all.
type Shifts struct {
	fams  map[[2]string]*logSum // by unit and family
	order [][2]string
}

type logSum struct {
	sum float64
	n   int
}

// Add counts a row of unit and family with samples ov (old) and nv (new);
// only rows of ShiftUnit count.
func (s *Shifts) Add(unit, family string, ov, nv []float64) {
	if unit != ShiftUnit {
		return
	}
	o, _ := stats.Median(ov)
	n, _ := stats.Median(nv)
	if !(o > 0) || !(n > 0) || math.IsInf(o, 0) || math.IsInf(n, 0) {
		return
	}
	if s.fams == nil {
		s.fams = map[[2]string]*logSum{}
	}
	k := [2]string{unit, family}
	f := s.fams[k]
	if f == nil {
		f = &logSum{}
		s.fams[k] = f
		s.order = append(s.order, k)
	}
	f.sum += math.Log(n / o)
	f.n++
}

// Ratios returns, per unit with at least MinShiftFamilies families, the
// machine's shift as a ratio new/old (the median family's geometric-mean
// ratio), when it is at least MinShift and within MaxShift thresholds (a
// fraction) of 1.
func (s *Shifts) Ratios(threshold float64) map[string]float64 {
	byUnit := map[string][]float64{}
	var units []string
	for _, k := range s.order {
		f := s.fams[k]
		if _, ok := byUnit[k[0]]; !ok {
			units = append(units, k[0])
		}
		byUnit[k[0]] = append(byUnit[k[0]], f.sum/float64(f.n))
	}
	out := map[string]float64{}
	for _, u := range units {
		logs := byUnit[u]
		if len(logs) < MinShiftFamilies {
			continue
		}
		m, _ := stats.Median(logs)
		if a := math.Abs(m); a >= math.Log1p(MinShift) && a <= MaxShift*math.Log1p(threshold) {
			out[u] = math.Exp(m)
		}
	}
	return out
}

// Judged is the row's change (percent) as its verdict weighs it: the
// nearer to no change of its change against no change and against the
// machine's shift it is judged by (Shift), and 0 when the two disagree in
// direction, so that the shift excuses a change and never makes one: a row
// that held still on a machine that got faster is not slower. The change
// itself when there is no shift.
func (r *Row) Judged() float64 { return judged(r.Change, r.Shift) }

// Judged is the family's change as its verdict weighs it (Row.Judged).
func (f *Family) Judged() float64 { return judged(f.Change, f.Shift) }

// judged is the nearer to 0 of the percent change c and c against a
// baseline that moved by shift percent, 0 when they differ in sign.
func judged(c, shift float64) float64 {
	a := against(c, shift)
	switch {
	case a*c <= 0:
		return 0
	case math.Abs(a) < math.Abs(c):
		return a
	}
	return c
}

// against is the percent change c measured from a baseline that moved by
// shift percent.
func against(c, shift float64) float64 {
	if shift == 0 || math.IsNaN(c) || math.IsInf(c, 0) {
		return c
	}
	return ((1+c/100)/(1+shift/100) - 1) * 100
}
