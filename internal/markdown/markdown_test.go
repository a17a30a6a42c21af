package markdown

import "testing"

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":         "plain",
		"a|b":           `a\|b`,
		"B/goroutine_x": `B/goroutine\_x`,
		"**bold**":      `\*\*bold\*\*`,
		"<stdin>":       "&lt;stdin>",
		"need >= 6":     "need >= 6",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}
