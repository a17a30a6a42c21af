package compare

import "strings"

// interner shares one copy of strings that repeat across rows (warnings,
// interval texts, family names): a million rows then hold a few strings,
// not a million copies.
type interner struct {
	strs  map[string]string
	lists map[string][]string
}

func newInterner() *interner {
	return &interner{strs: map[string]string{}, lists: map[string][]string{}}
}

// str returns the shared copy of s.
func (in *interner) str(s string) string {
	if c, ok := in.strs[s]; ok {
		return c
	}
	in.strs[s] = s
	return s
}

// errors returns the texts of errs as a shared, read-only list (nil for
// none).
func (in *interner) errors(errs []error) []string {
	if len(errs) == 0 {
		return nil
	}
	texts := make([]string, len(errs))
	for i, e := range errs {
		texts[i] = e.Error()
	}
	key := strings.Join(texts, "\x00")
	if l, ok := in.lists[key]; ok {
		return l
	}
	for i, t := range texts {
		texts[i] = in.str(t)
	}
	in.lists[key] = texts
	return texts
}
