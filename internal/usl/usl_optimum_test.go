package usl

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/optimize"
)

// uslSSE is the squared error of the USL with λ, σ, κ against (n, x).
func uslSSE(n, x []float64, lambda, sigma, kappa float64) float64 {
	var s float64
	for i := range n {
		r := x[i] - lambda*n[i]/(1+sigma*(n[i]-1)+kappa*n[i]*(n[i]-1))
		s += r * r
	}
	return s
}

// nelderMeadUSL fits the USL by a second method, gonum's Nelder–Mead on
// (λ, √σ, √κ) so that σ, κ ≥ 0, from several starts, and returns the
// smallest squared error found.
func nelderMeadUSL(t *testing.T, n, x []float64, starts [][3]float64) float64 {
	best := math.Inf(1)
	for _, s := range starts {
		p := optimize.Problem{Func: func(v []float64) float64 {
			return uslSSE(n, x, v[0], v[1]*v[1], v[2]*v[2])
		}}
		init := []float64{s[0], math.Sqrt(s[1]), math.Sqrt(s[2])}
		res, err := optimize.Minimize(p, init, &optimize.Settings{MajorIterations: 5000, FuncEvaluations: 20000,
			Converger: &optimize.FunctionConverge{Absolute: 1e-15, Relative: 1e-15, Iterations: 2000}}, &optimize.NelderMead{})
		if err != nil && res == nil {
			t.Fatal(err)
		}
		best = math.Min(best, res.F)
	}
	return best
}

// TestUSLFitReachesOptimum: on noisy USL-shaped data, Fit's squared
// error is no larger than what a second method (Nelder–Mead, from Fit's
// own answer and from other starts) finds: its stopping rule reaches the
// least-squares optimum.
func TestUSLFitReachesOptimum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ns := []float64{1, 2, 4, 8, 16, 32, 48, 64}
	for trial := 0; trial < 60; trial++ {
		sigma, kappa := rng.Float64()*0.3, rng.Float64()*rng.Float64()*0.01
		noise := 0.02 + 0.2*rng.Float64()
		x := make([]float64, len(ns))
		for i, n := range ns {
			x[i] = n / (1 + sigma*(n-1) + kappa*n*(n-1)) * math.Exp(noise*rng.NormFloat64())
		}
		u, err := Fit(ns, x)
		if err != nil {
			t.Fatal(err)
		}
		base := x[0]
		got := uslSSE(ns, x, u.Lambda*base, u.Sigma, u.Kappa)
		starts := [][3]float64{{u.Lambda * base, u.Sigma, u.Kappa}, {base, sigma, kappa}, {base, 0.1, 0.001}, {base, 0.01, 0.0001}}
		want := nelderMeadUSL(t, ns, x, starts)
		if got > want*(1+1e-6)+1e-12 {
			t.Errorf("trial %d (σ=%.3f κ=%.5f noise %.2f): Fit SSE %.6g (λ=%.4g σ=%.4g κ=%.4g), Nelder–Mead %.6g",
				trial, sigma, kappa, noise, got, u.Lambda, u.Sigma, u.Kappa, want)
		}
	}
}
