// Package jsonstream writes a value as encoding/json's Encoder with
// SetIndent("", "  ") writes it, byte for byte, without building the whole
// text in memory first: long slices are written element by element, and
// everything else through json.MarshalIndent. A report of a million rows
// then needs memory for one row's text, not for the gigabyte of all.
package jsonstream

import (
	"bufio"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// Long is the length from which a slice is written element by element.
const Long = 64

// Array is a sequence that Encode writes as a JSON array, building each
// element only when it writes it, so that the elements need not be held
// at once (encoding/json knows nothing of it: only Encode writes it so).
type Array interface {
	Len() int
	At(i int) any
}

var arrayType = reflect.TypeFor[Array]()

// Encode writes v and a newline to w, as json.Encoder with two-space
// indentation writes it.
func Encode(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	e := encoder{w: bw}
	e.value(reflect.ValueOf(v), "")
	if e.err != nil {
		return e.err
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

type encoder struct {
	w   *bufio.Writer
	err error
}

var (
	marshaler     = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// custom reports whether values of t encode themselves (MarshalJSON or
// MarshalText, with a value or pointer receiver).
func custom(t reflect.Type) bool {
	for _, m := range []reflect.Type{marshaler, textMarshaler} {
		if t.Implements(m) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(m)) {
			return true
		}
	}
	return false
}

// value writes v, whose first line the caller has indented, with its
// further lines prefixed by prefix.
func (e *encoder) value(v reflect.Value, prefix string) {
	if e.err != nil {
		return
	}
	if v.IsValid() && v.Type().Implements(arrayType) && !((v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil()) {
		e.array(v.Interface().(Array), prefix)
		return
	}
	if !long(v) {
		e.marshal(v, prefix)
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		e.value(v.Elem(), prefix)
	case reflect.Slice:
		e.w.WriteByte('[')
		inner := prefix + "  "
		for i := range v.Len() {
			if i > 0 {
				e.w.WriteByte(',')
			}
			e.w.WriteString("\n" + inner)
			e.value(v.Index(i), inner)
		}
		e.w.WriteString("\n" + prefix + "]")
	case reflect.Struct:
		e.object(v, prefix)
	}
}

// array writes the elements of a, built one at a time.
func (e *encoder) array(a Array, prefix string) {
	n := a.Len()
	if n == 0 {
		e.w.WriteString("[]")
		return
	}
	e.w.WriteByte('[')
	inner := prefix + "  "
	for i := range n {
		if i > 0 {
			e.w.WriteByte(',')
		}
		e.w.WriteString("\n" + inner)
		e.value(reflect.ValueOf(a.At(i)), inner)
	}
	e.w.WriteString("\n" + prefix + "]")
}

// object writes the fields of struct v as encoding/json does: exported
// fields under their tag's name, omitempty honoured, "-" left out, and
// the fields of an untagged embedded struct (or non-nil pointer to one)
// in its place. Names that collide are not resolved as encoding/json
// resolves them: the types written must not have any.
func (e *encoder) object(v reflect.Value, prefix string) {
	n := 0
	e.w.WriteByte('{')
	e.fields(v, prefix, &n)
	if n == 0 {
		e.w.WriteByte('}')
		return
	}
	e.w.WriteString("\n" + prefix + "}")
}

// fields writes the fields of struct v (see object), n of them written
// before.
func (e *encoder) fields(v reflect.Value, prefix string, n *int) {
	inner := prefix + "  "
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if embedded, ok := flattened(f, v.Field(i)); ok {
			if embedded.IsValid() {
				e.fields(embedded, prefix, n)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fv := v.Field(i)
		if strings.Contains(","+opts+",", ",omitempty,") && empty(fv) {
			continue
		}
		if *n > 0 {
			e.w.WriteByte(',')
		}
		*n++
		e.w.WriteString("\n" + inner)
		e.marshal(reflect.ValueOf(name), inner)
		e.w.WriteString(": ")
		e.value(fv, inner)
	}
}

// flattened reports whether field f, of value fv, is an embedded struct
// whose fields encoding/json writes in its place, and returns that
// struct (the zero Value for a nil pointer, which writes nothing).
func flattened(f reflect.StructField, fv reflect.Value) (reflect.Value, bool) {
	if !f.Anonymous || f.Tag.Get("json") != "" {
		return reflect.Value{}, false
	}
	t := f.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || custom(f.Type) {
		return reflect.Value{}, false
	}
	if fv.Kind() == reflect.Pointer {
		if fv.IsNil() {
			return reflect.Value{}, true
		}
		fv = fv.Elem()
	}
	return fv, true
}

func (e *encoder) marshal(v reflect.Value, prefix string) {
	var x any
	if v.IsValid() {
		x = v.Interface()
	}
	b, err := json.MarshalIndent(x, prefix, "  ")
	if err != nil {
		e.err = err
		return
	}
	e.w.Write(b)
}

// long reports whether v holds, at any depth, a slice of at least Long
// elements that is not inside a value with its own MarshalJSON: only
// then is v written piece by piece.
func long(v reflect.Value) bool {
	if !v.IsValid() || custom(v.Type()) {
		return false
	}
	if v.Type().Implements(arrayType) {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && long(v.Elem())
	case reflect.Slice:
		if v.IsNil() || v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		if v.Len() >= Long {
			return true
		}
		for i := range v.Len() {
			if long(v.Index(i)) {
				return true
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			f := t.Field(i)
			if _, ok := flattened(f, v.Field(i)); (f.Anonymous && !ok) || strings.Contains(f.Tag.Get("json"), ",string") {
				return false // other embedded or quoted fields: left to encoding/json
			}
		}
		for i := range v.NumField() {
			f := t.Field(i)
			if embedded, ok := flattened(f, v.Field(i)); ok {
				if embedded.IsValid() && long(embedded) {
					return true
				}
				continue
			}
			if f.IsExported() && long(v.Field(i)) {
				return true
			}
		}
	}
	return false
}

// empty is encoding/json's test for omitempty.
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
