package fdr

import (
	"math"
	"testing"
)

func TestBH(t *testing.T) {
	ps := []float64{0.01, 0.04, 0.03, 0.005}
	// Sorted: 0.005*4/1=0.02, 0.01*4/2=0.02, 0.03*4/3=0.04, 0.04*4/4=0.04,
	// then the minimum from the top down.
	want := []float64{0.02, 0.04, 0.04, 0.02}
	for i, got := range BH(ps) {
		if math.Abs(got-want[i]) > 1e-12 {
			t.Errorf("p=%v: BH %v, want %v", ps[i], got, want[i])
		}
	}
	// Simes: min(4*0.005/1, 4*0.01/2, 4*0.03/3, 4*0.04/4) = 0.02.
	if got := Simes(ps); math.Abs(got-0.02) > 1e-12 {
		t.Errorf("simes = %v, want 0.02", got)
	}
}

func TestHierarchical(t *testing.T) {
	// Family a: Simes min(2·0.001/1, 2·0.002/2) = 0.002; b: 0.9. BH over
	// the families: 0.004 and 0.9, so R=1 of F=2; a's rows by BH (0.002,
	// 0.002) at α·1/2, that is adjusted ×2.
	adj, F, R := Hierarchical([]float64{0.001, 0.5, 0.002, 0.9}, []string{"a", "b", "a", "b"}, 0.05)
	want := []float64{0.004, 0.9, 0.004, 0.9}
	if F != 2 || R != 1 {
		t.Errorf("F=%d R=%d, want 2 and 1", F, R)
	}
	for i := range want {
		if math.Abs(adj[i]-want[i]) > 1e-12 {
			t.Errorf("adj[%d] = %v, want %v", i, adj[i], want[i])
		}
	}
}
