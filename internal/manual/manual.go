// Package manual turns a command's package documentation into the manual
// its -h prints: a package's doc.go is embedded in its binary, and Of cuts
// the text its usage lines introduce out of the file.
package manual

import "strings"

// Of returns the package documentation of docFile, the source of a doc.go
// that holds one /* ... */ package comment, as plain text, less its first
// paragraph (the package sentence) and the usage lines after it: the
// manual a command prints after its own usage lines.
func Of(docFile string) string {
	_, after, _ := strings.Cut(docFile, "/*\n")
	text, _, _ := strings.Cut(after, "*/")
	for range 2 { // the package sentence, then the usage lines
		_, text, _ = strings.Cut(text, "\n\n")
	}
	return text
}
