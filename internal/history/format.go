package history

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/syncbench/syncbench/internal/markdown"
)

// ChangeFormats are the formats WriteChanges writes.
var ChangeFormats = []string{"text", "markdown", "csv", "json"}

// ChangeReport is what `syncbench history changes` prints: the change
// points found and what was screened.
type ChangeReport struct {
	// Found are the change points, in the order Changes returns them.
	Found []Found
	// Series and Points are the numbers of series and points screened.
	Series, Points int
	// Alpha, Threshold and MinSegment are the detector's settings.
	Alpha, Threshold float64
	MinSegment       int
	// Last is -last: a regression whose change was confirmed by one of
	// the newest Last points is new (0: none is).
	Last int
}

// New reports whether f is a new change: one that the newest Last points
// confirmed. A change is reported once MinSegment points follow it, so
// that is a change whose first point after lies within the newest
// Last+MinSegment-1 points.
func (r *ChangeReport) New(f Found) bool {
	return r.Last > 0 && f.FromEnd < r.Last+r.MinSegment-1
}

// NewRegressions are the regressions among the new changes.
func (r *ChangeReport) NewRegressions() []Found {
	var out []Found
	for _, f := range r.Found {
		if f.Regression && r.New(f) {
			out = append(out, f)
		}
	}
	return out
}

// RegressionError is the verdict of `history changes -last N` when a
// regression is new: the command exits 1 for it.
type RegressionError struct {
	// Found are the new regressions, Last the -last they are new within.
	Found []Found
	Last  int
}

// Error says how many and names the first.
func (e *RegressionError) Error() string {
	w := e.Found[0]
	return fmt.Sprintf("%d new regression change points within the last %d points; first: %s %s %+.1f%% after %s",
		len(e.Found), e.Last, w.Key.Name(), w.Key.Unit, (w.Ratio-1)*100, w.Before.Position)
}

// changeRow is one change point as the formats show it.
type changeRow struct {
	Verdict    string  `json:"verdict"`
	New        bool    `json:"new"`
	Benchmark  string  `json:"benchmark"`
	Unit       string  `json:"unit"`
	Machine    string  `json:"machine"`
	Pkg        string  `json:"pkg"`
	Axis       string  `json:"axis"`
	Before     string  `json:"before"`
	BeforeDate string  `json:"before_date"`
	After      string  `json:"after"`
	AfterDate  string  `json:"after_date"`
	ChangePct  float64 `json:"change_pct"`
	// LoPct and HiPct bound the change at 95%; nil when too few points
	// bound it (JSON null).
	LoPct      *float64 `json:"lo_pct"`
	HiPct      *float64 `json:"hi_pct"`
	BeforeVal  float64  `json:"before_value"`
	AfterVal   float64  `json:"after_value"`
	P          float64  `json:"p"`
	PAdj       float64  `json:"p_adj"`
	PointsLeft int      `json:"points_after"`
}

func (r *ChangeReport) rows() []changeRow {
	out := make([]changeRow, len(r.Found))
	for i, f := range r.Found {
		v := "improvement"
		if f.Regression {
			v = "regression"
		}
		out[i] = changeRow{
			Verdict: v, New: r.New(f),
			Benchmark: f.Key.Name(), Unit: f.Key.Unit, Machine: f.Key.MachineLine(), Pkg: f.Key.Pkg, Axis: f.Key.Axis,
			Before: position(f.Key.Axis, f.Before), BeforeDate: f.Before.Date.UTC().Format("2006-01-02"),
			After: position(f.Key.Axis, f.After), AfterDate: f.After.Date.UTC().Format("2006-01-02"),
			ChangePct: pct(f.Ratio), LoPct: bound(f.Lo), HiPct: bound(f.Hi),
			BeforeVal: f.Change.Before, AfterVal: f.Change.After,
			P: f.P, PAdj: f.PAdj, PointsLeft: f.FromEnd + 1,
		}
	}
	return out
}

// position is a point's place: its Go version on that axis, else its
// commit (12 digits), else its date.
func position(axis string, p Point) string {
	if axis == AxisGoVersion && p.GoVersion != "" {
		return p.GoVersion
	}
	if p.Commit != "" {
		return p.Commit[:min(12, len(p.Commit))]
	}
	return p.Date.UTC().Format("2006-01-02T15:04")
}

// pct is a ratio as a change in percent, to two decimals.
func pct(ratio float64) float64 { return math.Round((ratio-1)*1e4) / 100 }

// bound is an interval end as a change in percent; nil when unbounded.
func bound(ratio float64) *float64 {
	if math.IsInf(ratio, 0) || math.IsNaN(ratio) || ratio == 0 {
		return nil
	}
	v := pct(ratio)
	return &v
}

// WriteChanges writes r in format (one of ChangeFormats).
func WriteChanges(w io.Writer, r *ChangeReport, format string) error {
	rows := r.rows()
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []changeRow{}
		}
		return enc.Encode(struct {
			Series     int         `json:"series"`
			Points     int         `json:"points"`
			Alpha      float64     `json:"alpha"`
			Threshold  float64     `json:"threshold"`
			MinSegment int         `json:"min_segment"`
			Changes    []changeRow `json:"changes"`
		}{r.Series, r.Points, r.Alpha, r.Threshold, r.MinSegment, rows})
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"verdict", "new", "benchmark", "unit", "machine", "pkg", "axis", "before", "before_date", "after", "after_date",
			"change_pct", "lo_pct", "hi_pct", "before_value", "after_value", "p", "p_adj", "points_after"})
		for _, c := range rows {
			cw.Write([]string{c.Verdict, strconv.FormatBool(c.New), c.Benchmark, c.Unit, c.Machine, c.Pkg, c.Axis, c.Before, c.BeforeDate, c.After, c.AfterDate,
				num(c.ChangePct), optNum(c.LoPct), optNum(c.HiPct), num(c.BeforeVal), num(c.AfterVal), num(c.P), num(c.PAdj), strconv.Itoa(c.PointsLeft)})
		}
		cw.Flush()
		return cw.Error()
	case "markdown":
		fmt.Fprintf(w, "%s\n\n", r.summary())
		if len(rows) == 0 {
			return nil
		}
		fmt.Fprintln(w, "| | benchmark | unit | machine | last before | first after | change | 95% interval | p adj | points after |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---:|---|---:|---:|")
		for _, c := range rows {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s (%s) | %s (%s) | %s | %s | %s | %d |\n",
				verdictWord(c), markdown.Escape(c.Benchmark), markdown.Escape(c.Unit), markdown.Escape(c.Machine),
				markdown.Escape(c.Before), c.BeforeDate, markdown.Escape(c.After), c.AfterDate,
				signed(c.ChangePct), interval(c), fmtP(c.PAdj), c.PointsLeft)
		}
		return nil
	case "text":
		fmt.Fprintln(w, r.summary())
		if len(rows) == 0 {
			return nil
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\tbenchmark\tunit\tmachine\tlast before\tfirst after\tchange\t95% interval\tp adj\tpoints after\t")
		for _, c := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s\t%s %s\t%s\t%s\t%s\t%d\t\n",
				verdictWord(c), c.Benchmark, c.Unit, c.Machine, c.Before, c.BeforeDate, c.After, c.AfterDate,
				signed(c.ChangePct), interval(c), fmtP(c.PAdj), c.PointsLeft)
		}
		return tw.Flush()
	}
	return fmt.Errorf("format %q: want one of %s", format, strings.Join(ChangeFormats, ", "))
}

func (r *ChangeReport) summary() string {
	s := fmt.Sprintf("%d change points in %d series of %d points (false discovery rate %s over every series, threshold %s, at least %d points a side)",
		len(r.Found), r.Series, r.Points, num(r.Alpha), strconv.FormatFloat(r.Threshold*100, 'g', -1, 64)+"%", r.MinSegment)
	if r.Last > 0 {
		s += fmt.Sprintf("; %d new regressions confirmed within the last %d points", len(r.NewRegressions()), r.Last)
	}
	return s
}

func verdictWord(c changeRow) string {
	if c.New {
		return "NEW " + c.Verdict
	}
	return c.Verdict
}

func signed(p float64) string { return fmt.Sprintf("%+.1f%%", p) }

func interval(c changeRow) string {
	if c.LoPct == nil || c.HiPct == nil {
		return "∞ (too few points)"
	}
	return fmt.Sprintf("[%+.1f%%, %+.1f%%]", *c.LoPct, *c.HiPct)
}

func fmtP(p float64) string { return strconv.FormatFloat(p, 'g', 2, 64) }

func optNum(v *float64) string {
	if v == nil {
		return ""
	}
	return num(*v)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
