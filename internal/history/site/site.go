// Package site writes a history store as a static web site: an index of
// families, machines and the most recent change points, one page per
// benchmark family with trend charts, and a machines view that shows one
// benchmark across the machines of the store.
//
// The site works from file:// and from any static host with nothing
// fetched from elsewhere: every asset (app.js, style.css) is embedded in
// this package with go:embed and written beside the pages, and no page
// names a URL outside the site. The data of each family is split into one
// script per machine, data/<family>-<machine>.js, which assigns to a
// global (window.SBDATA) and is loaded with a <script> element when a
// page needs it: fetch() and XMLHttpRequest of a local file are refused
// under file:// by Chromium, a script element is not. So a history of
// thousands of series keeps each file small and the index needs none.
//
// The charts are SVG that app.js builds itself (about 500 lines with the
// pages' controls), not a
// charting library: the site needs one chart kind (a median line with an
// interval per point and change-point markers), a library would be a
// vendored file of 50 to 250 kB to pin, review and update for it, and
// writing the SVG elements with createElementNS and textContent keeps
// every value from the store data, never markup.
//
// Everything from the store is escaped: the pages are written with
// html/template, the data files are JSON (which escapes <, > and &), and
// app.js builds the DOM with textContent and createElementNS only, never
// innerHTML. A benchmark or machine named <img src=x onerror=alert(1)>
// shows as text.
package site

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/history"
	"github.com/syncbench/syncbench/internal/history/changepoint"
	"github.com/syncbench/syncbench/internal/results"
)

//go:embed assets/app.js assets/style.css
var assets embed.FS

//go:embed assets/*.tmpl
var templates embed.FS

// Marker is the file that marks a directory as a site written by this
// package; Write replaces only such a directory's contents.
const Marker = "syncbench-site.txt"

// Generate loads every series of st, finds their change points with the
// detector's default options and writes the site to dir (see Write).
func Generate(ctx context.Context, st *history.Store, dir string) (Summary, error) {
	all, err := st.Series(ctx, history.Filter{})
	if err != nil {
		return Summary{}, err
	}
	return Write(dir, all, history.Changes(all, changepoint.DefaultOptions()))
}

// Summary says what Write wrote.
type Summary struct {
	// Families, Machines, Series and Points count what the site shows;
	// Changes is the number of change points, Regressions of them.
	Families, Machines, Series, Points, Changes, Regressions int
	// Files is the number of files written; Largest is the size in bytes
	// of the largest, LargestName its path relative to the site.
	Files       int
	Largest     int64
	LargestName string
}

// Write writes the site of the series all, with their change points
// found (as history.Changes returns them), to dir. dir is created when
// missing; an existing dir must be empty or hold a site written before
// (the Marker file), whose files are removed first.
func Write(dir string, all []history.Series, found []history.Found) (Summary, error) {
	if err := prepare(dir); err != nil {
		return Summary{}, err
	}
	m := build(all, found)
	w := &writer{dir: dir}
	for _, name := range []string{"app.js", "style.css"} {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return Summary{}, err
		}
		w.file(name, b)
	}
	tmpl, err := template.ParseFS(templates, "assets/*.tmpl")
	if err != nil {
		return Summary{}, err
	}
	w.page(tmpl, "index.tmpl", "index.html", m.indexPage())
	w.page(tmpl, "machines.tmpl", "machines.html", m.machinesPage())
	for _, f := range m.families {
		w.page(tmpl, "family.tmpl", f.Page, m.familyPage(f))
		for _, d := range f.files {
			for i, part := range d.parts() {
				b, err := json.Marshal(part)
				if err != nil {
					return Summary{}, err
				}
				name := d.Key
				if i > 0 {
					name += "-" + strconv.Itoa(i+1)
				}
				key, _ := json.Marshal(name)
				js := "(window.SBDATA = window.SBDATA || {})[" + string(key) + "] = " + string(b) + ";\n"
				w.file(filepath.ToSlash(filepath.Join("data", name+".js")), []byte(js))
			}
		}
	}
	w.file(Marker, []byte("This directory is a site written by syncbench history site; the next run replaces its contents.\n"))
	if w.err != nil {
		return Summary{}, w.err
	}
	s := m.summary
	s.Files, s.Largest, s.LargestName = w.files, w.largest, w.largestName
	return s, nil
}

// prepare makes dir ready for a site: created, or emptied when it holds
// a site written before.
func prepare(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	}
	if err != nil {
		return fmt.Errorf("site directory: %w", err)
	}
	if len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
			return fmt.Errorf("site directory %s is not empty and holds no site written before (no %s); give an empty or new directory", dir, Marker)
		}
		for _, e := range ents {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("site directory: %w", err)
			}
		}
	}
	return os.MkdirAll(filepath.Join(dir, "data"), 0o755)
}

// writer writes the files of a site, keeping the first error and the
// largest file.
type writer struct {
	dir         string
	err         error
	files       int
	largest     int64
	largestName string
}

func (w *writer) file(name string, b []byte) {
	if w.err != nil {
		return
	}
	if err := os.WriteFile(filepath.Join(w.dir, filepath.FromSlash(name)), b, 0o644); err != nil {
		w.err = fmt.Errorf("site: %w", err)
		return
	}
	w.files++
	if n := int64(len(b)); n > w.largest {
		w.largest, w.largestName = n, name
	}
}

func (w *writer) page(t *template.Template, tmpl, name string, data any) {
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, tmpl, data); err != nil {
		if w.err == nil {
			w.err = fmt.Errorf("site: page %s: %w", name, err)
		}
		return
	}
	w.file(name, []byte(b.String()))
}

// slug is a file name for s: its letters and digits, lower case, then a
// short hash of s so that names differing in other characters differ.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if b.Len() < 32 {
				b.WriteRune(r)
			}
		} else {
			dash = true
		}
	}
	h := sha256.Sum256([]byte(s))
	if b.Len() > 0 {
		b.WriteByte('-')
	}
	return b.String() + hex.EncodeToString(h[:])[:8]
}

// Family is the part of a benchmark name before its first '/'.
func Family(benchmark string) string {
	f, _, _ := strings.Cut(benchmark, "/")
	return f
}

// Dimensions are the parts of a benchmark name after its family: each
// key=value part as key and value, any other part as "part N" and itself.
func Dimensions(benchmark string) (keys, values []string) {
	parts := strings.Split(benchmark, "/")[1:]
	for i, p := range parts {
		if k, v, ok := strings.Cut(p, "="); ok && k != "" {
			keys, values = append(keys, k), append(values, v)
		} else {
			keys, values = append(keys, "part "+strconv.Itoa(i+1)), append(values, p)
		}
	}
	return keys, values
}

// num is a value written to a data file with 4 significant digits, or
// null when not finite.
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', 4, 64), nil
}

// dataFile is the JSON of one family on one machine.
type dataFile struct {
	Family  string `json:"family"`
	Machine string `json:"machine"`
	// Pos are the positions the series' points refer to: label (commit
	// or Go version), commit, Go version, date (RFC 3339).
	Pos    [][4]string  `json:"pos"`
	Series []seriesData `json:"series"`
}

// seriesData is one series: its key and its points as columns.
type seriesData struct {
	ID      string            `json:"id"`
	Name    string            `json:"name"`
	Dims    map[string]string `json:"dims"`
	Procs   int               `json:"procs"`
	Unit    string            `json:"unit"`
	Axis    string            `json:"axis"`
	Pkg     string            `json:"pkg"`
	Prefix  string            `json:"prefix"`
	Factor  float64           `json:"factor"`
	Better  int               `json:"better"`
	X       []int             `json:"x"`
	Med     []num             `json:"m"`
	Lo      []num             `json:"lo"`
	Hi      []num             `json:"hi"`
	N       []int             `json:"n"`
	Changes []changeData      `json:"cp"`
}

// changeData is one change point: the index of the first point after it,
// the step (after over before) with its 95% interval, the adjusted
// p-value, and whether it is a regression.
type changeData struct {
	Index      int  `json:"i"`
	Ratio      num  `json:"r"`
	Lo         num  `json:"lo"`
	Hi         num  `json:"hi"`
	PAdj       num  `json:"p"`
	Regression bool `json:"reg"`
}

// PartSize is the size in bytes past which the series of one family on
// one machine are split into several data files (each with the positions
// table), so that no file of a large history grows past about that.
const PartSize = 400 << 10

// parts splits the file's series into parts of about PartSize bytes.
func (ff *familyFile) parts() []*dataFile {
	if ff.split != nil {
		return ff.split
	}
	posSize := 0
	if b, err := json.Marshal(ff.data.Pos); err == nil {
		posSize = len(b)
	}
	cur := &dataFile{Family: ff.data.Family, Machine: ff.data.Machine, Pos: ff.data.Pos}
	size := posSize
	for _, sd := range ff.data.Series {
		b, _ := json.Marshal(sd)
		if len(cur.Series) > 0 && size+len(b) > PartSize {
			ff.split = append(ff.split, cur)
			cur = &dataFile{Family: ff.data.Family, Machine: ff.data.Machine, Pos: ff.data.Pos}
			size = posSize
		}
		cur.Series = append(cur.Series, sd)
		size += len(b) + 1
	}
	ff.split = append(ff.split, cur)
	return ff.split
}

// model is the site's content, built from the store.
type model struct {
	families []*family
	machines []*machine
	changes  []changeRow
	summary  Summary
}

type family struct {
	Name, Page    string
	Series        int
	Benchmarks    int
	Units         string
	Machines      int
	Regressions   int
	Improvements  int
	Search        string
	files         []*familyFile
	benchmarkSeen map[string]bool
	unitSeen      []string
}

type familyFile struct {
	Key     string
	Machine int
	data    *dataFile
	pos     map[[4]string]int
	split   []*dataFile
}

type machine struct {
	Line   string
	Series int
	Points int
	Search string
}

// changeRow is one change point on the index.
type changeRow struct {
	Regression                bool
	Size, Interval            string
	Family, Page, Link        string
	Benchmark, Unit, Machine  string
	Before, After, When, PAdj string
	Search                    string
	date                      time.Time
	fromEnd                   int
}

func build(all []history.Series, found []history.Found) *model {
	m := &model{}
	famIdx := map[string]*family{}
	machIdx := map[string]int{}
	where := map[string]struct {
		f   *family
		ff  *familyFile
		idx int
	}{}
	for _, s := range all {
		k := s.Key
		line := k.MachineLine()
		mi, ok := machIdx[line]
		if !ok {
			mi = len(m.machines)
			machIdx[line] = mi
			m.machines = append(m.machines, &machine{Line: line})
		}
		m.machines[mi].Series++
		m.machines[mi].Points += len(s.Points)
		name := Family(k.Benchmark)
		f := famIdx[name]
		if f == nil {
			f = &family{Name: name, Page: "family-" + slug(name) + ".html", benchmarkSeen: map[string]bool{}}
			famIdx[name] = f
			m.families = append(m.families, f)
		}
		f.Series++
		f.benchmarkSeen[k.Benchmark] = true
		if !slices.Contains(f.unitSeen, k.Unit) {
			f.unitSeen = append(f.unitSeen, k.Unit)
		}
		var ff *familyFile
		for _, c := range f.files {
			if c.Machine == mi {
				ff = c
			}
		}
		if ff == nil {
			ff = &familyFile{Key: slug(name) + "-" + slug(line), Machine: mi,
				data: &dataFile{Family: name, Machine: line}, pos: map[[4]string]int{}}
			f.files = append(f.files, ff)
		}
		where[k.ID()] = struct {
			f   *family
			ff  *familyFile
			idx int
		}{f, ff, len(ff.data.Series)}
		ff.data.Series = append(ff.data.Series, seriesOf(s, ff))
		m.summary.Series++
		m.summary.Points += len(s.Points)
	}
	for _, fd := range found {
		w, ok := where[fd.Key.ID()]
		if !ok {
			continue
		}
		sd := &w.ff.data.Series[w.idx]
		sd.Changes = append(sd.Changes, changeData{Index: fd.Index, Ratio: num(fd.Ratio), Lo: num(fd.Lo), Hi: num(fd.Hi), PAdj: num(fd.PAdj), Regression: fd.Regression})
		if fd.Regression {
			w.f.Regressions++
			m.summary.Regressions++
		} else {
			w.f.Improvements++
		}
		m.summary.Changes++
		row := changeRow{
			Regression: fd.Regression,
			Size:       pct(fd.Ratio),
			Interval:   "[" + pct(fd.Lo) + ", " + pct(fd.Hi) + "]",
			Family:     w.f.Name, Page: w.f.Page,
			Link:      w.f.Page + "#" + strconv.Itoa(fileIndex(w.f, w.ff)) + "-" + sd.ID,
			Benchmark: fd.Key.Name(), Unit: fd.Key.Unit, Machine: fd.Key.MachineLine(),
			Before: position(fd.Key.Axis, fd.Before), After: position(fd.Key.Axis, fd.After),
			When: fd.After.Date.UTC().Format("2006-01-02"),
			PAdj: strconv.FormatFloat(fd.PAdj, 'g', 2, 64),
			date: fd.After.Date, fromEnd: fd.FromEnd,
		}
		row.Search = strings.ToLower(strings.Join([]string{row.Family, row.Benchmark, row.Unit, row.Machine, row.Before, row.After}, " "))
		m.changes = append(m.changes, row)
	}
	// Regressions first, then the most recent first.
	slices.SortStableFunc(m.changes, func(a, b changeRow) int {
		if a.Regression != b.Regression {
			if a.Regression {
				return -1
			}
			return 1
		}
		if c := b.date.Compare(a.date); c != 0 {
			return c
		}
		return a.fromEnd - b.fromEnd
	})
	slices.SortFunc(m.families, func(a, b *family) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range m.families {
		f.Benchmarks = len(f.benchmarkSeen)
		slices.Sort(f.unitSeen)
		f.Units = strings.Join(f.unitSeen, ", ")
		f.Machines = len(f.files)
		var names []string
		for b := range f.benchmarkSeen {
			names = append(names, b)
		}
		slices.Sort(names)
		var ms []string
		for _, ff := range f.files {
			ms = append(ms, m.machines[ff.Machine].Line)
		}
		f.Search = strings.ToLower(f.Name + " " + f.Units + " " + strings.Join(ms, " ") + " " + strings.Join(names, " "))
	}
	for _, mc := range m.machines {
		mc.Search = strings.ToLower(mc.Line)
	}
	m.summary.Families, m.summary.Machines = len(m.families), len(m.machines)
	return m
}

// fileIndex is the place of ff among f's files, as the family page
// numbers them.
func fileIndex(f *family, ff *familyFile) int {
	for i, c := range f.files {
		if c == ff {
			return i
		}
	}
	return 0
}

// seriesOf is the data of one series, its positions added to ff's table.
func seriesOf(s history.Series, ff *familyFile) seriesData {
	k := s.Key
	keys, values := Dimensions(k.Benchmark)
	dims := map[string]string{}
	for i, key := range keys {
		dims[key] = values[i]
	}
	sd := seriesData{ID: k.ID()[:12], Name: k.Benchmark, Dims: dims, Procs: k.GOMAXPROCS, Unit: k.Unit, Axis: k.Axis, Pkg: k.Pkg, Better: results.Better(nil, k.Unit)}
	thr := benchmath.DefaultThresholds
	sums := make([]benchmath.Summary, len(s.Points))
	centers := make([]float64, len(s.Points))
	for i, p := range s.Points {
		sample := benchmath.NewSample(append([]float64(nil), p.Samples...), &thr)
		sums[i] = benchmath.AssumeNothing.Summary(sample, 0.95)
		centers[i] = sums[i].Center
	}
	sc := benchunit.CommonScale(centers, benchunit.ClassOf(k.Unit))
	factor := sc.Factor
	if factor == 0 {
		factor = 1
	}
	sd.Prefix, sd.Factor = sc.Prefix, factor
	for i, p := range s.Points {
		key := [4]string{position(k.Axis, p), p.Commit, p.GoVersion, p.Date.UTC().Format(time.RFC3339)}
		x, ok := ff.pos[key]
		if !ok {
			x = len(ff.data.Pos)
			ff.pos[key] = x
			ff.data.Pos = append(ff.data.Pos, key)
		}
		sd.X = append(sd.X, x)
		sd.Med = append(sd.Med, num(sums[i].Center/factor))
		sd.Lo = append(sd.Lo, num(sums[i].Lo/factor))
		sd.Hi = append(sd.Hi, num(sums[i].Hi/factor))
		sd.N = append(sd.N, len(p.Samples))
	}
	return sd
}

// position is a point's position as shown: its Go version, or its commit
// shortened to 12 characters, or "-" when it has none.
func position(axis string, p history.Point) string {
	pos := p.Position
	if axis == history.AxisCommit && len(pos) > 12 {
		pos = pos[:12]
	}
	if pos == "" {
		pos = "-"
	}
	return pos
}

// pct is a ratio as a signed percentage change.
func pct(r float64) string {
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return "?"
	}
	return fmt.Sprintf("%+.1f%%", (r-1)*100)
}

// pageFile is a family's data file as a page's script names it.
type pageFile struct {
	// Keys are the data files of the family on the machine: the series
	// are those of all of them.
	Keys    []string `json:"keys"`
	Machine string   `json:"machine"`
	Series  int      `json:"series"`
}

type pageFamily struct {
	Name  string     `json:"name"`
	Page  string     `json:"page"`
	Files []pageFile `json:"files"`
}

func (m *model) pageFamilies() []pageFamily {
	var out []pageFamily
	for _, f := range m.families {
		pf := pageFamily{Name: f.Name, Page: f.Page}
		for _, ff := range f.files {
			keys := []string{ff.Key}
			for i := 2; i <= len(ff.parts()); i++ {
				keys = append(keys, ff.Key+"-"+strconv.Itoa(i))
			}
			pf.Files = append(pf.Files, pageFile{Keys: keys, Machine: m.machines[ff.Machine].Line, Series: len(ff.data.Series)})
		}
		out = append(out, pf)
	}
	return out
}

type indexPage struct {
	Summary  Summary
	Families []*family
	Machines []*machine
	Changes  []changeRow
}

func (m *model) indexPage() indexPage {
	return indexPage{Summary: m.summary, Families: m.families, Machines: m.machines, Changes: m.changes}
}

type familyPage struct {
	Name  string
	Page  string
	Count int
	Data  pageFamily
}

func (m *model) familyPage(f *family) familyPage {
	for _, pf := range m.pageFamilies() {
		if pf.Name == f.Name {
			return familyPage{Name: f.Name, Page: f.Page, Count: f.Series, Data: pf}
		}
	}
	return familyPage{}
}

type machinesPage struct {
	Machines []*machine
	Families []pageFamily
}

func (m *model) machinesPage() machinesPage {
	return machinesPage{Machines: m.machines, Families: m.pageFamilies()}
}
