package gate

import (
	_ "embed"

	"github.com/syncbench/syncbench/internal/manual"
)

//go:embed doc.go
var docFile string

// Manual returns the package documentation of doc.go as plain text, less
// its first paragraph and the usage lines after it: the manual `syncbench
// gate -h` prints after its own usage lines.
func Manual() string { return manual.Of(docFile) }
