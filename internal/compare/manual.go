package compare

import (
	_ "embed"
	"strings"
)

//go:embed doc.go
var docFile string

// Manual returns the package documentation of doc.go as plain text, less
// its first paragraph and the usage lines after it: the manual `syncbench
// compare -h` prints after its own usage lines.
func Manual() string {
	_, after, _ := strings.Cut(docFile, "/*\n")
	text, _, _ := strings.Cut(after, "*/")
	for range 2 { // the package sentence, then the usage lines
		_, text, _ = strings.Cut(text, "\n\n")
	}
	return text
}
