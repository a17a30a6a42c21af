package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/results"
)

func readSide(t *testing.T, path string) *compare.Side {
	t.Helper()
	f, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return &compare.Side{Name: path, Results: f.Results, Units: f.Units}
}

func mustCompare(t *testing.T, old, new string, opts compare.Options) *compare.Report {
	t.Helper()
	rep, err := compare.Compare(readSide(t, old), readSide(t, new), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestFormats(t *testing.T) {
	rep := mustCompare(t, "../testdata/old.txt", "../testdata/new.txt", compare.DefaultOptions())
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, rep, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.Contains(buf.String(), "impl=mutex") {
			t.Errorf("%s: no rows:\n%s", f, buf.String())
		}
	}
	var md bytes.Buffer
	Write(&md, rep, "markdown")
	s := md.String()
	ri, ii, di := strings.Index(s, "### Regressions"), strings.Index(s, "### Improvements"), strings.Index(s, "<details>")
	if !(ri >= 0 && ri < ii && ii < di) {
		t.Errorf("markdown order: regressions %d, improvements %d, details %d\n%s", ri, ii, di, s)
	}
}

// TestReadSideAsResults holds a comparison of files streamed by compare.ReadSide
// (which keeps per-row values only) to the comparison of the same files
// read whole, in every format and under filters and -ignore.
func TestReadSideAsResults(t *testing.T) {
	so, sn := "../testdata/split-old.txt", "../testdata/split-new.txt"
	pairs := [][2]string{{"../testdata/old.txt", "../testdata/new.txt"}, {so, sn}, {sn, so}}
	variants := map[string]func(*compare.Options){
		"default": func(*compare.Options) {},
		"unit":    func(o *compare.Options) { o.Filter = ".unit:sec/op" },
		"name":    func(o *compare.Options) { o.Filter = "/impl:µ OR .name:Y" },
		"ignore":  func(o *compare.Options) { o.Ignore = []string{"note"} },
		"pkg":     func(o *compare.Options) { o.Ignore = []string{"pkg", "note"} },
	}
	for _, p := range pairs {
		for vname, v := range variants {
			opts := compare.DefaultOptions()
			v(&opts)
			want, werr := compare.Compare(readSide(t, p[0]), readSide(t, p[1]), opts)
			old, _, err := compare.ReadSide(p[0], opts.Filter)
			if err != nil {
				t.Fatal(err)
			}
			new, _, err := compare.ReadSide(p[1], opts.Filter)
			if err != nil {
				t.Fatal(err)
			}
			got, gerr := compare.Compare(old, new, opts)
			if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
				t.Fatalf("%s %s: error %v, read whole %v", p, vname, gerr, werr)
			}
			if werr != nil {
				continue
			}
			for _, format := range Formats {
				var wb, gb bytes.Buffer
				Write(&wb, want, format)
				Write(&gb, got, format)
				if wb.String() != gb.String() {
					t.Errorf("%s %s -format %s: streamed\n%s\nread whole\n%s", p, vname, format, gb.String(), wb.String())
				}
			}
		}
	}
}

// TestTextAsTabwriter holds the two-pass text table to what
// text/tabwriter writes for the same rows.
func TestTextAsTabwriter(t *testing.T) {
	so, sn := "../testdata/split-old.txt", "../testdata/split-new.txt"
	for _, p := range [][2]string{{"../testdata/old.txt", "../testdata/new.txt"}, {so, sn}} {
		rep := mustCompare(t, p[0], p[1], compare.DefaultOptions())
		var got, want bytes.Buffer
		if err := writeText(&got, rep); err != nil {
			t.Fatal(err)
		}
		if err := writeTabText(&want, rep); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: two-pass table\n%s\ntabwriter\n%s", p, got.String(), want.String())
		}
		if !bytes.Contains(got.Bytes(), []byte("µ")) && p[0] == so {
			t.Errorf("%s: no µ in the table: the test does not check widths in runes", p)
		}
	}
}
