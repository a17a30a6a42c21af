// Package fdr holds the multiple-testing corrections syncbench's decisions
// share: Benjamini–Hochberg's false discovery rate, the Simes combination
// of a family's p-values, and the hierarchical procedure over families,
// then rows.
package fdr

import (
	"math"
	"sort"
)

// Hierarchical runs the two-stage procedure over p-values ps, ps[i]
// belonging to family families[i]: Simes p-values of the families screened
// with Benjamini–Hochberg at alpha, then Benjamini–Hochberg within each of
// the R selected families (of F) at alpha·R/F (Benjamini and Bogomolov,
// 2014). It returns adjusted p-values, in the order of ps, such that ps[i]
// is rejected exactly when adj[i] <= alpha (for a family not selected, its
// adjusted Simes p-value, above alpha). The gate and report's winners use
// it (compare.Hierarchical); compare itself uses its family test.
func Hierarchical(ps []float64, families []string, alpha float64) (adj []float64, F, R int) {
	idx := map[string][]int{}
	var order []string
	for i, f := range families {
		if _, ok := idx[f]; !ok {
			order = append(order, f)
		}
		idx[f] = append(idx[f], i)
	}
	F = len(order)
	famP := make([]float64, F)
	for k, f := range order {
		famP[k] = Simes(pick(ps, idx[f]))
	}
	famAdj := BH(famP)
	for _, q := range famAdj {
		if q <= alpha {
			R++
		}
	}
	adj = make([]float64, len(ps))
	for k, f := range order {
		if famAdj[k] > alpha {
			for _, i := range idx[f] {
				adj[i] = famAdj[k]
			}
			continue
		}
		within := BH(pick(ps, idx[f]))
		for j, i := range idx[f] {
			adj[i] = math.Min(1, within[j]*float64(F)/float64(R))
		}
	}
	return adj, F, R
}

func pick(ps []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for j, i := range idx {
		out[j] = ps[i]
	}
	return out
}

// Simes is the Simes combination of ps, a valid p-value for "no
// hypothesis of ps is false" under independence or positive dependence:
// min over i of m·p(i)/i, p(i) the i-th smallest.
func Simes(ps []float64) float64 {
	s := append([]float64(nil), ps...)
	sort.Float64s(s)
	m := float64(len(s))
	best := 1.0
	for i, p := range s {
		best = math.Min(best, m*p/float64(i+1))
	}
	return best
}

// BH returns the Benjamini–Hochberg adjusted p-values of ps, in the same
// order: min over j >= i of m·p(j)/j, capped at 1. A p-value is rejected
// at false discovery rate q exactly when its adjusted value is <= q.
func BH(ps []float64) []float64 {
	m := len(ps)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]] < ps[idx[b]] })
	adj := make([]float64, m)
	prev := 1.0
	for k := m - 1; k >= 0; k-- {
		i := idx[k]
		v := math.Min(prev, ps[i]*float64(m)/float64(k+1))
		adj[i] = v
		prev = v
	}
	return adj
}
