package option

import (
	"errors"
	"io/fs"
	"testing"
)

func TestError(t *testing.T) {
	err := New("alpha", "want a probability between 0 and 1, not %v", 1.5)
	if got, want := err.Error(), "alpha: want a probability between 0 and 1, not 1.5"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	var e *Error
	if !errors.As(err, &e) || e.Name != "alpha" {
		t.Errorf("errors.As(%v) = %v with Name %q, want the *Error named alpha", err, e, e.Name)
	}
	wrapped := New("o", "cannot write there: %w", fs.ErrPermission)
	if !errors.Is(wrapped, fs.ErrPermission) {
		t.Errorf("errors.Is(%v, fs.ErrPermission) = false, want true through Unwrap", wrapped)
	}
}
