// Package usl fits Gunther's Universal Scalability Law to speedups measured at
// several concurrencies, and says what a fit can be quoted for.
package usl

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// Model is a fit of Gunther's Universal Scalability Law
//
//	X(N) = λN / (1 + σ(N−1) + κN(N−1))
//
// to relative throughput X (speedup against N=1) at N = GOMAXPROCS.
type Model struct {
	// Lambda is the fitted throughput at N=1 relative to the measured one
	// (close to 1 for a good fit).
	Lambda float64 `json:"lambda"`
	// Sigma is the contention coefficient: the serialized fraction.
	Sigma float64 `json:"sigma"`
	// Kappa is the coherency coefficient: the cost of keeping shared state
	// consistent between each pair of workers.
	Kappa float64 `json:"kappa"`
	// PeakN is the N of maximum throughput, sqrt((1−σ)/κ); 0 when κ is 0
	// (throughput then rises towards λ/σ without a peak).
	PeakN float64 `json:"peak_n"`
	// PeakX is the predicted relative throughput at PeakN (0 without a peak).
	PeakX float64 `json:"peak_x"`
	// R2 is the coefficient of determination of the fit.
	R2 float64 `json:"r2"`
	// Points is the number of (N, X) points fitted.
	Points int `json:"points"`
	// Outside says why the data lie outside the model (σ above 1, or a
	// fit that would need σ or κ below 0), or is empty.
	Outside string `json:"outside_model,omitempty"`
}

// The thresholds a USL fit must pass for its peak to be quoted.
const (
	// MinR2 is the least R² of a fit worth reading.
	MinR2 = 0.9
	// MinPeakX is the least peak speedup that counts as scaling.
	MinPeakX = 1.1
	// MaxSigma is the contention above which nothing scales.
	MaxSigma = 0.9
)

// Quality is what a fit can be quoted for.
type Quality int

const (
	// Poor: R² below MinR2; the fit says nothing. Checked first.
	Poor Quality = iota
	// Flat: a good fit of something that does not scale: a peak below
	// N = 1 or a peak speedup of at most MinPeakX, or contention σ of
	// MaxSigma or more.
	Flat
	// Peak: a good fit with a peak worth quoting.
	Peak
	// NoPeak: a good fit that scales without a peak (κ = 0).
	NoPeak
	// Outside: a good fit whose coefficients lie outside the model
	// (see Model.Outside): flagged, not read as contention or coherency.
	Outside
)

// Quality classifies u for the summary: the R² check comes first, then
// the model's bounds, then whether it scales.
func (u *Model) Quality() Quality {
	switch {
	case !(u.R2 >= MinR2):
		return Poor
	case u.Outside != "":
		return Outside
	case u.Sigma >= MaxSigma, u.PeakN > 0 && (u.PeakN < 1 || u.PeakX <= MinPeakX):
		return Flat
	case u.PeakN > 0:
		return Peak
	}
	return NoPeak
}

// Predict returns the fitted relative throughput at n.
func (u *Model) Predict(n float64) float64 {
	return u.Lambda * n / (1 + u.Sigma*(n-1) + u.Kappa*n*(n-1))
}

// Fit fits the USL to relative throughputs x at concurrencies n by
// nonlinear least squares (BFGS, with σ, κ ≥ 0), started
// from the standard linearization n/x − 1 = σ(n−1) + κn(n−1).
func Fit(n, x []float64) (*Model, error) {
	if len(n) != len(x) || len(n) < 3 {
		return nil, errors.New("USL fit needs at least 3 points")
	}
	for i := range n {
		if !(n[i] >= 1) || !(x[i] > 0) || math.IsInf(x[i], 0) {
			return nil, errors.New("USL fit needs N ≥ 1 and positive finite throughput")
		}
	}
	// Normalize throughput to its value at the smallest N, as the
	// linearization assumes X(1) = 1.
	base := x[0]
	for i := range n {
		if n[i] == 1 {
			base = x[i]
		}
	}
	sigma, kappa := linearUSL(n, x, base)
	p, free := fitConstrained(n, x, [3]float64{base, sigma, kappa})

	u := &Model{Lambda: p[0] / base, Sigma: p[1], Kappa: p[2], Points: len(n)}
	// The fit keeps σ, κ ≥ 0; say so when the data would rather have
	// them negative (faster than linear, or a rising curve), as that is
	// outside the model.
	if free[1] < 0 || free[2] < 0 {
		u.Outside = fmt.Sprintf("the unconstrained fit has σ=%.3g, κ=%.3g", free[1], free[2])
	} else if p[1] > 1 {
		u.Outside = fmt.Sprintf("σ=%.3g is above 1", p[1])
	}
	// R² on the original scale.
	var mean, ssTot, ssRes float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for i := range n {
		f := p[0] * n[i] / (1 + p[1]*(n[i]-1) + p[2]*n[i]*(n[i]-1))
		ssRes += (x[i] - f) * (x[i] - f)
		ssTot += (x[i] - mean) * (x[i] - mean)
	}
	u.R2 = 1
	if ssTot > 0 {
		u.R2 = 1 - ssRes/ssTot
	}
	switch {
	case u.Kappa > 0 && u.Sigma < 1:
		u.PeakN = math.Sqrt((1 - u.Sigma) / u.Kappa)
		u.PeakX = u.Predict(u.PeakN)
	}
	return u, nil
}

// linearUSL solves n/c − 1 = σ(n−1) + κn(n−1), c = x/base, by least
// squares through the origin, keeping σ and κ non-negative.
func linearUSL(n, x []float64, base float64) (sigma, kappa float64) {
	var s11, s12, s22, s1y, s2y float64
	for i := range n {
		a, b := n[i]-1, n[i]*(n[i]-1)
		y := n[i]/(x[i]/base) - 1
		s11 += a * a
		s12 += a * b
		s22 += b * b
		s1y += a * y
		s2y += b * y
	}
	det := s11*s22 - s12*s12
	if det != 0 {
		sigma = (s1y*s22 - s2y*s12) / det
		kappa = (s11*s2y - s12*s1y) / det
	}
	if sigma < 0 || det == 0 {
		sigma = 0
		if s22 > 0 {
			kappa = s2y / s22
		}
	}
	if kappa < 0 {
		kappa = 0
		if s11 > 0 {
			sigma = max(0, s1y/s11)
		}
	}
	return sigma, kappa
}

// fitConstrained returns the least-squares fit p = (λ, σ, κ) with σ, κ ≥ 0
// and the unconstrained fit. The constrained optimum is either the
// unconstrained one, when that is feasible, or lies on an edge (σ = 0, κ =
// 0, or both): each is fitted on its own from start and the best feasible
// one kept. (Clamping a step at an edge instead stalls short of the
// optimum.)
func fitConstrained(n, x []float64, start [3]float64) (best, free [3]float64) {
	start[1], start[2] = math.Max(start[1], 0), math.Max(start[2], 0)
	bestSSE := math.Inf(1)
	for i, fix := range [][3]bool{{}, {false, false, true}, {false, true, false}, {false, true, true}} {
		s := start
		for a := range s {
			if fix[a] {
				s[a] = 0
			}
		}
		p := minimizeUSL(n, x, s, fix)
		if i == 0 {
			free = p
		}
		if p[1] < 0 || p[2] < 0 || !valid(n, p) {
			continue
		}
		if e := uslError(n, x, p); e < bestSSE {
			best, bestSSE = p, e
		}
	}
	return best, free
}

// valid reports whether the USL's denominator is positive at every n.
func valid(n []float64, p [3]float64) bool {
	for _, v := range n {
		if 1+p[1]*(v-1)+p[2]*v*(v-1) <= 0 {
			return false
		}
	}
	return true
}

// uslError is the squared error of the USL with p = (λ, σ, κ) against x.
func uslError(n, x []float64, p [3]float64) float64 {
	var s float64
	for i := range n {
		r := x[i] - p[0]*n[i]/(1+p[1]*(n[i]-1)+p[2]*n[i]*(n[i]-1))
		s += r * r
	}
	return s
}

// minimizeUSL refines p = (λ, σ, κ) to minimize the squared error of the
// USL against x by BFGS (gonum/optimize), keeping the parameters marked in
// fix as they are and the others unconstrained.
func minimizeUSL(n, x []float64, p [3]float64, fix [3]bool) [3]float64 {
	var free []int
	for a := range fix {
		if !fix[a] {
			free = append(free, a)
		}
	}
	at := func(v []float64) [3]float64 {
		q := p
		for k, a := range free {
			q[a] = v[k]
		}
		return q
	}
	prob := optimize.Problem{
		Func: func(v []float64) float64 {
			q := at(v)
			if !valid(n, q) {
				return math.Inf(1)
			}
			return uslError(n, x, q)
		},
		Grad: func(g, v []float64) {
			q := at(v)
			var all [3]float64
			for i := range n {
				d := 1 + q[1]*(n[i]-1) + q[2]*n[i]*(n[i]-1)
				f := q[0] * n[i] / d
				r := x[i] - f
				all[0] -= 2 * r * n[i] / d
				all[1] += 2 * r * f * (n[i] - 1) / d
				all[2] += 2 * r * f * n[i] * (n[i] - 1) / d
			}
			for k, a := range free {
				g[k] = all[a]
			}
		},
	}
	init := make([]float64, len(free))
	for k, a := range free {
		init[k] = p[a]
	}
	res, _ := optimize.Minimize(prob, init, nil, &optimize.BFGS{})
	if res == nil {
		return p
	}
	return at(res.X)
}
