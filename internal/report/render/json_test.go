package render

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/syncbench/syncbench/internal/testfiles"
)

// TestJSONAsEncoder holds the streamed -format json to what json.Encoder
// writes for the whole report.Report at once, on the fixtures and the standard
// run (whose families hold more benchmarks than jsonstream.Long, so that
// they are written a benchmark at a time).
func TestJSONAsEncoder(t *testing.T) {
	for _, paths := range [][]string{agreementFixtures, {testfiles.Gunzip(t, standardRun)}} {
		rep := reportOf(t, paths...)
		var got, want bytes.Buffer
		if err := Render(&got, rep, Options{Format: "json"}); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: streamed json differs from json.Encoder's (%d and %d bytes)", paths, got.Len(), want.Len())
		}
	}
}
