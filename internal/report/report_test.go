package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fixtures are the committed results files the tests read: a real run of
// the counter and read-mostly families on a 2-CPU machine, and generated
// files with known properties.
var fixtures = []string{
	"testdata/counter-readmostly-2cpu.txt",
	"testdata/usl-generated.txt",
	"testdata/families-generated.txt",
}

// agreementFixtures are the files held against benchstat: the fixtures,
// and small files of byte rates (b.SetBytes) and of two packages.
var agreementFixtures = append(fixtures[:len(fixtures):len(fixtures)], "testdata/rate-mbs.txt", "testdata/two-packages.txt")

func build(t *testing.T, paths ...string) *Report {
	t.Helper()
	in, err := Load(paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Build(in, Options{})
}

// benchstat runs `go tool benchstat` with args and returns its output.
func benchstat(t *testing.T, args ...string) []byte {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go command not found: %v", err)
	}
	cmd := exec.Command(goCmd, append([]string{"tool", "benchstat"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go tool benchstat: %v\n%s", err, stderr.Bytes())
	}
	return out
}

// benchstatText runs `go tool benchstat` (text) on path and returns the
// center of each cell as printed ("522.5Ki") per "name unit".
func benchstatText(t *testing.T, path string) map[string]string {
	t.Helper()
	out := benchstat(t, path)
	got := map[string]string{}
	unit, header, pkg := "", 0, ""
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(line, "pkg: "):
			pkg = strings.TrimPrefix(line, "pkg: ")
		case strings.HasPrefix(strings.TrimSpace(line), "│"):
			header++
			if header == 2 {
				unit = strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "│"))
			}
		case strings.TrimSpace(line) == "":
			header, unit = 0, ""
		case unit != "":
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] != "geomean" {
				got[pkg+" "+f[0]+" "+unit] = f[1]
			}
		}
	}
	return got
}

// benchstatCSV runs `go tool benchstat -format csv` on path and returns
// center and CI per "pkg name unit".
func benchstatCSV(t *testing.T, path string) map[string][2]string {
	t.Helper()
	out := benchstat(t, "-format", "csv", path)
	r := csv.NewReader(bytes.NewReader(out))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parsing benchstat CSV: %v", err)
	}
	got := map[string][2]string{}
	unit, pkg := "", ""
	for _, rec := range recs {
		switch {
		case len(rec) == 1 && strings.HasPrefix(rec[0], "pkg: "):
			pkg, unit = strings.TrimPrefix(rec[0], "pkg: "), ""
		case len(rec) >= 3 && rec[0] == "" && rec[2] == "CI":
			unit = rec[1]
		case len(rec) >= 3 && rec[0] != "" && rec[0] != "geomean" && unit != "":
			got[pkg+" "+rec[0]+" "+unit] = [2]string{rec[1], rec[2]}
		case len(rec) <= 1:
			unit = "" // config line or blank line between tables
		}
	}
	if len(got) == 0 {
		t.Fatalf("no cells in benchstat output:\n%s", out)
	}
	return got
}

// TestAgreesWithBenchstat holds every (benchmark, unit) center and
// interval against what `go tool benchstat -format csv` prints for the
// same samples.
func TestAgreesWithBenchstat(t *testing.T) {
	for _, path := range agreementFixtures {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := benchstatCSV(t, path)
			wantText := benchstatText(t, path)
			rep := build(t, path)
			n := 0
			for _, m := range rep.Machines {
				for _, f := range m.Families {
					for _, b := range f.Benchmarks {
						for _, s := range b.Stats {
							key := f.Pkg + " " + b.Name + " " + s.Unit
							w, ok := want[key]
							if !ok {
								t.Errorf("%s: benchstat has no cell", key)
								continue
							}
							if got := fmt.Sprint(s.Center); got != w[0] {
								t.Errorf("%s: center %s, benchstat %s", key, got, w[0])
							}
							if s.CI != w[1] {
								t.Errorf("%s: CI %s, benchstat %s", key, s.CI, w[1])
							}
							if strings.HasSuffix(s.Unit, "/s") {
								// Rates: the table names the unit the values
								// are in and prints them as benchstat does.
								tab := familyTable(f, s.Unit)
								if !strings.Contains(tab.caption, " — "+s.Unit+" ") {
									t.Errorf("%s: table caption %q does not name the unit %s", key, tab.caption, s.Unit)
								}
								if got, bs := fmtValue(s.Center, s.Unit), wantText[key]; got != bs {
									t.Errorf("%s: cell %s, benchstat prints %s", key, got, bs)
								}
							}
							n++
						}
					}
				}
			}
			if n != len(want) {
				t.Errorf("compared %d cells, benchstat printed %d", n, len(want))
			}
		})
	}
}

func TestUSLFitRecoversCoefficients(t *testing.T) {
	rep := build(t, "testdata/usl-generated.txt")
	m := rep.Machines[0]
	if m.NCPU != 64 {
		t.Fatalf("ncpu = %d, want 64", m.NCPU)
	}
	fits := 0
	for _, s := range m.Scaling {
		impl := get(s.Dims, "impl")
		for _, truth := range uslTruth {
			if truth.impl != impl {
				continue
			}
			u := s.USL
			if u == nil {
				t.Fatalf("%s: no USL fit", impl)
			}
			fits++
			peak := math.Sqrt((1 - truth.sigma) / truth.kappa)
			if math.Abs(u.Sigma-truth.sigma) > 0.005 || math.Abs(u.Kappa-truth.kappa) > 0.2*truth.kappa ||
				math.Abs(u.PeakN-peak) > 0.1*peak || u.R2 < 0.99 || u.Points != len(uslProcs) {
				t.Errorf("%s: fit σ=%.4f κ=%.6f peak=%.1f R²=%.4f points=%d; want σ=%.4f κ=%.6f peak=%.1f",
					impl, u.Sigma, u.Kappa, u.PeakN, u.R2, u.Points, truth.sigma, truth.kappa, peak)
			}
		}
	}
	if fits != len(uslTruth) {
		t.Errorf("found %d fits, want %d", fits, len(uslTruth))
	}
}

func TestFitUSLExact(t *testing.T) {
	// Noise-free data must be fitted (almost) exactly.
	const sigma, kappa = 0.1, 0.002
	var n, x []float64
	for _, v := range []float64{1, 2, 3, 4, 6, 8, 12, 16} {
		n = append(n, v)
		x = append(x, 5*v/(1+sigma*(v-1)+kappa*v*(v-1)))
	}
	u, err := FitUSL(n, x)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(u.Sigma-sigma) > 1e-6 || math.Abs(u.Kappa-kappa) > 1e-7 || math.Abs(u.Lambda-1) > 1e-6 {
		t.Errorf("fit σ=%g κ=%g λ=%g; want %g %g 1", u.Sigma, u.Kappa, u.Lambda, sigma, kappa)
	}
	// Perfectly linear scaling: no contention, no coherency, no peak.
	u, err = FitUSL([]float64{1, 2, 4, 8}, []float64{1, 2, 4, 8})
	if err != nil {
		t.Fatal(err)
	}
	if u.Sigma > 1e-9 || u.Kappa > 1e-9 || u.PeakN != 0 {
		t.Errorf("linear data: σ=%g κ=%g peak=%g; want 0 0 0", u.Sigma, u.Kappa, u.PeakN)
	}
	if _, err := FitUSL([]float64{1, 2}, []float64{1, 2}); err == nil {
		t.Error("FitUSL with 2 points: no error")
	}
}

func TestNoUSLOnTwoCPUs(t *testing.T) {
	rep := build(t, "testdata/counter-readmostly-2cpu.txt")
	m := rep.Machines[0]
	for _, s := range m.Scaling {
		if s.USL != nil {
			t.Errorf("%s %v: USL fit on a 2-CPU machine", s.Family, s.Dims)
		}
	}
	if !strings.Contains(m.ScalingNote, "this machine has 2 CPUs") {
		t.Errorf("scaling note %q does not say why there is no fit", m.ScalingNote)
	}
	if len(m.Scaling) == 0 {
		t.Error("no speedups computed")
	}
}

func TestWinners(t *testing.T) {
	rep := build(t, "testdata/counter-readmostly-2cpu.txt", "testdata/families-generated.txt")
	if len(rep.Machines) != 2 {
		t.Fatalf("%d machines, want 2 (the fixtures have different cpu keys)", len(rep.Machines))
	}
	var counter *Family
	for _, f := range rep.Machines[0].Families {
		if f.Name == "Counter" {
			counter = f
		}
	}
	if counter == nil || !slices.Contains(counter.Baselines, "unsync") {
		t.Fatalf("Counter family missing or unsync not a baseline: %+v", counter)
	}
	for _, w := range rep.Machines[0].Winners {
		if w.Best == "unsync" || w.RunnerUp == "unsync" {
			t.Errorf("baseline unsync ranked: %s", w.Verdict())
		}
		// The fixtures are times: the ranking runs from the lowest time up,
		// and Ratio is the runner-up's time over the best's.
		r := w.Ranking
		if w.Unit != TimeUnit || len(r) < 2 || r[0].Impl != w.Best || r[1].Impl != w.RunnerUp {
			t.Errorf("%s: unit %s, ranking %+v", w.Verdict(), w.Unit, r)
			continue
		}
		for i := 1; i < len(r); i++ {
			if r[i].Center < r[i-1].Center {
				t.Errorf("%s: ranking not from the lowest time up: %+v", w.Verdict(), r)
			}
		}
		if want := r[1].Center / r[0].Center; math.Abs(w.Ratio-want) > 1e-12*want {
			t.Errorf("%s: ratio %v, want %v (%v / %v)", w.Verdict(), w.Ratio, want, r[1].Center, r[0].Center)
		}
		// ReadMostly at reads=100 with one goroutine: the atomic pointer
		// is several times faster than any lock, and the data show it.
		if w.Family == "ReadMostly" && get(w.Workload, "reads") == "100" && get(w.Workload, "goroutines") == "1" {
			if w.Best != "atomic-pointer" || !w.Significant {
				t.Errorf("ReadMostly reads=100 goroutines=1: %s", w.Verdict())
			}
		}
	}
	// Three samples cannot make a significant difference: a tie, and it says why.
	var few *Winner
	for _, w := range rep.Machines[1].Winners {
		if w.Family == "Few" {
			few = w
		}
	}
	if few == nil || few.Significant || !strings.Contains(few.Note, "need >= 4 samples") {
		t.Errorf("Few: %+v; want a tie noting the sample count", few)
	}
}

func TestTextReport(t *testing.T) {
	rep := build(t, fixtures...)
	var b bytes.Buffer
	if err := Render(&b, rep, RenderOptions{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"results come from 3 different kinds of machine",
		"Summary",
		"Counter — time per operation (median ± 95% CI)",
		"ReadMostly — winners by time per operation",
		"unsync report lost/op",
		"Universal Scalability Law fits",
		"Contended/impl=mutex",
		// Too few samples: the cell says so, as benchstat does.
		"± ∞ ¹",
		"need >= 6 samples for confidence interval at level 0.95",
		"Goroutine claims",
		"2 KiB",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
}

func TestJSONAndCSV(t *testing.T) {
	rep := build(t, fixtures...)
	var b bytes.Buffer
	if err := Render(&b, rep, RenderOptions{Format: "json"}); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Machines []struct {
			Families []struct {
				Name       string
				Benchmarks []struct {
					Name  string
					Stats []struct {
						Unit   string
						Center float64
						Lo, Hi *float64
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatalf("JSON report does not parse: %v", err)
	}
	if len(back.Machines) != 3 {
		t.Errorf("JSON has %d machines, want 3", len(back.Machines))
	}
	b.Reset()
	if err := Render(&b, rep, RenderOptions{Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("CSV report does not parse: %v", err)
	}
	cells := 0
	for _, m := range rep.Machines {
		for _, f := range m.Families {
			for _, bn := range f.Benchmarks {
				cells += len(bn.Stats)
			}
		}
	}
	if len(recs) != cells+1 {
		t.Errorf("CSV has %d rows, want %d cells + header", len(recs), cells)
	}
}

func TestPlots(t *testing.T) {
	// Few charts: PNG rendering is slow under the race detector.
	opts := Options{Filter: "(.name:Channel /gomaxprocs:2) OR .name:Contended"}
	in, err := Load([]string{"testdata/families-generated.txt", "testdata/usl-generated.txt"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep := Build(in, opts)
	dir := t.TempDir()
	if err := Plot(rep, dir); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, m := range rep.Machines {
		for _, c := range m.Charts {
			titles = append(titles, c.Title)
			for _, ext := range []string{".svg", ".png"} {
				fi, err := os.Stat(filepath.Join(dir, c.File+ext))
				if err != nil || fi.Size() == 0 {
					t.Errorf("chart %s%s: %v", c.File, ext, err)
				}
			}
		}
	}
	all := strings.Join(titles, "\n")
	for _, want := range []string{
		"Channel impl=chan, GOMAXPROCS=2: time per op vs buf (lines: producers:consumers)",
		"Contended: time per op vs GOMAXPROCS",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no chart %q among:\n%s", want, all)
		}
	}
	var b bytes.Buffer
	if err := Render(&b, rep, RenderOptions{Format: "markdown", PlotsLink: "plots"}); err != nil {
		t.Fatal(err)
	}
	if len(titles) != 2 {
		t.Errorf("%d charts, want 2:\n%s", len(titles), all)
	}
	if !strings.Contains(b.String(), "](plots/m1-Channel_by-buf_impl-chan_procs-2.png)](plots/m1-Channel_by-buf_impl-chan_procs-2.svg)") {
		t.Errorf("markdown does not link the channel chart:\n%s", b.String())
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o666)
	for _, tc := range []struct {
		paths  []string
		filter string
		want   string
	}{
		{[]string{filepath.Join(dir, "missing.txt")}, "", "missing.txt: no such file"},
		{[]string{empty}, "", "empty.txt: empty file"},
		{[]string{empty, filepath.Join(dir, "missing.txt")}, "", "no usable results: "},
		{[]string{fixtures[1]}, "/impl:nothing", `no results match -filter "/impl:nothing"`},
		{[]string{fixtures[1]}, "/impl:(", "-filter: "},
	} {
		_, err := Load(tc.paths, Options{Filter: tc.filter})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v, %q) = %v, want error containing %q", tc.paths, tc.filter, err, tc.want)
		}
	}
	// One usable file: the other is a warning.
	in, err := Load([]string{empty, fixtures[1]}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Warnings) != 1 || !strings.Contains(in.Warnings[0].String(), "empty.txt: skipped: empty file") {
		t.Errorf("warnings %v", in.Warnings)
	}
}

// TestPackagesApart: benchmarks of one name from two packages are two
// families, each decided on its own samples, as benchstat keeps them.
func TestPackagesApart(t *testing.T) {
	rep := build(t, "testdata/two-packages.txt")
	m := rep.Machines[0]
	if len(m.Families) != 2 || m.Families[0].Name != "a.F" || m.Families[1].Name != "b.F" ||
		m.Families[0].Pkg != "a" || m.Families[1].Pkg != "b" {
		t.Fatalf("families %+v %+v; want a.F and b.F", m.Families[0], m.Families[len(m.Families)-1])
	}
	best := map[string]string{}
	for _, w := range m.Winners {
		best[w.Family] = w.Best
		if !w.Significant {
			t.Errorf("%s: %s; want a significant winner", w.Family, w.Verdict())
		}
	}
	if best["a.F"] != "x" || best["b.F"] != "y" {
		t.Errorf("winners %v; want x in package a, y in package b", best)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %v; packages are no reason to warn", rep.Warnings)
	}
}

// TestPoolingWarns: files of one kind of machine whose configuration
// differs are reported apart, as benchstat does; with -ignore they are
// pooled, and a difference in Go version, commit or machine name is then
// warned about, one line per key, and listed in the Machine section.
func TestPoolingWarns(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i, hdr := range []string{
		"go-version: go1.21\ncommit: abc\nmachine: boxA\ndate: 1\ncpu: X\nncpu: 4\n",
		"go-version: go1.26\ncommit: abc\nmachine: boxB\ndate: 2\ncpu: X\nncpu: 4\n",
	} {
		p := filepath.Join(dir, fmt.Sprintf("f%d.txt", i))
		text := hdr + strings.Repeat("BenchmarkF/impl=x 10 100 ns/op\nBenchmarkF/impl=y 10 200 ns/op\n", 3)
		if err := os.WriteFile(p, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	apart := build(t, paths...)
	if fs := apart.Machines[0].Families; len(fs) != 2 || fs[0].Name != "[go-version=go1.21 machine=boxA date=1] F" {
		t.Errorf("without -ignore: families %v, want two, apart", familyNames(fs))
	}
	if len(apart.Warnings) != 3 || !strings.Contains(apart.Warnings[0], "reported apart, as benchstat does (-ignore go-version pools them)") {
		t.Errorf("without -ignore: warnings %q", apart.Warnings)
	}
	opts := Options{Ignore: []string{"go-version", "machine", "date"}}
	in, err := Load(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep := Build(in, opts)
	if len(rep.Machines) != 1 {
		t.Fatalf("%d machines, want 1", len(rep.Machines))
	}
	want := []string{
		fmt.Sprintf(`pooled results differ in go-version: "go1.21" (%s), "go1.26" (%s)`, paths[0], paths[1]),
		fmt.Sprintf(`pooled results differ in machine: "boxA" (%s), "boxB" (%s)`, paths[0], paths[1]),
	}
	if len(rep.Warnings) != len(want) {
		t.Fatalf("warnings %q; want %d", rep.Warnings, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(rep.Warnings[i], w) {
			t.Errorf("warning %q; want it to start %q", rep.Warnings[i], w)
		}
	}
	var b bytes.Buffer
	if err := Render(&b, rep, RenderOptions{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		fmt.Sprintf("go-version: 2 values, pooled: go1.21 (%s); go1.26 (%s)", paths[0], paths[1]),
		fmt.Sprintf("date: 2 values, pooled: 1 (%s); 2 (%s)", paths[0], paths[1]),
		"commit: abc\n",
	} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("report lacks %q", w)
		}
	}
	if n := rep.Machines[0].Families[0].Benchmarks[0].Stats[0].N; n != 6 {
		t.Errorf("%d samples, want 6 pooled from both files", n)
	}
}

func familyNames(fs []*Family) []string {
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	return names
}

// TestZeroNsOp: benchfmt leaves "0 ns/op" in ns/op while tidying every
// other time to sec/op; the report keeps them one sample.
func TestZeroNsOp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zero.txt")
	text := strings.Repeat("BenchmarkZ/impl=a 10 0 ns/op\nBenchmarkZ/impl=a 10 0.5 ns/op\nBenchmarkZ/impl=b 10 5 ns/op\n", 4)
	if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
	m := build(t, path).Machines[0]
	f := m.Families[0]
	if len(f.Units) != 1 || f.Units[0] != TimeUnit {
		t.Errorf("units %v, want [%s]", f.Units, TimeUnit)
	}
	if s := f.Benchmarks[0].Stat(TimeUnit); s == nil || s.N != 8 {
		t.Errorf("impl=a: %+v, want 8 samples in %s", s, TimeUnit)
	}
	if len(m.Winners) != 1 || m.Winners[0].Best != "a" || !m.Winners[0].Significant {
		t.Errorf("winners %+v; want a, significantly", m.Winners)
	}
}

// TestRatioAgainstZero: when the runner-up's rate (or the winner's time)
// is 0, no ratio exists: "∞×" and null in JSON, never "0.00×".
func TestRatioAgainstZero(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ text, zero string }{
		"rate": {"BenchmarkC/impl=a 10 51 widgets/s\nBenchmarkC/impl=b 10 0 widgets/s\n", "b is 0"},
		"time": {"BenchmarkC/impl=a 10 0 ns/op\nBenchmarkC/impl=b 10 7 ns/op\n", "a is 0"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".txt")
			if err := os.WriteFile(path, []byte(strings.Repeat(tc.text, 6)), 0o666); err != nil {
				t.Fatal(err)
			}
			rep := build(t, path)
			ws := rep.Machines[0].Winners
			if len(ws) != 1 || ws[0].Best != "a" || !math.IsInf(ws[0].Ratio, 1) {
				t.Fatalf("winners %+v; want a, with an infinite ratio", ws)
			}
			if v := ws[0].Verdict(); !strings.Contains(v, "a ∞× ") || !strings.Contains(v, tc.zero) {
				t.Errorf("verdict %q; want ∞× and %q", v, tc.zero)
			}
			if got := fmtTimesRange(ws[0].Ratio, ws[0].Ratio); got != "∞×" {
				t.Errorf("range of ∞ to ∞: %q, want ∞×", got)
			}
			var b bytes.Buffer
			if err := Render(&b, rep, RenderOptions{Format: "text"}); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "0.00×") || !strings.Contains(b.String(), "∞×") {
				t.Errorf("text report:\n%s", b.String())
			}
			b.Reset()
			if err := Render(&b, rep, RenderOptions{Format: "json"}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), `"ratio": null`) {
				t.Errorf("JSON lacks \"ratio\": null:\n%s", b.String())
			}
		})
	}
}

// TestUSLPeaksQuoted: the summary quotes a USL peak only from a fit worth
// reading (the R² check comes first: a poor fit says nothing, not even
// "does not scale"), says "does not scale" for a good fit that shows no
// scaling or peaks below N=1, flags coefficients outside the model, and
// marks a peak beyond the machine's CPUs as extrapolated.
func TestUSLPeaksQuoted(t *testing.T) {
	m := &Machine{NCPU: 16, Scaling: []*Scaling{
		{Family: "Good", USL: &USL{Sigma: 0.05, Kappa: 0.001, PeakN: 30, PeakX: 9, R2: 0.99}},
		{Family: "Within", USL: &USL{Sigma: 0.05, Kappa: 0.01, PeakN: 9.7, PeakX: 4, R2: 0.95}},
		{Family: "Flat", USL: &USL{Sigma: 0.5, Kappa: 0.3, PeakN: 1.3, PeakX: 1.05, R2: 0.97}},
		{Family: "Serial", USL: &USL{Sigma: 0.95, Kappa: 0.001, PeakN: 7, PeakX: 1.2, R2: 0.99}},
		{Family: "Below1", USL: &USL{Sigma: 0.2, Kappa: 1.6, PeakN: 0.7, PeakX: 0.6, R2: 0.96}},
		{Family: "Noise", USL: &USL{Sigma: 0.1, Kappa: 0.01, PeakN: 9, PeakX: 3, R2: 0.42}},
		// σ checked before R² called this "does not scale".
		{Family: "Const", USL: &USL{Sigma: 0.998, Lambda: 1, R2: -0.01}},
		{Family: "Beyond", USL: &USL{Sigma: 2.87, Kappa: 0.02, R2: 0.93, Outside: "σ=2.87 is above 1"}},
	}}
	all := strings.Join(scalingSummary(m), "\n")
	for _, want := range []string{
		"Good: USL peak at N≈30, 9.00× the throughput at 1 (σ=0.050 contention, κ=0.00100 coherency, R²=0.990); extrapolated beyond the machine's 16 CPUs",
		"Within: USL peak at N≈10, 4.00× the throughput at 1 (σ=0.050 contention, κ=0.01000 coherency, R²=0.950)\n",
		"Does not scale (by a USL fit with R² ≥ 0.9: peak below N=1 or speedup at most 1.1×, or σ ≥ 0.9): Flat, Serial, Below1\n",
		"USL coefficients outside the model (no contention or coherency read from them): Beyond (σ=2.87 is above 1)",
		"No USL peak quoted where the fit is poor (R² < 0.9): Noise (R²=0.42), Const (R²=-0.01)",
	} {
		if !strings.Contains(all+"\n", want) {
			t.Errorf("summary lacks %q:\n%s", want, all)
		}
	}
	for _, bad := range []string{"Flat: USL peak", "Serial: USL peak", "Noise: USL peak", "Below1: USL peak", "Beyond: USL peak"} {
		if strings.Contains(all, bad) {
			t.Errorf("summary quotes a meaningless peak (%q):\n%s", bad, all)
		}
	}
	var b bytes.Buffer
	(&textDoc{w: &b}).table(uslTable(m))
	out := b.String()
	if !strings.Contains(out, "outside the model: σ=2.87 is above 1") || regexp.MustCompile(`(?m)^Beyond .*κ=0`).MatchString(out) {
		t.Errorf("USL table (σ=2.87, κ=0.02 is outside the model, not \"none (κ=0)\"):\n%s", out)
	}
}

// TestDimensionOrder: dimensions are put in the family's key order, so a
// name listing them in another order joins its workload; two distinct
// benchmarks that land on one cell give a warning, not an overwritten cell.
func TestDimensionOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "het.txt")
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkH/impl=a/n=1 10 %d ns/op\nBenchmarkH/n=1/impl=a 10 %d ns/op\nBenchmarkH/impl=b/n=1 10 %d ns/op\nBenchmarkH/n=2/impl=b 10 %d ns/op\n",
			101+i, 901+i, 501+i, 601+i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	rep := build(t, path)
	f := rep.Machines[0].Families[0]
	for _, bn := range f.Benchmarks {
		if len(bn.Dims) != 2 || bn.Dims[0].Key != "impl" || bn.Dims[1].Key != "n" {
			t.Errorf("%s: dims %v, want impl then n", bn.Name, bn.Dims)
		}
	}
	if len(f.Shadowed) != 1 || f.Shadowed[0].Name != "H/n=1/impl=a" {
		t.Errorf("shadowed %v, want H/n=1/impl=a", f.Shadowed)
	}
	want := "H/impl=a/n=1 and H/n=1/impl=a are the same workload (impl=a n=1, GOMAXPROCS=1) with dimensions in another order; the tables show H/impl=a/n=1 only"
	if len(rep.Warnings) != 1 || rep.Warnings[0] != want {
		t.Errorf("warnings %q, want %q", rep.Warnings, want)
	}
	tab := familyTable(f, TimeUnit)
	got := fmt.Sprint(tab.header, tab.rows)
	if wantTab := "[n GOMAXPROCS a b] [[1 1 104ns ± 2% 504ns ± 0%] [2 1  604ns ± 0%]]"; got != wantTab {
		t.Errorf("table %s, want %s", got, wantTab)
	}
	ws := rep.Machines[0].Winners
	if len(ws) != 1 || len(ws[0].Ranking) != 2 || ws[0].Best != "a" || ws[0].Ranking[0].Center > 200e-9 {
		t.Errorf("winners %+v; want a (about 104ns) against b", ws)
	}
}

// writeTemp writes text into a file in a test's temporary directory.
func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestScalingDigest: the summary's median speedup leaves out goroutine
// memory and lost-update baselines, and lists the GOMAXPROCS numerically.
func TestScalingDigest(t *testing.T) {
	path := writeTemp(t, "s.txt", `ncpu: 16
BenchmarkA/impl=mutex 10 100 ns/op
BenchmarkA/impl=mutex-2 10 50 ns/op
BenchmarkA/impl=unsync 10 100 ns/op 0.5 lost/op
BenchmarkA/impl=unsync-2 10 10 ns/op 0.5 lost/op
BenchmarkB/n=1 10 100 ns/op
BenchmarkB/n=1-16 10 10 ns/op
BenchmarkGoroutineMemory/n=1000 10 100 ns/op 2600 B/goroutine
BenchmarkGoroutineMemory/n=1000-2 10 400 ns/op 2600 B/goroutine
`)
	all := strings.Join(build(t, path).Machines[0].Summary, "\n")
	want := "Scaling, median speedup from GOMAXPROCS=1 to 2/16 (below 1: slower at the larger GOMAXPROCS): A 2.00×, B 10.00× (at 16)"
	if !strings.Contains(all, want) {
		t.Errorf("summary lacks %q:\n%s", want, all)
	}
	if strings.Contains(all, "CPU count unknown") {
		t.Errorf("summary says the CPU count is unknown:\n%s", all)
	}
}

// TestScalingDirection: speedup follows the unit's better direction
// (results.Better), not the spelling of the unit.
func TestScalingDirection(t *testing.T) {
	for unit, vals := range map[string][2]int{
		"p99-ns":  {100, 50}, // lower is better, no "/op"
		"msgs/s":  {100, 200},
		"widgets": {100, 200}, // better=higher from the Unit line
	} {
		path := writeTemp(t, "d.txt", fmt.Sprintf("ncpu: 4\nUnit widgets better=higher\nBenchmarkX/g=1 10 %d %s\nBenchmarkX/g=1-2 10 %d %s\n",
			vals[0], unit, vals[1], unit))
		sc := build(t, path).Machines[0].Scaling
		if len(sc) != 1 || len(sc[0].Points) != 2 || sc[0].Points[1].Speedup != 2 {
			t.Errorf("%s: scaling %+v; want a speedup of 2 at GOMAXPROCS=2", unit, sc)
		}
	}
}

// TestNoNCPU: without an ncpu line (plain go test output) the summary says
// that GOMAXPROCS values could not be checked against the CPU count.
func TestNoNCPU(t *testing.T) {
	path := writeTemp(t, "plain.txt", "goos: linux\nBenchmarkX/impl=a 10 5 ns/op\nBenchmarkX/impl=a-8 10 3 ns/op\n")
	all := strings.Join(build(t, path).Machines[0].Summary, "\n")
	want := "CPU count unknown (no ncpu line in the files, as in plain go test output): GOMAXPROCS values (up to 8) could not be checked against the number of CPUs"
	if !strings.Contains(all, want) {
		t.Errorf("summary lacks %q:\n%s", want, all)
	}
}

// TestSinglePointSeries: a chart line of one point is drawn as its own
// marker, offset from the other points at its x, and named in the legend.
func TestSinglePointSeries(t *testing.T) {
	ss := []*chartSeries{
		{label: "a", pts: []chartPoint{{x: 1}, {x: 4}, {x: 16}}},
		{label: "b", pts: []chartPoint{{x: 4}}},
		{label: "c", pts: []chartPoint{{x: 4}}},
		{label: "d", pts: []chartPoint{{x: 16}}},
	}
	if got := fmt.Sprint(dodgeRanks(ss)); got != "[0 1 2 1]" {
		t.Errorf("dodge ranks %s, want [0 1 2 1]", got)
	}
	var text strings.Builder
	text.WriteString("ncpu: 8\n")
	for range 6 {
		text.WriteString("BenchmarkS/impl=a/g=1 10 100 ns/op\nBenchmarkS/impl=a/g=4 10 50 ns/op\nBenchmarkS/impl=b/g=4 10 60 ns/op\n")
	}
	rep := build(t, writeTemp(t, "s.txt", text.String()))
	dir := t.TempDir()
	if err := Plot(rep, dir); err != nil {
		t.Fatal(err)
	}
	if cs := rep.Machines[0].Charts; len(cs) != 1 {
		t.Fatalf("charts %v, want one", cs)
	}
	svg, err := os.ReadFile(filepath.Join(dir, rep.Machines[0].Charts[0].File+".svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "b (one point)") {
		t.Errorf("chart legend does not name the one-point series b")
	}
}
