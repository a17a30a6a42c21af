package main

import (
	"fmt"
	"io"

	"github.com/syncbench/syncbench/internal/results"
)

// noteBackToBack prints, once, the note that the files of paths whose
// samples were taken back to back in one process (no sampling config
// line: plain go test -count N output, or an older syncbench file) have
// intervals that understate run-to-run variation. A file it cannot read
// is left to the command's own reading to report.
func noteBackToBack(w io.Writer, paths []string) {
	var old []string
	for _, p := range paths {
		if p == "-" {
			continue
		}
		if b, err := results.FileBackToBack(p); err == nil && b {
			old = append(old, p)
		}
	}
	if len(old) > 0 {
		fmt.Fprintf(w, "note: %s\n", results.BackToBackNote(old))
	}
}

// noteDifferentWork prints, to w, the note that the two results files of a
// comparison ran different iteration counts (results.DifferentWork).
func noteDifferentWork(w io.Writer, oldPath, newPath string) {
	if oldPath == "-" || newPath == "-" {
		return
	}
	if note := results.DifferentWork(oldPath, newPath); note != "" {
		fmt.Fprintf(w, "note: %s\n", note)
	}
}
