package render

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
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/build"
	"github.com/syncbench/syncbench/internal/report/charts"
	"github.com/syncbench/syncbench/internal/report/render/quantity"
	"github.com/syncbench/syncbench/internal/testfiles"
	"github.com/syncbench/syncbench/internal/usl"
)

// fixtures are the committed results files the tests read: a real run of
// the counter and read-mostly families on a 2-CPU machine, and generated
// files with known properties.
var fixtures = []string{
	"../testdata/counter-readmostly-2cpu.txt",
	"../testdata/usl-generated.txt",
	"../testdata/families-generated.txt",
}

// agreementFixtures are the files held against benchstat: the fixtures,
// and small files of byte rates (b.SetBytes) and of two packages.
var agreementFixtures = append(fixtures[:len(fixtures):len(fixtures)], "../testdata/rate-mbs.txt", "../testdata/two-packages.txt")

// build loads and builds the report of the results files at paths, with
// its summary.
func reportOf(t *testing.T, paths ...string) *report.Report {
	t.Helper()
	in, err := build.Load(paths, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return buildSummarized(in, build.Options{})
}

// buildSummarized is build.Report followed by Summarize, as the commands
// call them.
func buildSummarized(in *build.Input, opts build.Options) *report.Report {
	if opts.Reference == "" {
		opts.Reference = "mutex" // as syncbench report's -reference default
	}
	rep := build.Report(in, opts)
	Summarize(rep)
	return rep
}

func familyNames(fs []*report.Family) []string {
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	return names
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
			rep := reportOf(t, path)
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
								if got, bs := quantity.Value(s.Center, s.Unit), wantText[key]; got != bs {
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

func TestTextReport(t *testing.T) {
	rep := reportOf(t, fixtures...)
	var b bytes.Buffer
	if err := Render(&b, rep, Options{Format: "text"}); err != nil {
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
	rep := reportOf(t, fixtures...)
	var b bytes.Buffer
	if err := Render(&b, rep, Options{Format: "json"}); err != nil {
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
	if err := Render(&b, rep, Options{Format: "csv"}); err != nil {
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
	opts := build.Options{Filter: "(.name:Channel /gomaxprocs:2) OR .name:Contended"}
	in, err := build.Load([]string{"../testdata/families-generated.txt", "../testdata/usl-generated.txt"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep := buildSummarized(in, opts)
	dir := t.TempDir()
	if err := charts.Plot(rep, dir, true); err != nil {
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
	if err := Render(&b, rep, Options{Format: "markdown", PlotsLink: "plots"}); err != nil {
		t.Fatal(err)
	}
	if len(titles) != 2 {
		t.Errorf("%d charts, want 2:\n%s", len(titles), all)
	}
	if !strings.Contains(b.String(), "](plots/m1-Channel_by-buf_impl-chan_procs-2.png)](plots/m1-Channel_by-buf_impl-chan_procs-2.svg)") {
		t.Errorf("markdown does not link the channel chart:\n%s", b.String())
	}
}

// TestPoolingWarns: files of one kind of machine whose configuration
// differs are reported apart, as benchstat does; with -ignore they are
// pooled, and a difference in Go version, commit or machine name is then
// warned about, one line per key, and listed in the report.Machine section.
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
	apart := reportOf(t, paths...)
	if fs := apart.Machines[0].Families; len(fs) != 2 || fs[0].Name != "[go-version=go1.21 machine=boxA date=1] F" {
		t.Errorf("without -ignore: families %v, want two, apart", familyNames(fs))
	}
	if len(apart.Warnings) != 3 || !strings.Contains(apart.Warnings[0], "reported apart, as benchstat does (-ignore go-version pools them)") {
		t.Errorf("without -ignore: warnings %q", apart.Warnings)
	}
	opts := build.Options{Ignore: []string{"go-version", "machine", "date"}}
	in, err := build.Load(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep := buildSummarized(in, opts)
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
	if err := Render(&b, rep, Options{Format: "text"}); err != nil {
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
			rep := reportOf(t, path)
			ws := rep.Machines[0].Winners
			if len(ws) != 1 || ws[0].Best != "a" || !math.IsInf(ws[0].Ratio, 1) {
				t.Fatalf("winners %+v; want a, with an infinite ratio", ws)
			}
			if v := verdict(ws[0]); !strings.Contains(v, "a ∞× ") || !strings.Contains(v, tc.zero) {
				t.Errorf("verdict %q; want ∞× and %q", v, tc.zero)
			}
			if got := quantity.TimesRange(ws[0].Ratio, ws[0].Ratio); got != "∞×" {
				t.Errorf("range of ∞ to ∞: %q, want ∞×", got)
			}
			var b bytes.Buffer
			if err := Render(&b, rep, Options{Format: "text"}); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "0.00×") || !strings.Contains(b.String(), "∞×") {
				t.Errorf("text report:\n%s", b.String())
			}
			b.Reset()
			if err := Render(&b, rep, Options{Format: "json"}); err != nil {
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
	m := &report.Machine{NCPU: 16, Scaling: []*report.Scaling{
		{Family: "Good", USL: &usl.Model{Sigma: 0.05, Kappa: 0.001, PeakN: 30, PeakX: 9, R2: 0.99}},
		{Family: "Within", USL: &usl.Model{Sigma: 0.05, Kappa: 0.01, PeakN: 9.7, PeakX: 4, R2: 0.95}},
		{Family: "Flat", USL: &usl.Model{Sigma: 0.5, Kappa: 0.3, PeakN: 1.3, PeakX: 1.05, R2: 0.97}},
		{Family: "Serial", USL: &usl.Model{Sigma: 0.95, Kappa: 0.001, PeakN: 7, PeakX: 1.2, R2: 0.99}},
		{Family: "Below1", USL: &usl.Model{Sigma: 0.2, Kappa: 1.6, PeakN: 0.7, PeakX: 0.6, R2: 0.96}},
		{Family: "Noise", USL: &usl.Model{Sigma: 0.1, Kappa: 0.01, PeakN: 9, PeakX: 3, R2: 0.42}},
		// σ checked before R² called this "does not scale".
		{Family: "Const", USL: &usl.Model{Sigma: 0.998, Lambda: 1, R2: -0.01}},
		{Family: "Beyond", USL: &usl.Model{Sigma: 2.87, Kappa: 0.02, R2: 0.93, Outside: "σ=2.87 is above 1"}},
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
	rep := reportOf(t, path)
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
	tab := familyTable(f, report.TimeUnit)
	got := fmt.Sprint(tab.header, tab.rows)
	if wantTab := "[n GOMAXPROCS a b] [[1 1 104ns ± 2% 504ns ± 0%] [2 1  604ns ± 0%]]"; got != wantTab {
		t.Errorf("table %s, want %s", got, wantTab)
	}
	ws := rep.Machines[0].Winners
	if len(ws) != 1 || len(ws[0].Ranking) != 2 || ws[0].Best != "a" || ws[0].Ranking[0].Center > 200e-9 {
		t.Errorf("winners %+v; want a (about 104ns) against b", ws)
	}
}

// TestScalingDigest: the summary's median speedup leaves out goroutine
// memory and lost-update baselines, and lists the GOMAXPROCS numerically.
func TestScalingDigest(t *testing.T) {
	path := testfiles.Write(t, "s.txt", `ncpu: 16
BenchmarkA/impl=mutex 10 100 ns/op
BenchmarkA/impl=mutex-2 10 50 ns/op
BenchmarkA/impl=unsync 10 100 ns/op 0.5 lost/op
BenchmarkA/impl=unsync-2 10 10 ns/op 0.5 lost/op
BenchmarkB/n=1 10 100 ns/op
BenchmarkB/n=1-16 10 10 ns/op
BenchmarkGoroutineMemory/n=1000 10 100 ns/op 2600 B/goroutine
BenchmarkGoroutineMemory/n=1000-2 10 400 ns/op 2600 B/goroutine
`)
	all := strings.Join(reportOf(t, path).Machines[0].Summary, "\n")
	want := "Scaling, median speedup from GOMAXPROCS=1 to 2/16 (below 1: slower at the larger GOMAXPROCS): A 2.00×, B 10.00× (at 16)"
	if !strings.Contains(all, want) {
		t.Errorf("summary lacks %q:\n%s", want, all)
	}
	if strings.Contains(all, "CPU count unknown") {
		t.Errorf("summary says the CPU count is unknown:\n%s", all)
	}
}

// TestNoNCPU: without an ncpu line (plain go test output) the summary says
// that GOMAXPROCS values could not be checked against the CPU count.
func TestNoNCPU(t *testing.T) {
	path := testfiles.Write(t, "plain.txt", "goos: linux\nBenchmarkX/impl=a 10 5 ns/op\nBenchmarkX/impl=a-8 10 3 ns/op\n")
	all := strings.Join(reportOf(t, path).Machines[0].Summary, "\n")
	want := "CPU count unknown (no ncpu line in the files, as in plain go test output): GOMAXPROCS values (up to 8) could not be checked against the number of CPUs"
	if !strings.Contains(all, want) {
		t.Errorf("summary lacks %q:\n%s", want, all)
	}
}
