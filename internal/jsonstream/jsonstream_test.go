package jsonstream

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

type leaf struct {
	V float64 `json:"v"`
}

// MarshalJSON writes NaN as null, as the report's Stat does.
func (l *leaf) MarshalJSON() ([]byte, error) {
	if math.IsNaN(l.V) {
		return []byte("null"), nil
	}
	return json.Marshal(struct {
		V float64 `json:"v"`
	}{l.V})
}

type level int

func (l level) MarshalText() ([]byte, error) { return []byte(strings.Repeat("x", int(l))), nil }

type kv struct{ Key, Value string }

type row struct {
	Name   string   `json:"name"`
	Dims   []kv     `json:"dims"`
	Leaves []*leaf  `json:"leaves"`
	Note   string   `json:"note,omitempty"`
	Level  level    `json:"level"`
	Tags   []string `json:"tags,omitempty"`
	hidden int
}

type doc struct {
	Title  string         `json:"title"`
	Rows   []*row         `json:"rows"`
	Empty  []int          `json:"empty"`
	Nil    []int          `json:"nil"`
	Skip   string         `json:"-"`
	Map    map[string]int `json:"map,omitempty"`
	Nested [][]int        `json:"nested"`
	Ptr    *row           `json:"ptr"`
	Any    any            `json:"any"`
	Inner  struct{}       `json:"inner"`
	HTML   string         `json:"html"`
	Plain  int
}

// TestLikeEncoder holds Encode to json.Encoder's indented output for a
// document whose long slices Encode writes piece by piece.
func TestLikeEncoder(t *testing.T) {
	d := doc{Title: "t<&>", Empty: []int{}, Map: map[string]int{"b": 1, "a": 2}, HTML: "<a href=\"x\">µ∞</a>", Plain: 3}
	for i := range 3 * Long {
		r := &row{Name: strings.Repeat("n", i%7), Dims: []kv{{"impl", "x"}}, Level: level(i % 3)}
		for j := range i % (2 * Long) {
			v := float64(j) / 3
			if j%5 == 0 {
				v = math.NaN()
			}
			r.Leaves = append(r.Leaves, &leaf{v})
		}
		if i%2 == 0 {
			r.Note, r.Tags = "odd", []string{"a"}
		}
		d.Rows = append(d.Rows, r)
	}
	d.Nested = [][]int{make([]int, Long), {}, nil, {1}}
	d.Any = d.Rows[:Long+1]
	var want, got bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&got, d); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		g, w := got.String(), want.String()
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Fatalf("Encode differs from json.Encoder at byte %d: %q, want %q", i, g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
	}
	if !long(reflectValue(d)) {
		t.Fatal("the document is not long: the test does not exercise the streaming")
	}
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }

// lazyRows builds rows when written.
type lazyRows int

func (n lazyRows) Len() int     { return int(n) }
func (n lazyRows) At(i int) any { return row{Name: strings.Repeat("r", i%5), Dims: []kv{{"i", "v"}}} }

// TestArray holds an Array to the slice of the elements it builds, as
// json.Encoder writes the slice, empty and not, long and not.
func TestArray(t *testing.T) {
	for _, n := range []int{0, 1, Long + 3} {
		var rows []row
		for i := range n {
			rows = append(rows, lazyRows(n).At(i).(row))
		}
		if rows == nil {
			rows = []row{}
		}
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Rows []row `json:"rows"`
			N    int   `json:"n"`
		}{rows, n}); err != nil {
			t.Fatal(err)
		}
		if err := Encode(&got, struct {
			Rows lazyRows `json:"rows"`
			N    int      `json:"n"`
		}{lazyRows(n), n}); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d rows: Encode wrote\n%s\nwant\n%s", n, got.String(), want.String())
		}
	}
}

// Shape and Part are embedded in family, as report.FamilyShape is in
// report.Family.
type Shape struct {
	Pkg  string   `json:"pkg,omitempty"`
	Dims []string `json:"dims"`
}

type Part struct{ Kept int }

type family struct {
	Name string `json:"name"`
	*Shape
	Rows []*row `json:"rows"`
	Part
	Tagged Part `json:"tagged"`
	*Missing
}

type Missing struct {
	Gone string `json:"gone"`
}

// TestEmbedded holds Encode to json.Encoder's output for embedded
// structs, whose fields are written in their place: through a pointer,
// by value, and not at all for a nil pointer, with a long slice beside.
func TestEmbedded(t *testing.T) {
	shape := &Shape{Dims: []string{"impl", "n"}}
	var fams []*family
	for i := range 3 {
		f := &family{Name: "f", Shape: shape, Part: Part{i}}
		for range i * Long {
			f.Rows = append(f.Rows, &row{Name: "r"})
		}
		fams = append(fams, f)
	}
	fams[1].Shape = &Shape{Pkg: "p"}
	var want, got bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(fams); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&got, fams); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("Encode wrote\n%s\nwant\n%s", got.String(), want.String())
	}
	if !long(reflect.ValueOf(fams[2])) {
		t.Error("a family of long rows is not long: its rows would be marshalled at once")
	}
}
