package compare

import (
	"testing"

	"github.com/syncbench/syncbench/internal/compare/rowset"
)

// testdata/split-old.txt and split-new.txt are results files whose
// configuration changes midway (a second package, a note), with a rate
// unit derived from the time and one benchmark found in one package only,
// so that rows are kept apart, merged across blocks and listed as found on
// one side.

// TestReadSidePools checks the pooling of ReadSide's rows by hand: with
// note ignored, the two blocks of package a in OLD are one row of six
// samples (seven in NEW, whose last block, noted, is package a's), and
// package b's blocks with a note and without are one row too.
func TestReadSidePools(t *testing.T) {
	so, sn := "testdata/split-old.txt", "testdata/split-new.txt"
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
			n[rowset.Label(r.Config, r.Name)] = [2]int{r.Old.N, r.New.N}
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
