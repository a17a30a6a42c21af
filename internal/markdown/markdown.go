// Package markdown holds the text helpers the markdown outputs share.
package markdown

import "strings"

// escaper escapes what markdown or HTML would read as syntax; ">" needs no
// escape inside a line ("need >= 6 samples" stays as benchstat says it).
var escaper = strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;")

// Escape makes s literal text in a markdown paragraph or table cell.
func Escape(s string) string { return escaper.Replace(s) }
