package results

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// summary renders what a File holds in a form that is easy to compare.
func summary(f *File) string {
	var b strings.Builder
	for _, r := range f.Results {
		fmt.Fprintf(&b, "%s cpu=%q %d", r.Name, r.GetConfig("cpu"), r.Iters)
		for _, v := range r.Values {
			fmt.Fprintf(&b, " %.4g %s", v.Value, v.Unit)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestReadFileEncodings(t *testing.T) {
	want, err := ReadFile("testdata/basic.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Results) != 4 || len(want.Warnings) != 0 {
		t.Fatalf("basic.txt: %d results, warnings %v; want 4 results, no warnings", len(want.Results), want.Warnings)
	}
	if got := want.Units.GetBetter("fairness"); got != 1 {
		t.Errorf("basic.txt: fairness better = %d, want +1 from the Unit line", got)
	}
	if got := want.Results[0].GetConfig("cpu"); got != "Example CPU @ 2.00GHz" {
		t.Errorf("cpu config = %q", got)
	}
	if v := want.Results[1].Values[0]; v.OrigUnit != "ns/op" || v.OrigValue != 21.3 || v.Unit != "sec/op" {
		t.Errorf("result 1 value %+v; want 21.3 ns/op tidied to sec/op", v)
	}
	for _, tc := range []struct {
		file, warning string
	}{
		{"crlf.txt", ""},
		{"utf16le-bom.txt", "decoded UTF-16LE text"},
		{"utf16be-nobom.txt", "decoded UTF-16BE text"},
	} {
		f, err := ReadFile("testdata/" + tc.file)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if got, w := summary(f), summary(want); got != w {
			t.Errorf("%s reads as\n%s\nwant\n%s", tc.file, got, w)
		}
		if f.Units.GetBetter("fairness") != 1 {
			t.Errorf("%s: lost the Unit line", tc.file)
		}
		switch {
		case tc.warning == "" && len(f.Warnings) != 0:
			t.Errorf("%s: unexpected warnings %v", tc.file, f.Warnings)
		case tc.warning != "" && (len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].String(), tc.warning)):
			t.Errorf("%s: warnings %v, want one containing %q", tc.file, f.Warnings, tc.warning)
		}
	}
}

func TestReadUTF8BOM(t *testing.T) {
	data, err := os.ReadFile("testdata/basic.txt")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Read("bom.txt", bytes.NewReader(append([]byte("\xEF\xBB\xBF"), data...)))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Results[0].GetConfig("goos"); got != "linux" || len(f.Warnings) != 0 {
		t.Errorf("goos = %q, warnings %v; want linux and no warnings", got, f.Warnings)
	}
}

func TestReadMalformed(t *testing.T) {
	f, err := ReadFile("testdata/malformed.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := summary(f), "A cpu=\"\" 100 1.2e-08 sec/op\nA cpu=\"\" 100 4 B/op\nA cpu=\"\" 100 1.3e-08 sec/op\n"; got != want {
		t.Errorf("results:\n%s\nwant\n%s", got, want)
	}
	var got []string
	for _, w := range f.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		"testdata/malformed.txt:2: malformed line skipped: parsing measurement: invalid syntax",
		"testdata/malformed.txt:4: malformed line skipped: missing measurements",
		"testdata/malformed.txt:5: NaN value NaN ns/op of A dropped",
		"testdata/malformed.txt:6: negative value -3 ns/op of A dropped",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	allBad := filepath.Join(dir, "allbad.txt")
	if err := os.WriteFile(allBad, []byte("BenchmarkX 1 x ns/op\nBenchmarkX 1 NaN ns/op\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
	}{
		{"testdata/missing.txt", "testdata/missing.txt: no such file"},
		{"testdata/empty.txt", "testdata/empty.txt: empty file"},
		{"testdata/nobench.txt", "testdata/nobench.txt: no benchmark results"},
		{allBad, allBad + ": no usable benchmark results (2 problem lines; first: " + allBad + ":1: malformed line skipped"},
		{dir, dir + ": is a directory"},
	} {
		f, err := ReadFile(tc.path)
		if err == nil {
			t.Errorf("ReadFile(%s) = %d results, want error", tc.path, len(f.Results))
			continue
		}
		if !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ReadFile(%s) error %q, want one line starting %q", tc.path, err, tc.want)
		}
	}
}

func TestScanCapsWarnings(t *testing.T) {
	var in bytes.Buffer
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&in, "BenchmarkBad %d oops ns/op\nBenchmarkGood 1 %d ns/op\n", i, i+1)
	}
	n := 0
	_, warnings, err := Scan("big", &in, func(r *benchfmt.Result) { n++ })
	if err != nil {
		t.Fatal(err)
	}
	if n != 100 {
		t.Errorf("scanned %d results, want 100", n)
	}
	if len(warnings) != MaxLineWarnings+1 || warnings[MaxLineWarnings].String() != "big: 80 more problem lines not listed" {
		t.Errorf("got %d warnings ending %v", len(warnings), warnings[len(warnings)-1])
	}
}

// TestReadClones checks that Read keeps each result although Scan reuses
// one.
func TestReadClones(t *testing.T) {
	f, err := Read("x", strings.NewReader("BenchmarkA 1 1 ns/op\nBenchmarkB 1 2 ns/op\n"))
	if err != nil {
		t.Fatal(err)
	}
	if string(f.Results[0].Name) != "A" || string(f.Results[1].Name) != "B" {
		t.Errorf("names %s, %s; want A, B", f.Results[0].Name, f.Results[1].Name)
	}
}

func BenchmarkScan(b *testing.B) {
	var in bytes.Buffer
	in.WriteString("goos: linux\ngoarch: amd64\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&in, "BenchmarkCounter/impl=mutex/goroutines=%d/work=0-2 \t 1000000\t %d.5 ns/op\t 0.99 fairness\n", i%8, i%100)
	}
	data := in.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Scan("bench", bytes.NewReader(data), func(*benchfmt.Result) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzRead feeds arbitrary bytes to Read: it may fail, but only with one
// line naming the file, and never panic.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"basic.txt", "malformed.txt", "utf16le-bom.txt", "utf16be-nobom.txt", "crlf.txt"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read("fuzz.txt", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: want one line starting with the file name", err)
			}
			return
		}
		for _, r := range file.Results {
			for _, v := range r.Values {
				if !(v.Value >= 0) {
					t.Errorf("%s: value %v kept", r.Name, v.Value)
				}
			}
		}
	})
}

// TestReadLongLines: a line too long for benchfmt's scanner is dropped
// with a warning that names its line, and the rest of the file is read.
func TestReadLongLines(t *testing.T) {
	ok := "BenchmarkX 10 5 ns/op\n"
	for _, tc := range []struct {
		name  string
		long  int  // length of line 3
		kept  bool // line 3 reaches benchfmt
		final bool // line 3 is the last line, without a line end
	}{
		{"at limit", MaxLineBytes, true, false},
		{"one over", MaxLineBytes + 1, false, false},
		{"huge", 200_000, false, false},
		{"huge at end", 200_000, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			long := "BenchmarkX 10 5 ns/op" + strings.Repeat(" x", (tc.long-21)/2)
			long += strings.Repeat("y", tc.long-len(long))
			text := "goos: linux\n" + ok + long
			if !tc.final {
				text += "\n" + ok + ok
			}
			f, err := Read("long.txt", strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			wantResults := 3
			if tc.final {
				wantResults = 1
			}
			// A kept long line is malformed ("x" is no measurement): a
			// syntax warning, as for any other line.
			if len(f.Results) != wantResults {
				t.Errorf("%d results, want %d; warnings %v", len(f.Results), wantResults, f.Warnings)
			}
			if len(f.Warnings) != 1 {
				t.Fatalf("warnings %v, want one", f.Warnings)
			}
			w := f.Warnings[0]
			if w.Line != 3 {
				t.Errorf("warning %q about line %d, want 3", w, w.Line)
			}
			if want := fmt.Sprintf("line of %d bytes skipped", tc.long); !tc.kept && !strings.Contains(w.Msg, want) {
				t.Errorf("warning %q, want %q", w, want)
			}
		})
	}
	// The line numbers after a dropped line stay right.
	text := "goos: linux\n" + ok + strings.Repeat("z", 70_000) + "\n" + ok + "BenchmarkX 10 abc ns/op\n"
	f, err := Read("long.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) != 2 || f.Warnings[0].Line != 3 || f.Warnings[1].Line != 5 {
		t.Errorf("warnings %v, want lines 3 and 5", f.Warnings)
	}
}

// TestReadSharesConfig checks that results read with the same file
// configuration share one copy of it (a million results would otherwise
// keep a million copies), and that a change of configuration is kept.
func TestReadSharesConfig(t *testing.T) {
	in := "goos: linux\nBenchmarkA 1 5 ns/op\nBenchmarkB 1 6 ns/op\ngoos: darwin\nBenchmarkC 1 7 ns/op\n"
	f, err := Read("in", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Results) != 3 {
		t.Fatalf("read %d results, want 3", len(f.Results))
	}
	a, b, c := f.Results[0], f.Results[1], f.Results[2]
	if &a.Config[0] != &b.Config[0] {
		t.Errorf("results with the same configuration hold copies of it")
	}
	if string(a.GetConfig("goos")) != "linux" || string(c.GetConfig("goos")) != "darwin" {
		t.Errorf("goos of the results: %q, %q, want linux, darwin", a.GetConfig("goos"), c.GetConfig("goos"))
	}
}
