package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// update rewrites the golden files in testdata, as report's -update
// rewrites its generated fixtures: go test -run TestGolden -update.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden renders the reports of the fixtures as text and markdown and
// holds them to the golden files testdata/NAME.FORMAT.golden, byte for
// byte: any change to what a report says shows up as a diff to review
// (then rewritten with -update).
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name, fixture string
	}{
		{"counter-readmostly-2cpu", "../testdata/counter-readmostly-2cpu.txt"},
		{"families-generated", "../testdata/families-generated.txt"},
	} {
		for _, format := range []string{"text", "markdown"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				rep := reportOf(t, tc.fixture)
				var got bytes.Buffer
				if err := Render(&got, rep, Options{Format: format}); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", tc.name+"."+format+".golden")
				if *update {
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (go test -run TestGolden -update writes it)", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("the %s report of %s differs from %s (go test -run TestGolden -update rewrites it):\n%s", format, tc.fixture, golden, firstDiff(got.String(), string(want)))
				}
			})
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := bytes.Split([]byte(got), []byte("\n")), bytes.Split([]byte(want), []byte("\n"))
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return fmt.Sprintf("line %d:\n  got  %s\n  want %s", i+1, gl, wl)
		}
	}
	return ""
}
