package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/compare"
	"github.com/syncbench/syncbench/internal/gate"
)

// TestManualExamples runs the examples of the manuals `syncbench compare
// -h` and `syncbench gate -h` print (their packages' doc.go), as
// benchstat's doc_test.go runs its documentation's: each tab-indented
// "$ syncbench ..." line is run, and its standard output, followed by
// "exit status N" when N is not 0, must be the indented lines after it.
// In an expected line, "…" stands for any text (a duration).
func TestManualExamples(t *testing.T) {
	for _, m := range []struct {
		name, manual string
		// dir is the directory the examples run in; module is true when it
		// is a module of its own, copied to a temporary directory and built
		// outside the workspace.
		dir    string
		module bool
	}{
		{"compare", compare.Manual(), "../../internal/compare/testdata", false},
		{"gate", gate.Manual(), "testdata/doc/tiny", true},
	} {
		t.Run(m.name, func(t *testing.T) {
			examples := parseExamples(m.manual)
			if len(examples) == 0 {
				t.Fatalf("no examples in the manual of %s", m.name)
			}
			dir, err := filepath.Abs(m.dir)
			if err != nil {
				t.Fatal(err)
			}
			if m.module {
				if testing.Short() {
					t.Skip("builds and runs a module's benchmarks")
				}
				dir = copyDir(t, dir)
				t.Setenv("GOWORK", "off")
			}
			t.Chdir(dir)
			for _, ex := range examples {
				t.Logf("$ syncbench %s", strings.Join(ex.args, " "))
				var stdout, stderr bytes.Buffer
				code := mainCode(ex.args, &stdout, &stderr)
				got := stdout.String()
				if code != 0 {
					got += fmt.Sprintf("exit status %d\n", code)
				}
				if !ex.want.MatchString(got) {
					t.Errorf("syncbench %s: got\n%s\nwant (the manual's)\n%s\nstderr:\n%s", strings.Join(ex.args, " "), got, ex.text, stderr.String())
				}
			}
		})
	}
}

// example is one command of a manual and the output it shows.
type example struct {
	args []string
	text string         // the output as the manual shows it
	want *regexp.Regexp // text, with … matching any text within a line
}

var exampleRe = regexp.MustCompile(`(?m)^\t\$ syncbench (.*)\n((?:\t.*\n|\n)+)`)

// parseExamples finds the examples of a manual.
func parseExamples(manual string) []example {
	var out []example
	for _, m := range exampleRe.FindAllStringSubmatch(manual, -1) {
		text := strings.TrimRight(m[2], "\n") + "\n"
		text = strings.ReplaceAll(strings.TrimPrefix(text, "\t"), "\n\t", "\n")
		var re strings.Builder
		re.WriteString(`\A`)
		for i, part := range strings.Split(text, "…") {
			if i > 0 {
				re.WriteString(`[^\n]*`)
			}
			re.WriteString(regexp.QuoteMeta(part))
		}
		re.WriteString(`\z`)
		out = append(out, example{args: shellWords(m[1]), text: text, want: regexp.MustCompile(re.String())})
	}
	return out
}

// shellWords splits a command line as a shell would one without
// variables or escapes: at spaces, with '…' and "…" quoting.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// copyDir copies the files of dir (not its subdirectories) to a temporary
// directory and returns it.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if err := copyFile(filepath.Join(dir, e.Name()), filepath.Join(to, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// TestShellWords checks the splitting of the manuals' command lines.
func TestShellWords(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       []string
	}{
		{"plain", "compare old.txt new.txt", []string{"compare", "old.txt", "new.txt"}},
		{"single quotes", "compare -filter '.unit:sec/op /impl:(a OR b)' x", []string{"compare", "-filter", ".unit:sec/op /impl:(a OR b)", "x"}},
		{"double quotes and runs of spaces", `gate  -bench "A B"  -o out`, []string{"gate", "-bench", "A B", "-o", "out"}},
		{"empty quotes", "x ''", []string{"x", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := shellWords(tc.line); !slices.Equal(got, tc.want) {
				t.Errorf("shellWords(%q) = %q, want %q", tc.line, got, tc.want)
			}
		})
	}
}
