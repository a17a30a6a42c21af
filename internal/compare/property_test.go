package compare

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// suiteFile generates one side of a whole-suite file: fams families of
// rows[f] rows each, n samples a row, each row's samples spread by
// lognormal noise of relative size sigma around its own center; the rows
// of family slow (if any) are factor times slower.
func suiteFile(rng *rand.Rand, name string, fams int, rows []int, n int, centers [][]float64, sigma float64, slow int, factor float64) *Side {
	var lines []string
	for f := range fams {
		for r := range rows[f] {
			for range n {
				v := centers[f][r] * math.Exp(sigma*rng.NormFloat64())
				if f == slow {
					v *= factor
				}
				lines = append(lines, fmt.Sprintf("BenchmarkF%d/impl=i%d/n=%d-2 1000 %.6g ns/op", f, r%7, r, v))
			}
		}
	}
	return side(name, "Generated CPU", lines...)
}

// TestOneFamilyNeverPassesInSilence: in generated whole-suite files of 1
// to 100 families with 2 to 10 samples a side, one family slowed by twice
// the threshold is either found (exit 1) or compare says it has not
// enough data and what would decide it (exit 2); it never exits 0. The
// samples are steady (at most 1% noise), so that the change separates
// them and only their number and the family count decide.
func TestOneFamilyNeverPassesInSilence(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 2))
	opts := DefaultOptions()
	cases := 300
	if testing.Short() {
		cases = 60
	}
	codes := map[int]int{}
	for c := range cases {
		fams := 1 + rng.IntN(100)
		n := 2 + rng.IntN(9)
		rows := make([]int, fams)
		centers := make([][]float64, fams)
		for f := range fams {
			rows[f] = 1 + rng.IntN(40)
			if rng.IntN(3) == 0 {
				rows[f] = 1 + rng.IntN(3)
			}
			for range rows[f] {
				centers[f] = append(centers[f], math.Exp(1+8*rng.Float64()))
			}
		}
		slow := rng.IntN(fams)
		sigma := 0.001 + 0.009*rng.Float64()
		old := suiteFile(rng, "old", fams, rows, n, centers, sigma, -1, 1)
		new := suiteFile(rng, "new", fams, rows, n, centers, sigma, slow, 1+2*opts.Threshold)
		rep, err := Compare(old, new, opts)
		if err != nil {
			t.Fatal(err)
		}
		err = rep.Err()
		code := outcome(err)
		codes[code]++
		what := fmt.Sprintf("case %d: %d families, F%d (%d rows) ×%.2f, %d samples a side, noise %.2f%%", c, fams, slow, rows[slow], 1+2*opts.Threshold, n, 100*sigma)
		switch code {
		case 0:
			t.Errorf("%s: exit 0: %s", what, rep.Summary())
		case 2:
			if msg := err.Error(); !strings.Contains(msg, "not enough data") || !strings.Contains(msg, "; use -") {
				t.Errorf("%s: exit 2 without saying what would decide it: %v", what, err)
			}
		}
	}
	t.Logf("%d cases: %d found (exit 1), %d not enough data (exit 2), %d passed in silence (exit 0)", cases, codes[1], codes[2], codes[0])
}
