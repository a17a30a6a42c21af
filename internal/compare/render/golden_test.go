package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/compare"
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
			var sides [2]*compare.Side
			for i, path := range []string{"../testdata/old.txt", "../testdata/new.txt"} {
				s, _, err := compare.ReadSide(path, "")
				if err != nil {
					t.Fatal(err)
				}
				// Named as compare names them run from internal/compare,
				// as the golden files show them.
				s.Name = strings.TrimPrefix(path, "../")
				sides[i] = s
			}
			rep, err := compare.Compare(sides[0], sides[1], compare.DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := Write(&got, rep, format); err != nil {
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
