package ranktest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHodgesLehmannExact: the estimate and interval, selected without
// forming the differences, are the order statistics of the sorted
// differences, on random samples with ties and of odd and even counts.
func TestHodgesLehmannExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n1, n2 := 1+rng.IntN(40), 1+rng.IntN(40)
		gen := func(n int) []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = math.Round(rng.NormFloat64()*20) / 10 // ties
			}
			return v
		}
		before, after := gen(n1), gen(n2)
		var d []float64
		for _, a := range after {
			for _, b := range before {
				d = append(d, a-b)
			}
		}
		slices.Sort(d)
		nn := len(d)
		want := d[nn/2]
		if nn%2 == 0 {
			want = (d[nn/2-1] + d[nn/2]) / 2
		}
		wantLo, wantHi := math.Inf(-1), math.Inf(1)
		if k := int(math.Floor(float64(nn)/2 - 1.959964*math.Sqrt(float64(nn*(n1+n2+1))/12))); k >= 0 {
			wantLo, wantHi = d[k], d[nn-1-k]
		}
		est, lo, hi := Shift(before, after)
		if est != want || lo != wantLo || hi != wantHi {
			t.Fatalf("trial %d (%d, %d): got %v [%v, %v], want %v [%v, %v]", trial, n1, n2, est, lo, hi, want, wantLo, wantHi)
		}
	}
}
