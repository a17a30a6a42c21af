// Package render writes a comparison of package compare in the formats of
// syncbench compare -format: an aligned text table, markdown, csv and
// json. compare decides, render writes.
package render

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/compare/rowset"
	"github.com/syncbench/syncbench/internal/jsonstream"
	"github.com/syncbench/syncbench/internal/markdown"
)

// Formats lists the output formats of Write.
var Formats = []string{"text", "markdown", "csv", "json"}

// Write writes the report r in format: "text" (an aligned table and a
// summary), "markdown" (for a pull-request comment or a CI job summary:
// regressions first, then improvements, then everything in a folded
// table), "csv" (one row per benchmark and unit, numbers unscaled in the
// tidied unit) or "json".
func Write(w io.Writer, r *compare.Report, format string) error {
	switch format {
	case "text":
		return writeText(w, r)
	case "markdown":
		return writeMarkdown(w, r)
	case "csv":
		return writeCSV(w, r)
	case "json":
		return writeJSON(w, r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// scaled formats the old and new centers with their intervals on a common
// scale, as benchstat does ("1.234µ ± 2%").
func scaled(row *compare.Row) (old, new string) {
	sc := benchunit.CommonScale([]float64{row.Old.Center, row.New.Center}, benchunit.ClassOf(row.Unit))
	return sc.Format(row.Old.Center) + " ± " + row.Old.Range(), sc.Format(row.New.Center) + " ± " + row.New.Range()
}

func formatP(p float64) string {
	if p < 0 {
		return "exact"
	}
	return fmt.Sprintf("%.3f", p)
}

// textCells are the cells of one line of the text table.
type textCells [8]string

func textHeader(r *compare.Report) textCells {
	return textCells{"name", "unit", "old " + r.OldName, "new " + r.NewName, "change", "p", "p (adj)", "verdict"}
}

func rowCells(row *compare.Row) textCells {
	o, n := scaled(row)
	ph := formatP(row.PAdj)
	if row.P >= 0 && row.PAdj < 0 {
		ph = "-"
	}
	v := row.Verdict.String()
	if row.DerivedFrom != "" {
		v += " (as " + row.DerivedFrom + ")"
	}
	return textCells{rowset.Label(row.Config, row.Name), row.Unit, o, n, compare.FormatChange(row.Change), formatP(row.P), ph, v}
}

// writeText writes the table aligned as text/tabwriter aligns it (cells
// padded by two spaces to the widest of their column, in runes), in two
// passes over the rows, widths first, so that the table is not held in
// memory: a million rows would take several times their text.
func writeText(w io.Writer, r *compare.Report) error {
	var width [len(textCells{}) - 1]int
	measure := func(c textCells) bool {
		for i := range width {
			if strings.ContainsAny(c[i], cellBreaks) {
				return false
			}
			width[i] = max(width[i], utf8.RuneCountInString(c[i]))
		}
		return !strings.ContainsAny(c[len(c)-1], cellBreaks)
	}
	aligned := measure(textHeader(r))
	for _, row := range r.Rows {
		if !aligned {
			break
		}
		aligned = measure(rowCells(row))
	}
	if !aligned {
		return writeTabText(w, r)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	line := func(c textCells) {
		for i := range width {
			bw.WriteString(c[i])
			bw.WriteString(strings.Repeat(" ", width[i]+2-utf8.RuneCountInString(c[i])))
		}
		bw.WriteString(c[len(c)-1])
		bw.WriteByte('\n')
	}
	line(textHeader(r))
	for _, row := range r.Rows {
		line(rowCells(row))
	}
	fmt.Fprintln(bw, r.Summary())
	writeNotes(bw, r, "")
	return bw.Flush()
}

// cellBreaks are the characters text/tabwriter gives a meaning in a cell
// (and U+FFFD, which any invalid UTF-8 reads as): a table holding one is
// written by tabwriter itself.
const cellBreaks = "\t\n\v\f\xff\ufffd"

// writeTabText writes the text table through text/tabwriter, for cells
// holding a tab or a line end, whose effect on the alignment tabwriter
// defines.
func writeTabText(w io.Writer, r *compare.Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range append([]textCells{textHeader(r)}, rowsCells(r.Rows)...) {
		fmt.Fprintln(tw, strings.Join(c[:], "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, r.Summary())
	writeNotes(w, r, "")
	return nil
}

func rowsCells(rows []*compare.Row) []textCells {
	out := make([]textCells, len(rows))
	for i, row := range rows {
		out[i] = rowCells(row)
	}
	return out
}

func writeNotes(w io.Writer, r *compare.Report, bullet string) {
	for _, n := range r.Notes() {
		fmt.Fprintf(w, "%s%s\n", bullet, n)
	}
	if r.MachineNote != "" {
		fmt.Fprintf(w, "%swarning: %s\n", bullet, r.MachineNote)
	}
	for _, n := range r.OnlyOld {
		fmt.Fprintf(w, "%sonly in %s: %s\n", bullet, r.OldName, n)
	}
	for _, n := range r.OnlyNew {
		fmt.Fprintf(w, "%sonly in %s: %s\n", bullet, r.NewName, n)
	}
}

func mdTable(w io.Writer, rows []*compare.Row) {
	fmt.Fprintln(w, "| benchmark | unit | old | new | change | p | verdict |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|---|")
	for _, row := range rows {
		o, n := scaled(row)
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s | %s |\n", strings.ReplaceAll(rowset.Label(row.Config, row.Name), "`", "'"),
			markdown.Escape(row.Unit), o, n, compare.FormatChange(row.Change), formatP(row.P), row.Verdict)
	}
}

func writeMarkdown(w io.Writer, r *compare.Report) error {
	regs, imps := r.Regressions(), r.Improvements()
	if len(regs) > 0 {
		fmt.Fprintf(w, "### Regressions (%d)\n\n", len(regs))
		mdTable(w, regs)
		fmt.Fprintln(w)
	} else {
		fmt.Fprintf(w, "### No regression\n\n")
	}
	if len(imps) > 0 {
		fmt.Fprintf(w, "### Improvements (%d)\n\n", len(imps))
		mdTable(w, imps)
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s.\n\n", strings.ToUpper(r.Summary()[:1])+r.Summary()[1:])
	fmt.Fprintf(w, "<details><summary>All %d comparisons (old: %s, new: %s)</summary>\n\n", len(r.Rows), markdown.Escape(r.OldName), markdown.Escape(r.NewName))
	mdTable(w, r.Rows)
	fmt.Fprintln(w, "\n</details>")
	if r.MachineNote != "" || len(r.OnlyOld)+len(r.OnlyNew) > 0 || len(r.Notes()) > 0 {
		fmt.Fprintln(w)
		writeNotes(w, r, "- ")
	}
	return nil
}

func num(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func writeCSV(w io.Writer, r *compare.Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"name", "unit", "old", "old lo", "old hi", "old ±", "old n", "new", "new lo", "new hi", "new ±", "new n", "change %", "p", "p adj", "verdict", "derived from", "config"})
	for _, row := range r.Rows {
		p, ph := num(row.P), num(row.PAdj)
		if row.P < 0 {
			p, ph = "", ""
		}
		cw.Write([]string{row.Name, row.Unit,
			num(row.Old.Center), num(row.Old.Lo), num(row.Old.Hi), row.Old.Range(), strconv.Itoa(row.Old.N),
			num(row.New.Center), num(row.New.Lo), num(row.New.Hi), row.New.Range(), strconv.Itoa(row.New.N),
			num(row.Change), p, ph, row.Verdict.String(), row.DerivedFrom, row.Config})
	}
	cw.Flush()
	return cw.Error()
}

// jsonFloat writes infinities and NaN, which JSON lacks, as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(float64(f), 'g', -1, 64)), nil
}

type jsonSummary struct {
	Center jsonFloat `json:"center"`
	Lo     jsonFloat `json:"lo"`
	Hi     jsonFloat `json:"hi"`
	N      int       `json:"n"`
}

type jsonRow struct {
	Name     string          `json:"name"`
	Unit     string          `json:"unit"`
	Old      jsonSummary     `json:"old"`
	New      jsonSummary     `json:"new"`
	Change   jsonFloat       `json:"change_pct"`
	P        *float64        `json:"p"`
	PAdj     *float64        `json:"p_adj"`
	Config   string          `json:"config,omitempty"`
	Derived  string          `json:"derived_from,omitempty"`
	Exact    bool            `json:"exact"`
	Better   int             `json:"better"`
	Verdict  compare.Verdict `json:"verdict"`
	Warnings []string        `json:"warnings,omitempty"`
}

// jsonRows are a report's rows as the json output writes them, each built
// when written (see jsonstream.Array).
type jsonRows []*compare.Row

func (rs jsonRows) Len() int { return len(rs) }

func (rs jsonRows) At(i int) any {
	js := func(s compare.Summary) jsonSummary {
		return jsonSummary{jsonFloat(s.Center), jsonFloat(s.Lo), jsonFloat(s.Hi), s.N}
	}
	row := rs[i]
	jr := jsonRow{Name: row.Name, Unit: row.Unit, Old: js(row.Old), New: js(row.New), Change: jsonFloat(row.Change),
		Exact: row.Exact, Better: row.Better, Verdict: row.Verdict, Warnings: row.Warnings,
		Config: row.Config, Derived: row.DerivedFrom}
	if row.P >= 0 {
		p, ph := row.P, row.PAdj
		jr.P, jr.PAdj = &p, &ph
	}
	return jr
}

func writeJSON(w io.Writer, r *compare.Report) error {
	out := struct {
		Old          string       `json:"old"`
		New          string       `json:"new"`
		Alpha        float64      `json:"alpha"`
		Threshold    float64      `json:"threshold_pct"`
		Tested       int          `json:"tested"`
		Families     jsonFamilies `json:"families"`
		Selected     int          `json:"families_selected"`
		Regressions  int          `json:"regressions"`
		Improvements int          `json:"improvements"`
		Rows         jsonRows     `json:"rows"`
		OnlyOld      []string     `json:"only_old"`
		OnlyNew      []string     `json:"only_new"`
		MachineNote  string       `json:"machine_mismatch,omitempty"`
	}{r.OldName, r.NewName, r.Options.Alpha, r.Options.Threshold * 100, r.Tested, jsonFamilies{r}, r.Selected,
		r.Count(compare.Slower), r.Count(compare.Faster), jsonRows(r.Rows), r.OnlyOld, r.OnlyNew, r.MachineNote}
	if out.OnlyOld == nil {
		out.OnlyOld = []string{}
	}
	if out.OnlyNew == nil {
		out.OnlyNew = []string{}
	}
	return jsonstream.Encode(w, out)
}

type jsonFamily struct {
	Name     string          `json:"name"`
	Unit     string          `json:"unit"`
	Rows     int             `json:"rows"`
	Of       int             `json:"of"`
	Change   jsonFloat       `json:"change_pct"`
	P        float64         `json:"p"`
	PAdj     float64         `json:"p_adj"`
	PBest    float64         `json:"p_best"`
	Verdict  compare.Verdict `json:"verdict"`
	Decision string          `json:"not_enough_data,omitempty"`
	// WithUnit is the unit's median family change when this family's
	// move was taken back as the unit's (Family.WithUnit).
	WithUnit *float64 `json:"moved_with_unit_pct,omitempty"`
}

// jsonFamilies are a report's families as the json output writes them,
// each built when written.
type jsonFamilies struct{ r *compare.Report }

func (js jsonFamilies) Len() int { return len(js.r.Families) }

func (js jsonFamilies) At(i int) any {
	f := js.r.Families[i]
	jf := jsonFamily{Name: f.Name, Unit: f.Unit, Rows: f.Rows, Of: f.Of, Change: jsonFloat(f.Change),
		P: f.P, PAdj: f.PAdj, PBest: f.PBest, Verdict: f.Verdict}
	if f.Verdict == compare.NotEnoughData {
		jf.Decision = js.r.Because(f)
	}
	if !math.IsNaN(f.WithUnit) {
		m := f.WithUnit
		jf.WithUnit = &m
	}
	return jf
}
