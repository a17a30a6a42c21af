// Package across arranges a comparison of results along one configuration
// key (compare.Across: a cross-release run along go-version) per family,
// and writes it as markdown.
package across

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/report"
)

// Releases is the report of results along one configuration key (a
// cross-release run: go-version): per family, a table with a column per
// value and the change from the baseline value, decided as `syncbench
// compare` decides, and a chart of the family's times against the value.
type Releases struct {
	// Across is the comparison arranged.
	Across *compare.Across
	// Rows are the rows of the first report (every benchmark and unit
	// measured under the baseline and the first other value), in file
	// order; rowsOf looks up the same row in the other reports.
	families []string
	rows     map[string][]string // family -> row keys (name + "\x00" + unit)
	// Charts are the charts drawn by charts.PlotAcross, linked from the
	// markdown.
	Charts []report.Chart
	// Files are the results files read, named in the report.
	Files []string
}

// NewReleases arranges a comparison along a key for rendering.
func NewReleases(a *compare.Across) *Releases {
	r := &Releases{Across: a, rows: map[string][]string{}}
	seen := map[string]bool{}
	add := func(name, unit string) {
		k := name + "\x00" + unit
		if seen[k] {
			return
		}
		seen[k] = true
		fam := familyOfName(name)
		if _, ok := r.rows[fam]; !ok {
			r.families = append(r.families, fam)
		}
		r.rows[fam] = append(r.rows[fam], k)
	}
	for _, v := range a.Values {
		if rep := a.Reports[v]; rep != nil {
			for _, row := range rep.Rows {
				add(row.Name, row.Unit)
			}
		}
	}
	for _, v := range a.Values {
		for _, u := range a.Unpaired[v] {
			add(u.Name, u.Unit)
		}
	}
	return r
}

// familyOfName is the top-level benchmark of a full name, without
// "Benchmark" and the -procs suffix: "Counter" for
// "Counter/impl=mutex-2".
func familyOfName(name string) string {
	name = strings.TrimPrefix(name, "Benchmark")
	fam, _, _ := strings.Cut(name, "/")
	if i := strings.LastIndexByte(fam, '-'); i > 0 && !strings.Contains(name, "/") {
		fam = fam[:i]
	}
	return fam
}

// Cell returns the summary of row k (a key of Rows) under value v, the row of the
// comparison with the baseline that holds it (nil for the baseline
// itself), and whether it was measured.
func (r *Releases) Cell(k, v string) (compare.Summary, *compare.Row, bool) {
	a := r.Across
	for _, w := range a.Values {
		rep := a.Reports[w]
		if rep == nil {
			continue
		}
		for _, row := range rep.Rows {
			if row.Name+"\x00"+row.Unit != k {
				continue
			}
			if v == a.Baseline {
				return row.Old, nil, true
			}
			if w == v {
				return row.New, row, true
			}
		}
	}
	for _, u := range a.Unpaired[v] {
		if u.Name+"\x00"+u.Unit == k {
			return u.Summary, nil, true
		}
	}
	return compare.Summary{}, nil, false
}

// Families are the families of the rows, in file order.
func (r *Releases) Families() []string { return r.families }

// Rows are the row keys of family fam (benchmark name + "\x00" + unit).
func (r *Releases) Rows(fam string) []string { return r.rows[fam] }

// Largest returns the rows whose change from the baseline is significant
// and above the threshold (verdict slower or faster), largest change
// first, at most n (all when n <= 0).
func (r *Releases) Largest(n int) []*compare.Row {
	var out []*compare.Row
	for _, v := range r.Across.Values {
		if rep := r.Across.Reports[v]; rep != nil {
			out = append(out, rep.Regressions()...)
			out = append(out, rep.Improvements()...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return logChange(out[i]) > logChange(out[j]) })
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// logChange is the size of a change as |log(new/old)|, so that ×2 and ×½
// rank alike.
func logChange(row *compare.Row) float64 {
	return math.Abs(math.Log(row.New.Center / row.Old.Center))
}

// versionOf returns the value of the key the report row's new side has.
func (r *Releases) versionOf(row *compare.Row) string {
	for v, rep := range r.Across.Reports {
		for _, x := range rep.Rows {
			if x == row {
				return v
			}
		}
	}
	return "?"
}

// WriteMarkdown writes the report; plotsLink, when not empty, is the
// directory of the charts relative to the report.
func (r *Releases) WriteMarkdown(w io.Writer, plotsLink string) error {
	a := r.Across
	var opts compare.Options
	for _, rep := range a.Reports {
		opts = rep.Options
		break
	}
	fmt.Fprintf(w, "# Across %s\n\n", a.Key)
	if len(r.Files) > 0 {
		fmt.Fprintf(w, "From %s.\n\n", strings.Join(r.Files, ", "))
	}
	fmt.Fprintf(w, "Each cell: the median with its %.0f%% interval (as benchstat prints it) and the change from the baseline %s, "+
		"with the verdict of `syncbench compare` (Mann–Whitney U tests, false discovery rate %g over the %d comparisons with the baseline, "+
		"Bonferroni between them and hierarchical over families then rows within each; a change below %s is no change): "+
		"**slower** and **faster** are significant and above the threshold; \"~\" is neither.\n\n",
		opts.Confidence*100, a.Baseline, opts.Alpha*float64(len(a.Values)-1), len(a.Values)-1, compare.FormatPercent(opts.Threshold))
	if big := r.Largest(10); len(big) > 0 {
		fmt.Fprintf(w, "## Largest significant differences from %s\n\n", a.Baseline)
		fmt.Fprintf(w, "| benchmark | %s | %s | change | p (adj) |\n|---|---|---|---|---|\n", "baseline", a.Key)
		for _, row := range big {
			fmt.Fprintf(w, "| %s %s | %s | %s: %s | %s **%s** | %.2g |\n", mdCell(row.Name), row.Unit,
				interval(row.Old, row.Unit), r.versionOf(row), interval(row.New, row.Unit),
				compare.FormatChange(row.Change), row.Verdict, row.PAdj)
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintf(w, "No change from %s is both significant and above the threshold.\n\n", a.Baseline)
	}
	for _, v := range a.Values {
		if rep := a.Reports[v]; rep != nil {
			fmt.Fprintf(w, "- %s against %s: %d slower, %d faster, %d neither (not significant, or below the threshold), %d not enough data\n", v, a.Baseline,
				rep.Count(compare.Slower), rep.Count(compare.Faster), rep.Count(compare.NoChange), rep.Count(compare.NotEnoughData))
		}
	}
	if ws := r.widths(); len(ws) > 0 {
		q := func(f float64) float64 { return ws[int(f*float64(len(ws)-1)+0.5)] }
		fmt.Fprintf(w, "\nThe %d cells' %.0f%% intervals span ±%.0f%% to ±%.0f%% of their medians (quartiles ±%.0f%%, ±%.0f%%, ±%.0f%%): a change smaller than that is not ruled out.\n",
			len(ws), opts.Confidence*100, ws[0], ws[len(ws)-1], q(0.25), q(0.5), q(0.75))
	}
	fmt.Fprintln(w)
	for _, fam := range r.families {
		fmt.Fprintf(w, "## %s\n\n", fam)
		for _, c := range r.Charts {
			if c.Family == fam && plotsLink != "" {
				fmt.Fprintf(w, "![%s](%s)\n\n", c.Title, filepath.ToSlash(filepath.Join(plotsLink, c.File+".png")))
			}
		}
		fmt.Fprint(w, "| benchmark | unit |")
		for _, v := range a.Values {
			if v == a.Baseline {
				v += " (baseline)"
			}
			fmt.Fprintf(w, " %s |", v)
		}
		fmt.Fprint(w, "\n|---|---|")
		for range a.Values {
			fmt.Fprint(w, "---|")
		}
		fmt.Fprintln(w)
		for _, k := range r.rows[fam] {
			name, unit, _ := strings.Cut(k, "\x00")
			fmt.Fprintf(w, "| %s | %s |", mdCell(strings.TrimPrefix(name, fam+"/")), unit)
			for _, v := range a.Values {
				s, row, ok := r.Cell(k, v)
				switch {
				case !ok:
					fmt.Fprint(w, " not run |")
				case row == nil && v != a.Baseline:
					fmt.Fprintf(w, " %s (no baseline) |", centerRange(s, unit))
				case row == nil:
					fmt.Fprintf(w, " %s |", centerRange(s, unit))
				default:
					fmt.Fprintf(w, " %s %s %s |", centerRange(s, unit), compare.FormatChange(row.Change), mark(row.Verdict))
				}
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\"not run\": that %s has no result for the benchmark (a configuration it cannot run is skipped with a reason: `go test -v -run '^$' -bench NAME` shows it); \"no baseline\": measured, but not under %s, so not compared.\n", a.Key, a.Baseline)
	return nil
}

// widths returns the half-widths of every cell's interval in percent of
// its median (benchstat's "± x%"), sorted; cells without one are left out.
func (r *Releases) widths() []float64 {
	var ws []float64
	for _, fam := range r.families {
		for _, k := range r.rows[fam] {
			for _, v := range r.Across.Values {
				s, _, ok := r.Cell(k, v)
				if !ok || math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || s.Center == 0 {
					continue
				}
				ws = append(ws, 100*math.Max(s.Center-s.Lo, s.Hi-s.Center)/s.Center)
			}
		}
	}
	sort.Float64s(ws)
	return ws
}

func mark(v compare.Verdict) string {
	switch v {
	case compare.Slower, compare.Faster:
		return "**" + v.String() + "**"
	case compare.NotEnoughData:
		return "(not enough data)"
	}
	return "~"
}

// mdCell escapes the characters of a name that markdown tables break on.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// centerRange formats a summary as benchstat does: "20.1n ± 3%".
func centerRange(s compare.Summary, unit string) string {
	return fmt.Sprintf("%s ± %s", benchunit.Scale(s.Center, benchunit.ClassOf(unit)), s.Range())
}

// interval formats a summary as its center and interval: "20.1n [19.5n, 20.8n]".
func interval(s compare.Summary, unit string) string {
	cls := benchunit.ClassOf(unit)
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) {
		return benchunit.Scale(s.Center, cls) + " [no interval]"
	}
	return fmt.Sprintf("%s [%s, %s]", benchunit.Scale(s.Center, cls), benchunit.Scale(s.Lo, cls), benchunit.Scale(s.Hi, cls))
}
