package results

import (
	"strings"

	"golang.org/x/perf/benchfmt"
)

// SamplingKey is the config key that says how a file's samples were
// taken: `syncbench run` and the gate write it (see package rounds) when
// every sample comes from a fresh process, in rounds. A result without it
// is taken to come from `go test -count N`, whose samples of one
// configuration run back to back in one process.
const SamplingKey = "sampling"

// SeedKey is the config key holding the seed of the rounds' order.
const SeedKey = "sampling-seed"

// BackToBack reports whether result r's samples were taken back to back
// in one process: it has no SamplingKey config line.
func BackToBack(r *benchfmt.Result) bool { return r.GetConfig(SamplingKey) == "" }

// BackToBackNote is the one note a report or comparison prints about the
// files (named by files) whose samples were taken back to back.
func BackToBackNote(files []string) string {
	which := "the samples in " + strings.Join(files, ", ") + " were"
	return "Sampling: " + which + " taken back to back in one process (go test -count N, or syncbench run before its rounds of fresh processes), so their intervals show within-process noise only and understate run-to-run variation: a difference another run would not repeat can look significant"
}

// FileBackToBack reads the results file at path and reports whether any
// of its results was taken back to back (see BackToBack). Errors are
// those of reading, for the caller's own reading to report.
func FileBackToBack(path string) (bool, error) {
	f, err := Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	rd := benchfmt.NewReader(f, path)
	for rd.Scan() {
		if r, ok := rd.Result().(*benchfmt.Result); ok && BackToBack(r) {
			return true, nil
		}
	}
	return false, rd.Err()
}
