// Package intern shares one copy of strings that repeat across the rows
// of a large report (warnings, interval texts, dimension values), so that
// a million rows hold a few strings, not a million copies.
package intern

import (
	"strconv"
	"strings"
)

// Table holds the shared copies. It is not safe for concurrent use.
type Table struct {
	strs  map[string]string
	lists map[string][]string
}

// New returns an empty Table.
func New() *Table {
	return &Table{strs: map[string]string{}, lists: map[string][]string{}}
}

// Str returns the shared copy of s.
func (t *Table) Str(s string) string {
	if c, ok := t.strs[s]; ok {
		return c
	}
	t.strs[s] = s
	return s
}

// List returns a shared copy of texts (nil for none), which callers must
// not modify.
func (t *Table) List(texts []string) []string {
	if len(texts) == 0 {
		return nil
	}
	var sb strings.Builder
	for _, s := range texts {
		sb.WriteString(strconv.Itoa(len(s)))
		sb.WriteByte(':')
		sb.WriteString(s)
	}
	key := sb.String()
	if l, ok := t.lists[key]; ok {
		return l
	}
	l := make([]string, len(texts))
	for i, s := range texts {
		l[i] = t.Str(s)
	}
	t.lists[key] = l
	return l
}

// Errors returns the texts of errs as a shared list (see List).
func (t *Table) Errors(errs []error) []string {
	if len(errs) == 0 {
		return nil
	}
	texts := make([]string, len(errs))
	for i, e := range errs {
		texts[i] = e.Error()
	}
	return t.List(texts)
}
