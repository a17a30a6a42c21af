package report

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// Families makes the families of one machine: the families share what
// the machine's results share (the tests' thresholds, the unit metadata,
// the units as written) and, where they are equal, their FamilyShapes.
type Families struct {
	mach   *machineFamilies
	shapes map[string]*FamilyShape
	// seen is the set of dimension values of the family being made.
	seen map[KV]bool
}

// NewFamilies returns a Families for results whose samples are tested
// with th, whose unit metadata (which distribution to assume, which
// direction is better) is units, and whose tidied units were written as
// unitNames maps them (sec/op as ns/op).
func NewFamilies(th *benchmath.Thresholds, units benchfmt.UnitMetadataMap, unitNames map[string]string) *Families {
	return &Families{mach: &machineFamilies{th: th, units: units, unitNames: unitNames},
		shapes: map[string]*FamilyShape{}, seen: map[KV]bool{}}
}

// Family makes the family of base name name in package pkg, set apart
// from others of its name by config (nil if nothing sets it apart), of
// benches, which it keeps and puts in order; pkgs are the packages of
// the machine's families of that base name, when they are several. It
// returns the warnings found: benchmarks shadowed by an earlier one of
// the same workload (see Family.Shadowed).
func (fs *Families) Family(name, pkg string, config []KV, benches []*Bench, pkgs []string) (*Family, []string) {
	f := &Family{Name: name, FamilyShape: &FamilyShape{Pkg: pkg, Config: config, mach: fs.mach}, Benchmarks: benches}
	if len(benches) > 1 {
		f.values = map[string][]string{}
		clear(fs.seen)
	}
	for _, b := range benches {
		for _, d := range b.Dims {
			if !slices.Contains(f.Dims, d.Key) {
				f.Dims = append(f.Dims, d.Key)
			}
			if f.values != nil && !fs.seen[d] {
				fs.seen[d] = true
				f.values[d.Key] = append(f.values[d.Key], d.Value)
			}
		}
		if !slices.Contains(f.Procs, b.Procs) {
			f.Procs = append(f.Procs, b.Procs)
		}
		for _, s := range b.Stats {
			if impl := b.Get("impl"); s.Unit == LostUnit && impl != "" && !slices.Contains(f.Baselines, impl) {
				f.Baselines = append(f.Baselines, impl)
			}
			if !slices.Contains(f.Units, s.Unit) {
				f.Units = append(f.Units, s.Unit)
			}
		}
	}
	if len(benches) == 1 && len(f.Dims) < len(benches[0].Dims) {
		// Repeated keys (H/n=1/n=2): the values are not one per key.
		f.values = map[string][]string{}
		for _, d := range benches[0].Dims {
			f.values[d.Key] = append(f.values[d.Key], d.Value)
		}
	}
	warnings := f.finish(pkgs)
	f.FamilyShape = shareShape(fs.shapes, f.FamilyShape)
	return f, warnings
}

// finish puts the benchmarks and values of a family whose benchmarks are
// all in (see orderDims and sortBenchmarks) in order and gives it its
// full name, qualified when pkgs, the packages of families of its base
// name, are several; it returns the warnings found.
func (f *Family) finish(pkgs []string) []string {
	var warnings []string
	if len(f.Benchmarks) > 1 {
		warnings = f.orderDims()
	}
	sort.Ints(f.Procs)
	for k, vs := range f.values {
		sortValues(vs)
		f.values[k] = vs
	}
	sort.SliceStable(f.Units, func(i, j int) bool { return f.Units[i] == TimeUnit && f.Units[j] != TimeUnit })
	if len(f.Benchmarks) > 1 {
		f.sortBenchmarks()
	}
	if len(pkgs) > 1 {
		f.Name = qualify(f.Pkg, f.Name, pkgs)
	}
	if len(f.Config) > 0 {
		var parts []string
		for _, kv := range f.Config {
			parts = append(parts, kv.Key+"="+kv.Value)
		}
		f.Name = "[" + strings.Join(parts, " ") + "] " + f.Name
	}
	return warnings
}

// maxSharedShapes bounds the shapes shareShape keeps to share: families
// of shapes seen once (every family of a file with its own dimensions)
// fill it once, and then keep their own.
const maxSharedShapes = 4096

// shareShape returns the shape in shapes equal to s, adding s if there
// is none and shapes is not full (maxSharedShapes): families of one
// benchmark, or of the same values along the same keys, share one.
func shareShape(shapes map[string]*FamilyShape, s *FamilyShape) *FamilyShape {
	var sb strings.Builder
	sb.WriteString(s.Pkg)
	for _, kv := range s.Config {
		sb.WriteString("\x00" + kv.Key + "=" + kv.Value)
	}
	sb.WriteString("\x01")
	for _, d := range s.Dims {
		sb.WriteString(d + "\x00")
		if s.values != nil {
			for _, v := range s.values[d] {
				sb.WriteString(v + "\x02")
			}
		}
	}
	if s.values == nil {
		sb.WriteString("\x03")
	}
	sb.WriteString("\x01")
	for _, p := range s.Procs {
		sb.WriteString(strconv.Itoa(p) + "\x00")
	}
	sb.WriteString("\x01")
	for _, u := range s.Units {
		sb.WriteString(u + "\x00")
	}
	k := sb.String()
	if c, ok := shapes[k]; ok {
		return c
	}
	if len(shapes) < maxSharedShapes {
		shapes[k] = s
	}
	return s
}

// qualify names family name of package pkg apart from the families of the
// same name in pkgs: by the package's last path element when that is
// enough, else by its full path.
func qualify(pkg, name string, pkgs []string) string {
	if pkg == "" {
		return name + " (no pkg)"
	}
	short := path.Base(pkg)
	for _, p := range pkgs {
		if p != pkg && path.Base(p) == short {
			return pkg + "." + name
		}
	}
	return short + "." + name
}

// orderDims puts every benchmark's dimensions in the family's key order,
// so that names listing the same dimensions in another order land on the
// same workload; a benchmark whose dimensions and GOMAXPROCS equal an
// earlier one's moves to Shadowed, with a warning naming both.
func (f *Family) orderDims() []string {
	var warnings []string
	seen := map[string]*Bench{}
	kept := f.Benchmarks[:0]
	for _, b := range f.Benchmarks {
		byKey := func(x, y KV) int { return slices.Index(f.Dims, x.Key) - slices.Index(f.Dims, y.Key) }
		if !slices.IsSortedFunc(b.Dims, byKey) {
			// b.Dims may be shared (see dimsCache): reorder a copy.
			b.Dims = slices.Clone(b.Dims)
			slices.SortStableFunc(b.Dims, byKey)
		}
		k := b.WorkloadKey()
		if first := seen[k]; first != nil {
			f.Shadowed = append(f.Shadowed, b)
			warnings = append(warnings, fmt.Sprintf("%s and %s are the same workload (%s, GOMAXPROCS=%d) with dimensions in another order; the tables show %s only",
				first.Name, b.Name, strings.TrimPrefix(WorkloadWords(b.Dims), " "), b.Procs, first.Name))
			continue
		}
		seen[k] = b
		kept = append(kept, b)
	}
	f.Benchmarks = kept
	return warnings
}

// sortBenchmarks orders the benchmarks of f by their dimensions (in the
// family's value order) and then GOMAXPROCS. Each value's place is looked
// up in a map, so that a family of many distinct values sorts in
// O(n log n).
func (f *Family) sortBenchmarks() {
	rank := map[string]map[string]int{}
	for _, k := range f.Dims {
		r := map[string]int{}
		for i, v := range f.values[k] {
			if _, ok := r[v]; !ok {
				r[v] = i
			}
		}
		rank[k] = r
	}
	place := func(b *Bench, k string) int {
		if i, ok := rank[k][b.Get(k)]; ok {
			return i
		}
		return -1
	}
	sort.SliceStable(f.Benchmarks, func(i, j int) bool {
		a, b := f.Benchmarks[i], f.Benchmarks[j]
		for _, k := range f.Dims {
			if ia, ib := place(a, k), place(b, k); ia != ib {
				return ia < ib
			}
		}
		return a.Procs < b.Procs
	})
}

// sortValues sorts numeric dimension values numerically and leaves others
// in the order first seen.
func sortValues(vs []string) {
	for _, v := range vs {
		if _, ok := Number(v); !ok {
			return
		}
	}
	sort.SliceStable(vs, func(i, j int) bool {
		a, _ := Number(vs[i])
		b, _ := Number(vs[j])
		return a < b
	})
}
