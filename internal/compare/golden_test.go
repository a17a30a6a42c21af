package compare

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// update rewrites the golden files in testdata/golden, as report's -update
// rewrites its generated fixtures: go test -run TestGoldenTable -update.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenTable holds compare's output for testdata/old.txt against
// testdata/new.txt, in each format, to testdata/golden/old-new.FORMAT
// byte for byte, so that a change to the table or its verdicts shows as
// a diff to review (then rewritten with -update).
func TestGoldenTable(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var sides [2]*Side
			for i, path := range []string{"testdata/old.txt", "testdata/new.txt"} {
				s, _, err := ReadSide(path, "")
				if err != nil {
					t.Fatal(err)
				}
				sides[i] = s
			}
			rep, err := Compare(sides[0], sides[1], DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := rep.Write(&got, format); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", "old-new."+format)
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run TestGoldenTable -update writes it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("compare -format %s old.txt new.txt differs from %s (go test -run TestGoldenTable -update rewrites it); got:\n%s", format, golden, got.String())
			}
		})
	}
}
