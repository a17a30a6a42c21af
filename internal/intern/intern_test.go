package intern

import (
	"errors"
	"testing"
	"unsafe"
)

func TestShared(t *testing.T) {
	tab := New()
	a := tab.Str(string([]byte("need >= 6 samples")))
	b := tab.Str(string([]byte("need >= 6 samples")))
	if a != b || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Errorf("Str returned two copies of one text")
	}
	l1 := tab.Errors([]error{errors.New("x"), errors.New("y")})
	l2 := tab.Errors([]error{errors.New("x"), errors.New("y")})
	if len(l1) != 2 || l1[0] != "x" || l1[1] != "y" || &l1[0] != &l2[0] {
		t.Errorf("Errors: %q and %q, want one shared [x y]", l1, l2)
	}
	if l := tab.Errors(nil); l != nil {
		t.Errorf("Errors(nil) = %q, want nil", l)
	}
	if l := tab.List([]string{"x\x00y"}); len(l) != 1 || l[0] != "x\x00y" {
		t.Errorf("List of a text holding the separator: %q", l)
	}
}
