package ranktest

import (
	"math"
	"slices"
)

// Shift is the Hodges–Lehmann estimate of the shift from before to after:
// the median of the differences after − before over every pair, with its distribution-free 95% interval (the order
// statistics of the differences that the Mann–Whitney test's normal
// approximation picks). The order statistics are selected without
// forming the n1·n2 differences (see pairSelect).
func Shift(before, after []float64) (est, lo, hi float64) {
	n1, n2 := len(before), len(after)
	if n1 == 0 || n2 == 0 {
		return 0, math.Inf(-1), math.Inf(1)
	}
	a, b := slices.Clone(after), slices.Clone(before)
	slices.Sort(a)
	slices.Sort(b)
	nn := n1 * n2
	if nn%2 == 1 {
		est = pairSelect(a, b, nn/2)
	} else {
		est = (pairSelect(a, b, nn/2-1) + pairSelect(a, b, nn/2)) / 2
	}
	fn := float64(nn)
	k := int(math.Floor(fn/2 - 1.959964*math.Sqrt(fn*float64(n1+n2+1)/12)))
	if k < 0 {
		return est, math.Inf(-1), math.Inf(1)
	}
	return est, pairSelect(a, b, k), pairSelect(a, b, nn-1-k)
}

// pairSelect returns the k-th smallest (0-based) of the differences
// a[i] − b[j] over every pair, a and b sorted and finite. It bisects over
// the float64 values in their bit order: the answer is the smallest value
// d with more than k differences at most d, and since the count only
// grows at a difference, that d is one, exactly as computed. Each step
// counts in O(len(a)+len(b)), for 64 steps at most.
func pairSelect(a, b []float64, k int) float64 {
	lo, hi := orderKey(a[0]-b[len(b)-1]), orderKey(a[len(a)-1]-b[0])
	for lo < hi {
		mid := lo + (hi-lo)/2
		if pairsAtMost(a, b, keyValue(mid)) > k {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return keyValue(lo)
}

// pairsAtMost counts the pairs with a[i] − b[j] <= d, a and b sorted: for
// each a[i], the b[j] from some index on, an index that only moves
// forward as a[i] grows.
func pairsAtMost(a, b []float64, d float64) int {
	n, j := 0, 0
	for _, x := range a {
		for j < len(b) && x-b[j] > d {
			j++
		}
		n += len(b) - j
	}
	return n
}

// orderKey maps a float64 to a uint64 of the same order; keyValue is its
// inverse.
func orderKey(x float64) uint64 {
	u := math.Float64bits(x)
	if u>>63 == 1 {
		return ^u
	}
	return u | 1<<63
}

func keyValue(u uint64) float64 {
	if u>>63 == 1 {
		return math.Float64frombits(u &^ (1 << 63))
	}
	return math.Float64frombits(^u)
}
