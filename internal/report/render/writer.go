package render

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/syncbench/syncbench/internal/markdown"
)

// table is a rendered table: a header row, body rows and footnotes.
type table struct {
	caption string
	header  []string
	rows    [][]string
	// right marks right-aligned columns (numbers).
	right []bool
	notes []string
}

// note adds a footnote to t once and returns its marker.
func (t *table) note(msg string) string {
	for i, n := range t.notes {
		if n == msg {
			return superscript(i + 1)
		}
	}
	t.notes = append(t.notes, msg)
	return superscript(len(t.notes))
}

var superDigits = []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")

func superscript(i int) string {
	var s []rune
	for ; i > 0; i /= 10 {
		s = append([]rune{superDigits[i%10]}, s...)
	}
	return string(s)
}

// docWriter renders the parts of a report in one format.
type docWriter interface {
	heading(level int, s string)
	para(s string)
	bullets(items []string)
	table(t *table)
	image(title, png, svg string)
	// index lists the sections below, and the families under Results
	// (markdown only).
	index(sections, families []string)
	err() error
}

// textDoc renders for a terminal: underlined headings, aligned tables.
type textDoc struct {
	w io.Writer
	e error
}

func (d *textDoc) printf(format string, args ...any) {
	if d.e == nil {
		_, d.e = fmt.Fprintf(d.w, format, args...)
	}
}

func (d *textDoc) err() error { return d.e }

func (d *textDoc) heading(level int, s string) {
	switch level {
	case 1:
		d.printf("%s\n%s\n\n", s, strings.Repeat("=", utf8.RuneCountInString(s)))
	case 2:
		d.printf("%s\n%s\n\n", s, strings.Repeat("-", utf8.RuneCountInString(s)))
	default:
		d.printf("%s\n\n", s)
	}
}

func (d *textDoc) para(s string) { d.printf("%s\n\n", s) }

func (d *textDoc) bullets(items []string) {
	for _, it := range items {
		d.printf("  • %s\n", it)
	}
	d.printf("\n")
}

func (d *textDoc) table(t *table) {
	if t.caption != "" {
		d.printf("%s\n", t.caption)
	}
	widths := make([]int, len(t.header))
	all := append([][]string{t.header}, t.rows...)
	for _, r := range all {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], utf8.RuneCountInString(c))
			}
		}
	}
	var b strings.Builder
	for ri, r := range all {
		b.Reset()
		for i := range widths {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(t.right) && t.right[i] && ri > 0 {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		d.printf("%s\n", strings.TrimRight(b.String(), " "))
		if ri == 0 {
			b.Reset()
			for i, w := range widths {
				if i > 0 {
					b.WriteString("  ")
				}
				b.WriteString(strings.Repeat("─", w))
			}
			d.printf("%s\n", b.String())
		}
	}
	for i, n := range t.notes {
		d.printf("%s %s\n", superscript(i+1), n)
	}
	d.printf("\n")
}

func (d *textDoc) image(title, png, svg string) {}

func (d *textDoc) index(sections, families []string) {}

// mdDoc renders GitHub-flavoured markdown.
type mdDoc struct {
	textDoc
}

func (d *mdDoc) heading(level int, s string) {
	d.printf("%s %s\n\n", strings.Repeat("#", level), s)
}

func (d *mdDoc) bullets(items []string) {
	for _, it := range items {
		d.printf("- %s\n", markdown.Escape(it))
	}
	d.printf("\n")
}

func (d *mdDoc) table(t *table) {
	if t.caption != "" {
		d.printf("**%s**\n\n", markdown.Escape(t.caption))
	}
	row := func(r []string) {
		var cells []string
		for i := range t.header {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			cells = append(cells, markdown.Escape(c))
		}
		d.printf("| %s |\n", strings.Join(cells, " | "))
	}
	row(t.header)
	var seps []string
	for i := range t.header {
		if i < len(t.right) && t.right[i] {
			seps = append(seps, "---:")
		} else {
			seps = append(seps, "---")
		}
	}
	d.printf("|%s|\n", strings.Join(seps, "|"))
	for _, r := range t.rows {
		row(r)
	}
	d.printf("\n")
	for i, n := range t.notes {
		d.printf("%s %s  \n", superscript(i+1), markdown.Escape(n))
	}
	if len(t.notes) > 0 {
		d.printf("\n")
	}
}

func (d *mdDoc) image(title, png, svg string) {
	if svg == "" {
		d.printf("![%s](%s)\n\n", markdown.Escape(title), png)
		return
	}
	d.printf("[![%s](%s)](%s)\n\n", markdown.Escape(title), png, svg)
}

// index writes links to the sections and families by GitHub's heading
// anchors (lower case, spaces as hyphens).
func (d *mdDoc) index(sections, families []string) {
	link := func(s string) string {
		return fmt.Sprintf("[%s](#%s)", s, strings.ReplaceAll(strings.ToLower(s), " ", "-"))
	}
	var secs, fams []string
	for _, s := range sections {
		secs = append(secs, link(s))
	}
	for _, f := range families {
		fams = append(fams, link(f))
	}
	d.printf("**Further down:** %s · tables: %s\n\n", strings.Join(secs, " · "), strings.Join(fams, " · "))
}
