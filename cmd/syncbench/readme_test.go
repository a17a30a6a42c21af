package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README and the committed results, from this package's directory.
const (
	readmePath  = "../../README.md"
	resultsDir  = "../../results"
	reportPath  = "../../results/report.md"
	resultsHead = "## Results on this machine"
)

// readLines returns the lines of the file at path.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

// section returns the lines of the markdown section that starts with the
// line head, up to the next heading of the same level, and the index of
// its first line in lines; it fails the test when there is none.
func section(t *testing.T, lines []string, head string) ([]string, int) {
	t.Helper()
	level := head[:strings.IndexByte(head, ' ')+1]
	for i, l := range lines {
		if l != head {
			continue
		}
		end := i + 1
		for end < len(lines) && !strings.HasPrefix(lines[end], level) {
			end++
		}
		return lines[i+1 : end], i + 1
	}
	t.Fatalf("no line %q", head)
	return nil, 0
}

// TestREADMEQuotesCommittedReport checks that the README's results section
// quotes the committed report as it is: it names the results file
// results/report.md was made from, each of its bullet lines is a line of
// the report's summary, word for word, and the charts it shows exist.
// After a new standard run and make report, it fails until the README
// quotes the new report.
func TestREADMEQuotesCommittedReport(t *testing.T) {
	readme := readLines(t, readmePath)
	report := readLines(t, reportPath)
	sec, first := section(t, readme, resultsHead)

	from := regexp.MustCompile(`^From (results/\S+\.txt)\.`)
	var source string
	for _, l := range report {
		if m := from.FindStringSubmatch(l); m != nil {
			source = m[1]
			break
		}
	}
	if source == "" {
		t.Fatalf("%s: no line \"From results/....txt.\"", reportPath)
	}
	if !strings.Contains(strings.Join(sec, "\n"), "`"+source+"`") {
		t.Errorf("README.md: %q does not name %s, the file results/report.md was made from", resultsHead, source)
	}

	summary, _ := section(t, report, "## Summary")
	inSummary := map[string]bool{}
	for _, l := range summary {
		inSummary[l] = true
	}
	quoted := 0
	chart := regexp.MustCompile(`\]\((results/plots/[^)]+\.png)\)`)
	for i, l := range sec {
		if strings.HasPrefix(l, "- ") {
			quoted++
			if !inSummary[l] {
				t.Errorf("README.md:%d: not a line of the summary of %s:\n%s", first+i+1, reportPath, l)
			}
		}
		for _, m := range chart.FindAllStringSubmatch(l, -1) {
			if _, err := os.Stat(filepath.Join("../..", m[1])); err != nil {
				t.Errorf("README.md:%d: chart %s: %v", first+i+1, m[1], err)
			}
		}
	}
	if quoted < 3 {
		t.Errorf("README.md: %q quotes %d lines of the report's summary, want at least 3", resultsHead, quoted)
	}
}

// TestREADMEIntervalsFromResults checks that every ratio the README quotes
// with its interval, "1.005 [1.003, 1.006]", stands in one of the reports
// the scripts write under results/, so that a figure left from an older
// run fails here once its file is regenerated.
func TestREADMEIntervalsFromResults(t *testing.T) {
	var written strings.Builder
	mds, err := filepath.Glob(filepath.Join(resultsDir, "*.md"))
	if err != nil || len(mds) == 0 {
		t.Fatalf("no results/*.md: %v", err)
	}
	for _, md := range mds {
		written.WriteString(strings.Join(readLines(t, md), "\n") + "\n")
	}
	// A figure may be wrapped over two lines of the README.
	text := strings.Join(strings.Fields(strings.Join(readLines(t, readmePath), "\n")), " ")
	interval := regexp.MustCompile(`\b\d+\.\d+ \[\d+\.\d+, \d+\.\d+\]`)
	found := 0
	for _, fig := range interval.FindAllString(text, -1) {
		found++
		if !strings.Contains(written.String(), fig) {
			t.Errorf("README.md: %q stands in no results/*.md", fig)
		}
	}
	if found == 0 {
		t.Error("README.md quotes no ratio with its interval: the pattern no longer matches how it writes them")
	}
}
