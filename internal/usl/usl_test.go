package usl

import (
	"math"
	"testing"
)

func TestFitExact(t *testing.T) {
	// Noise-free data must be fitted (almost) exactly.
	const sigma, kappa = 0.1, 0.002
	var n, x []float64
	for _, v := range []float64{1, 2, 3, 4, 6, 8, 12, 16} {
		n = append(n, v)
		x = append(x, 5*v/(1+sigma*(v-1)+kappa*v*(v-1)))
	}
	u, err := Fit(n, x)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(u.Sigma-sigma) > 1e-6 || math.Abs(u.Kappa-kappa) > 1e-7 || math.Abs(u.Lambda-1) > 1e-6 {
		t.Errorf("fit σ=%g κ=%g λ=%g; want %g %g 1", u.Sigma, u.Kappa, u.Lambda, sigma, kappa)
	}
	// Perfectly linear scaling: no contention, no coherency, no peak.
	u, err = Fit([]float64{1, 2, 4, 8}, []float64{1, 2, 4, 8})
	if err != nil {
		t.Fatal(err)
	}
	if u.Sigma > 1e-9 || u.Kappa > 1e-9 || u.PeakN != 0 {
		t.Errorf("linear data: σ=%g κ=%g peak=%g; want 0 0 0", u.Sigma, u.Kappa, u.PeakN)
	}
	if _, err := Fit([]float64{1, 2}, []float64{1, 2}); err == nil {
		t.Error("Fit with 2 points: no error")
	}
}
