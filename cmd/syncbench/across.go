package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/compare/bykey"
	"github.com/syncbench/syncbench/internal/compare/render"
	"github.com/syncbench/syncbench/internal/report/across"
	"github.com/syncbench/syncbench/internal/report/charts"
	"github.com/syncbench/syncbench/internal/results"
)

// acrossSplit reads files and splits their results by the value of the
// configuration key by (bykey.Split), warnings going to stderr.
func acrossSplit(files []string, by string, stderr io.Writer) ([]*compare.Side, error) {
	var sides []*compare.Side
	for _, path := range files {
		f, err := results.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for _, w := range f.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		sides = append(sides, &compare.Side{Name: path, Results: f.Results, Units: f.Units})
	}
	return bykey.Split(sides, by)
}

// compareAcross implements `syncbench compare -by KEY [-baseline V] FILE...`:
// every value of KEY against the baseline, each comparison written as
// compare writes one. It ends with the first comparison's error (a
// regression: exit 1), in the order of the values.
func compareAcross(files []string, by, baseline, format string, opts compare.Options, stdout, stderr io.Writer) error {
	split, err := acrossSplit(files, by, stderr)
	if err != nil {
		return err
	}
	a, err := bykey.Compare(split, by, baseline, opts)
	if err != nil {
		return err
	}
	var first error
	for _, v := range a.Values {
		rep := a.Reports[v]
		if rep == nil {
			continue
		}
		fmt.Fprintf(stdout, "== %s=%s against %s=%s (false discovery rate %g: %g over %d comparisons)\n",
			by, v, by, a.Baseline, rep.Options.Alpha, opts.Alpha, len(a.Values)-1)
		if err := render.Write(stdout, rep, format); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
		if err := rep.Err(); err != nil && first == nil {
			first = fmt.Errorf("%s=%s against %s: %w", by, v, a.Baseline, err)
		}
	}
	return first
}

// reportAcross implements `syncbench report -by KEY`: per family, a
// column per value of KEY with the change from the baseline, and a chart
// of time against the value (-plots), in markdown.
func reportAcross(files []string, by, baseline string, opts compare.Options, out, plots string, stdout, stderr io.Writer) error {
	split, err := acrossSplit(files, by, stderr)
	if err != nil {
		return err
	}
	a, err := bykey.Compare(split, by, baseline, opts)
	if err != nil {
		return err
	}
	rel := across.NewReleases(a)
	for _, f := range files {
		rel.Files = append(rel.Files, filepath.Base(f))
	}
	link := ""
	if plots != "" {
		if err := charts.PlotAcross(rel, plots); err != nil {
			return fmt.Errorf("-plots %s: %w", plots, err)
		}
		link = plotsLink(out, plots)
	}
	return writeReport(out, stdout, func(w io.Writer) error { return rel.WriteMarkdown(w, link) })
}
