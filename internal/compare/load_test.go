package compare

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// splitFile is a results file whose configuration changes midway (a
// second package, a note), with a rate unit derived from the time and one
// benchmark found in one package only, so that rows are kept apart,
// merged across blocks and listed as found on one side.
const splitOld = `goos: linux
goarch: amd64
cpu: Test CPU
pkg: example/a
BenchmarkX/impl=µ-8 1000 10.0 ns/op 100 MB/s 3 allocs/op
BenchmarkX/impl=µ-8 1000 10.5 ns/op 95.2 MB/s 3 allocs/op
BenchmarkY-8 1000 20.0 ns/op
pkg: example/b
BenchmarkX/impl=µ-8 1000 30.0 ns/op 33.3 MB/s 3 allocs/op
note: later
BenchmarkX/impl=µ-8 1000 31.0 ns/op 32.2 MB/s 3 allocs/op
BenchmarkOnlyOld-8 1000 5 ns/op
pkg: example/a
BenchmarkX/impl=µ-8 1000 10.2 ns/op 98.0 MB/s 3 allocs/op
BenchmarkX/impl=µ-8 1000 10.1 ns/op 99.0 MB/s 3 allocs/op
BenchmarkX/impl=µ-8 1000 10.3 ns/op 97.1 MB/s 3 allocs/op
BenchmarkX/impl=µ-8 1000 10.4 ns/op 96.2 MB/s 3 allocs/op
`

const splitNew = `goos: linux
goarch: amd64
cpu: Test CPU
pkg: example/b
BenchmarkX/impl=µ-8 1000 40.0 ns/op 25.0 MB/s 3 allocs/op
BenchmarkOnlyNew-8 1000 5 ns/op
pkg: example/a
BenchmarkX/impl=µ-8 1000 12.0 ns/op 83.3 MB/s 4 allocs/op
BenchmarkX/impl=µ-8 1000 12.5 ns/op 80.0 MB/s 4 allocs/op
BenchmarkX/impl=µ-8 1000 12.2 ns/op 82.0 MB/s 4 allocs/op
BenchmarkX/impl=µ-8 1000 12.1 ns/op 82.6 MB/s 4 allocs/op
BenchmarkX/impl=µ-8 1000 12.3 ns/op 81.3 MB/s 4 allocs/op
BenchmarkX/impl=µ-8 1000 12.4 ns/op 80.6 MB/s 4 allocs/op
BenchmarkY-8 1000 21.0 ns/op
note: later
BenchmarkX/impl=µ-8 1000 31.0 ns/op 32.2 MB/s 3 allocs/op
`

// TestReadSideAsResults holds a comparison of files streamed by ReadSide
// (which keeps per-row values only) to the comparison of the same files
// read whole, in every format and under filters and -ignore.
func TestReadSideAsResults(t *testing.T) {
	dir := t.TempDir()
	so, sn := filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
	os.WriteFile(so, []byte(splitOld), 0o666)
	os.WriteFile(sn, []byte(splitNew), 0o666)
	pairs := [][2]string{{"testdata/old.txt", "testdata/new.txt"}, {so, sn}, {sn, so}}
	variants := map[string]func(*Options){
		"default": func(*Options) {},
		"unit":    func(o *Options) { o.Filter = ".unit:sec/op" },
		"name":    func(o *Options) { o.Filter = "/impl:µ OR .name:Y" },
		"ignore":  func(o *Options) { o.Ignore = []string{"note"} },
		"pkg":     func(o *Options) { o.Ignore = []string{"pkg", "note"} },
	}
	for _, p := range pairs {
		for vname, v := range variants {
			opts := DefaultOptions()
			v(&opts)
			want, werr := Compare(readSide(t, p[0]), readSide(t, p[1]), opts)
			old, _, err := ReadSide(p[0], opts.Filter)
			if err != nil {
				t.Fatal(err)
			}
			new, _, err := ReadSide(p[1], opts.Filter)
			if err != nil {
				t.Fatal(err)
			}
			got, gerr := Compare(old, new, opts)
			if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
				t.Fatalf("%s %s: error %v, read whole %v", p, vname, gerr, werr)
			}
			if werr != nil {
				continue
			}
			for _, format := range Formats {
				var wb, gb bytes.Buffer
				want.Write(&wb, format)
				got.Write(&gb, format)
				if wb.String() != gb.String() {
					t.Errorf("%s %s -format %s: streamed\n%s\nread whole\n%s", p, vname, format, gb.String(), wb.String())
				}
			}
		}
	}
}

// TestReadSidePools checks the pooling of ReadSide's rows by hand: with
// note ignored, the two blocks of package a in OLD are one row of six
// samples (seven in NEW, whose last block, noted, is package a's), and
// package b's blocks with a note and without are one row too.
func TestReadSidePools(t *testing.T) {
	dir := t.TempDir()
	so, sn := filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
	os.WriteFile(so, []byte(splitOld), 0o666)
	os.WriteFile(sn, []byte(splitNew), 0o666)
	opts := DefaultOptions()
	opts.Ignore = []string{"note"}
	old, _, err := ReadSide(so, "")
	if err != nil {
		t.Fatal(err)
	}
	new, _, err := ReadSide(sn, "")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Compare(old, new, opts)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string][2]int{}
	for _, r := range rep.Rows {
		if r.Unit == "sec/op" {
			n[label(r.Config, r.Name)] = [2]int{r.Old.N, r.New.N}
		}
	}
	want := map[string][2]int{"[pkg=example/a] X/impl=µ-8": {6, 7}, "[pkg=example/b] X/impl=µ-8": {2, 1}, "[pkg=example/a] Y-8": {1, 1}}
	for k, w := range want {
		if n[k] != w {
			t.Errorf("%s: %v samples (old, new), want %v; all: %v", k, n[k], w, n)
		}
	}
	if len(rep.OnlyOld) != 1 || rep.OnlyOld[0] != "[pkg=example/b] OnlyOld-8" || len(rep.OnlyNew) != 1 || rep.OnlyNew[0] != "[pkg=example/b] OnlyNew-8" {
		t.Errorf("only in old %q, only in new %q", rep.OnlyOld, rep.OnlyNew)
	}
}

// TestTextAsTabwriter holds the two-pass text table to what
// text/tabwriter writes for the same rows.
func TestTextAsTabwriter(t *testing.T) {
	dir := t.TempDir()
	so, sn := filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
	os.WriteFile(so, []byte(splitOld), 0o666)
	os.WriteFile(sn, []byte(splitNew), 0o666)
	for _, p := range [][2]string{{"testdata/old.txt", "testdata/new.txt"}, {so, sn}} {
		rep := mustCompare(t, p[0], p[1], DefaultOptions())
		var got, want bytes.Buffer
		if err := rep.writeText(&got); err != nil {
			t.Fatal(err)
		}
		if err := rep.writeTabText(&want); err != nil {
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
