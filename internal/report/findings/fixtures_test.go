package findings_test

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

// The generated fixtures are committed so that benchstat and the command's
// scripts can read them; `go test -run TestFixtures -update` rewrites them.
var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata")

// USL coefficients of the generated fixture, per implementation.
var uslTruth = []struct {
	impl         string
	sigma, kappa float64
}{
	{"mutex", 0.05, 0.0008},   // peak at sqrt(0.95/0.0008) ≈ 34.5
	{"sharded", 0.01, 0.0001}, // peak at sqrt(0.99/0.0001) ≈ 99.5
}

// uslProcs are the GOMAXPROCS values of the USL fixture, all within its
// 64 CPUs.
var uslProcs = []int{1, 2, 4, 8, 16, 32, 48, 64}

// genUSL writes results whose throughput follows the USL with the
// coefficients of uslTruth, with ±1% multiplicative noise.
func genUSL() []byte {
	var b bytes.Buffer
	b.WriteString("goos: linux\ngoarch: amd64\npkg: example/usl\ncpu: Generated 64-core CPU\nncpu: 64\n")
	rng := rand.New(rand.NewPCG(1, 2))
	const t1 = 100.0 // ns/op at N=1
	for _, u := range uslTruth {
		for _, n := range uslProcs {
			fn := float64(n)
			c := fn / (1 + u.sigma*(fn-1) + u.kappa*fn*(fn-1))
			for range 6 {
				ns := t1 / c * (1 + 0.01*(2*rng.Float64()-1))
				suffix := ""
				if n > 1 {
					suffix = fmt.Sprintf("-%d", n)
				}
				fmt.Fprintf(&b, "BenchmarkContended/impl=%s%s\t1000000\t%.3f ns/op\n", u.impl, suffix, ns)
			}
		}
	}
	return b.Bytes()
}

// genFamilies writes small results for the families with special
// handling: channels (buffer axis, producer:consumer shapes), ping-pong,
// goroutine memory and spawn cost, and a family with too few samples.
func genFamilies() []byte {
	var b bytes.Buffer
	b.WriteString("goos: linux\ngoarch: amd64\npkg: example/families\ncpu: Generated 2-core CPU\nncpu: 2\n")
	b.WriteString("Unit B/goroutine better=lower\n")
	rng := rand.New(rand.NewPCG(3, 4))
	noise := func(v float64) float64 { return v * (1 + 0.02*(2*rng.Float64()-1)) }
	procs := func(p int) string {
		if p == 1 {
			return ""
		}
		return fmt.Sprintf("-%d", p)
	}
	for _, p := range []int{1, 2} {
		for _, shape := range [][2]int{{1, 1}, {4, 1}, {1, 4}} {
			for _, buf := range []int{0, 1, 16, 256} {
				base := 200.0 / float64(1+buf/8) * float64(shape[0]+shape[1]) / 2
				for range 6 {
					fmt.Fprintf(&b, "BenchmarkChannel/impl=chan/buf=%d/producers=%d/consumers=%d%s\t100000\t%.2f ns/op\n",
						buf, shape[0], shape[1], procs(p), noise(base+40))
				}
			}
		}
		for _, buf := range []int{0, 1} {
			for range 6 {
				fmt.Fprintf(&b, "BenchmarkPingPong/buf=%d%s\t100000\t%.2f ns/op\n", buf, procs(p), noise(300-float64(buf)*50))
			}
		}
		for range 6 {
			fmt.Fprintf(&b, "BenchmarkSpawn%s\t100000\t%.2f ns/op\n", procs(p), noise(350))
		}
	}
	for _, n := range []int{1000, 10000, 100000} {
		for range 6 {
			fmt.Fprintf(&b, "BenchmarkGoroutineMemory/n=%d-2\t1\t%.0f ns/op\t%.0f B/goroutine\n", n, noise(float64(n)*400), noise(2600))
		}
	}
	// Three samples: too few for a 95% interval.
	for range 3 {
		fmt.Fprintf(&b, "BenchmarkFew/impl=a-2\t1000\t%.2f ns/op\n", noise(10))
		fmt.Fprintf(&b, "BenchmarkFew/impl=b-2\t1000\t%.2f ns/op\n", noise(20))
	}
	return b.Bytes()
}

// TestFixtures checks that the committed generated fixtures are what the
// generators write.
func TestFixtures(t *testing.T) {
	for name, gen := range map[string]func() []byte{
		"../testdata/usl-generated.txt":      genUSL,
		"../testdata/families-generated.txt": genFamilies,
	} {
		want := gen()
		if *update {
			if err := os.WriteFile(name, want, 0o666); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go test -run TestFixtures -update ./internal/report/findings", name)
		}
	}
}
