package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// cutSamples copies the results file from to to, keeping every line
// but the result lines of a benchmark after its n-th.
func cutSamples(from, to string, n int) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	var b strings.Builder
	seen := map[string]int{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Benchmark") {
			name := strings.Fields(line)[0]
			if seen[name]++; seen[name] > n {
				continue
			}
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	return os.WriteFile(to, []byte(b.String()), 0o644)
}
