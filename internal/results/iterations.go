package results

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/perf/benchfmt"
)

// BenchtimeKey is the config key of a rounds run's -benchtime, and
// IterationsKey the one saying where its iteration counts came from
// (calibrated, or reused from an earlier file: see package rounds).
const (
	BenchtimeKey  = "benchtime"
	IterationsKey = "iterations"
)

// Iterations reads the results file at path and returns each
// configuration's iteration count (by full name, as rounds.Count.Name) and
// the file's BenchtimeKey value. A configuration whose samples ran different
// counts (go test's own calibration, at -count N) gets the count most of
// its samples ran, the larger on a tie. Errors are one line naming the
// file.
func Iterations(path string) (iters map[string]int, benchtime string, err error) {
	f, err := Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	seen := map[string]map[int]int{}
	_, _, err = Scan(path, f, func(r *benchfmt.Result) {
		if benchtime == "" {
			benchtime = r.GetConfig(BenchtimeKey)
		}
		name := string(r.Name.Full())
		if seen[name] == nil {
			seen[name] = map[int]int{}
		}
		seen[name][r.Iters]++
	})
	if err != nil {
		return nil, "", err
	}
	if len(seen) == 0 {
		return nil, "", fmt.Errorf("%s: no benchmark results", path)
	}
	iters = map[string]int{}
	for name, counts := range seen {
		best, most := 0, 0
		for n, k := range counts {
			if k > most || (k == most && n > best) {
				best, most = n, k
			}
		}
		iters[name] = best
	}
	return iters, benchtime, nil
}

// NewestWithBenchtime returns the last results file (*.txt) in dir, in name
// order (the default names are UTC times), whose BenchtimeKey is
// benchtime, or "" when there is none; files that cannot be read are
// passed over.
func NewestWithBenchtime(dir, benchtime string) string {
	names, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, name := range names {
		if st, err := os.Stat(name); err != nil || !st.Mode().IsRegular() {
			continue
		}
		if bt, err := configValue(name, BenchtimeKey); err == nil && bt == benchtime {
			return name
		}
	}
	return ""
}

// configValue returns the value of config key in the file's header (the
// lines before its first result), "" without one.
func configValue(path, key string) (string, error) {
	f, err := Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	rd := benchfmt.NewReader(f, path)
	for rd.Scan() {
		if r, ok := rd.Result().(*benchfmt.Result); ok {
			return r.GetConfig(key), nil
		}
	}
	return "", rd.Err()
}

// IterationsLine is the IterationsKey value of a run: where its counts came
// from (file, as its base name, or "" for none) and how many were reused
// of how many configurations.
func IterationsLine(file string, reused, configs int) string {
	if file == "" || reused == 0 {
		return "calibrated once in this run"
	}
	note := fmt.Sprintf("reused from %s for %d of %d configurations", filepath.Base(file), reused, configs)
	if reused < configs {
		note += ", calibrated once in this run for the rest"
	}
	return note
}

// WorkApart is the ratio of iteration counts from which DifferentWork
// counts two runs of a configuration as different work.
const WorkApart = 1.5

// DifferentWork compares the iteration counts of the configurations in
// both results files (Iterations) and returns the note compare prints when
// some ran counts WorkApart or more apart, "" otherwise (or when either
// file cannot be read: the comparison itself reports that).
func DifferentWork(oldPath, newPath string) string {
	a, _, err := Iterations(oldPath)
	if err != nil {
		return ""
	}
	b, _, err := Iterations(newPath)
	if err != nil {
		return ""
	}
	both, apart, most, worst := 0, 0, 1.0, ""
	for name, n := range a {
		m, ok := b[name]
		if !ok || n <= 0 || m <= 0 {
			continue
		}
		both++
		r := max(float64(n)/float64(m), float64(m)/float64(n))
		if r >= WorkApart {
			apart++
			if r > most || (r == most && name < worst) {
				most, worst = r, name
			}
		}
	}
	if apart == 0 {
		return ""
	}
	return fmt.Sprintf("Iterations: %d of the %d configurations in both files ran iteration counts %.1f× or more apart (up to %.1f×, %s), so the two runs did not do the same work: the time per operation of a contended benchmark depends on the length of its run, so such rows can differ for that alone (syncbench run -iters %s repeats its counts)",
		apart, both, WorkApart, most, worst, oldPath)
}
