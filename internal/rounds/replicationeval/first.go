package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/perf/benchfmt"
)

// firstSamples returns ds with every run cut to the first n samples of
// each benchmark (its first n result lines of that name; in a file of
// the rounds design, those of the first n rounds), written to dir under
// the runs' own base names, so that the pairs are labelled as before.
// It shows what fewer rounds would have decided from the same sitting.
func firstSamples(ds designs, n int, dir string) (designs, error) {
	out := make(designs, len(ds))
	for i, d := range ds {
		sub := filepath.Join(dir, fmt.Sprint(i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			return nil, err
		}
		out[i] = design{name: d.name, note: fmt.Sprintf(", the first %d samples of each benchmark", n)}
		for _, r := range d.runs {
			path := filepath.Join(sub, filepath.Base(r))
			if err := cutSamples(r, path, n); err != nil {
				return nil, err
			}
			out[i].runs = append(out[i].runs, path)
		}
	}
	return out, nil
}

// cutSamples copies the results file from to to, as benchfmt reads and
// writes it (configuration and unit lines kept), with each benchmark's
// result lines after its n-th left out.
func cutSamples(from, to string, n int) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	var b bytes.Buffer
	w := benchfmt.NewWriter(&b)
	seen := map[string]int{}
	r := benchfmt.NewReader(in, from)
	for r.Scan() {
		rec := r.Result()
		if res, ok := rec.(*benchfmt.Result); ok {
			if seen[string(res.Name)]++; seen[string(res.Name)] > n {
				continue
			}
		}
		if _, bad := rec.(*benchfmt.SyntaxError); bad {
			continue // the analysis's reading warns of it, as compare does
		}
		if err := w.Write(rec); err != nil {
			return fmt.Errorf("%s: %w", from, err)
		}
	}
	if err := r.Err(); err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	return os.WriteFile(to, b.Bytes(), 0o644)
}
