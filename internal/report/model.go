package report

import (
	"encoding/json"
	"fmt"
	"math"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/montanaflynn/stats"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/syncbench/syncbench/internal/intern"
)

// Report is everything `syncbench report` says about a set of files.
type Report struct {
	Files []string `json:"files"`
	// Alpha is the false discovery rate of the winners; Threshold the
	// smallest ratio over 1 that counts as a win.
	Alpha      float64 `json:"alpha"`
	Threshold  float64 `json:"threshold"`
	Confidence float64 `json:"confidence"`
	// Warnings are input problems that did not stop the report.
	Warnings []string `json:"warnings,omitempty"`
	// BackToBack lists the files whose samples were taken back to back in
	// one process (plain go test -count N output, older syncbench files),
	// whose intervals understate run-to-run variation.
	BackToBack []string `json:"back_to_back_files,omitempty"`
	// Machines holds one section per kind of machine (MachineKeys).
	Machines []*Machine `json:"machines"`
}

// Machine is the part of a report from one kind of machine.
type Machine struct {
	// Config is the file configuration of the machine's results: each
	// key with the first value seen.
	Config []KV `json:"config"`
	// Varying lists the config keys whose values differ between the
	// pooled results (such as pkg, date, or a go-version to warn about),
	// with every value.
	Varying []*ConfigValues `json:"varying_config,omitempty"`
	// NCPU is the machine's CPU count from the ncpu config key, 0 if unknown.
	NCPU int `json:"ncpu"`
	// Summary is the one-screen list of decisions a reader takes away,
	// filled by render.Summarize.
	Summary  []string   `json:"summary"`
	Families []*Family  `json:"families"`
	Winners  []*Winner  `json:"winners,omitempty"`
	Scaling  []*Scaling `json:"scaling,omitempty"`
	// warnings are problems found while building the machine.
	warnings []string
	// ScalingNote explains when the USL fit does not apply.
	ScalingNote string   `json:"scaling_note,omitempty"`
	Claims      *Claims  `json:"goroutine_claims,omitempty"`
	Charts      []*Chart `json:"charts,omitempty"`
	// Findings are what the summary states, decided (FindingsOf with
	// Options.Reference); the summary lines themselves are in Summary.
	Findings *Findings `json:"-"`
}

// ConfigValues are the values of one file config key among the results
// of a machine, in the order first seen.
type ConfigValues struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
	// Files are the files each value was first seen in.
	Files []string `json:"files"`
	// Pooled is true when the key was ignored (Options.Ignore), so that
	// results differing in it were pooled; otherwise they are reported
	// apart.
	Pooled bool `json:"pooled"`
}

// Family is the benchmarks of one package sharing one base name.
type Family struct {
	// Name is the benchmarks' base name, qualified by its package
	// ("bench.Counter", or the full package path if need be) when a
	// machine has families of that base name in several packages.
	Name string `json:"name"`
	// FamilyShape is what the family may share with others of the same
	// layout: a file of a million one-result families holds a few shapes,
	// not a million.
	*FamilyShape
	Benchmarks []*Bench `json:"benchmarks"`
	// Shadowed are benchmarks whose name has the same dimensions and
	// GOMAXPROCS as an earlier one of Benchmarks, in another order
	// (H/impl=a/n=1 and H/n=1/impl=a): they would share its table cell,
	// so they are kept here, out of the tables and the analysis, with a
	// warning.
	Shadowed []*Bench `json:"shadowed,omitempty"`

	// Baselines are implementations that report lost/op: they lose
	// updates, so they are shown but never ranked.
	Baselines []string `json:"baselines,omitempty"`
}

// FamilyShape is the part of a Family that does not name its benchmarks:
// package, configuration, dimension keys, GOMAXPROCS values and units.
// Families of equal shapes (of one benchmark each, or of the same values
// along the same keys) share one FamilyShape, which must not be modified
// once built.
type FamilyShape struct {
	// Pkg is the package of the benchmarks (the pkg config key), "" if
	// the file does not say.
	Pkg string `json:"pkg,omitempty"`
	// Config is the file configuration that sets the family apart from
	// others of its name on this machine ("note=before"), if any: the
	// keys, other than pkg, whose values differ between its results.
	Config []KV `json:"config,omitempty"`
	// Dims are the family's key=value dimension keys, in name order (of
	// the first name that has each); every Bench's Dims are in this order.
	Dims []string `json:"dims"`
	// Procs are the GOMAXPROCS values measured, ascending.
	Procs []int `json:"gomaxprocs"`
	// Units are the units measured, time first.
	Units []string `json:"units"`

	// values maps each dimension key to its values in display order; nil
	// for a family of one benchmark whose keys are distinct, whose values
	// are that benchmark's (see Family.Values).
	values map[string][]string
	// mach is what the families of one machine share.
	mach *machineFamilies
}

// machineFamilies holds what every family of one machine shares: the
// samples' test thresholds, the unit metadata that says which
// distribution to assume, the units as written, and what a claim about a
// family needs (a ratio of at least 1+threshold and a p-value within its
// cutoff, set by analyze).
type machineFamilies struct {
	th        *benchmath.Thresholds
	units     benchfmt.UnitMetadataMap
	unitNames map[string]string // tidied unit -> unit as written
	threshold float64
	// cutoffs are the cutoffs of the families that have winners, by
	// name (0 when none of them is significant), and defaultCutoff that
	// of the others.
	cutoffs       map[string]float64
	hasWinners    map[string]bool
	defaultCutoff float64
}

// cutoff is the largest p-value a claim about f may have.
func (f *Family) cutoff() float64 {
	if f.mach.hasWinners[f.Name] {
		return f.mach.cutoffs[f.Name]
	}
	return f.mach.defaultCutoff
}

// Chart is one chart drawn for a report (see package charts), as PNG
// and, when SVG is set, SVG.
type Chart struct {
	Family string `json:"family"`
	Title  string `json:"title"`
	// File is the chart's file name in the plots directory, without the
	// .svg or .png extension.
	File string `json:"file"`
	// SVG says whether an SVG was written beside the PNG.
	SVG bool `json:"svg,omitempty"`
}

// LostUnit marks an unsynchronized baseline: an implementation that loses
// updates reports how many per operation.
const LostUnit = "lost/op"

// UnitName is the name a table gives unit: "ns/op" (as the benchmarks
// wrote it) for benchfmt's tidied "sec/op", whose cells read "13.6ns";
// otherwise the unit the values are in, which is benchfmt's tidied unit
// ("B/s" for values written in MB/s), as benchstat labels it.
func (f *Family) UnitName(unit string) string {
	if n, ok := f.mach.unitNames[unit]; ok && unit == TimeUnit {
		return n
	}
	return unit
}

// Bench is one benchmark (full name) and its statistics per unit.
type Bench struct {
	Name  string  `json:"name"`
	Dims  []KV    `json:"dims"`
	Procs int     `json:"gomaxprocs"`
	Stats []*Stat `json:"stats"`
}

// Stat is the summary of the samples of one benchmark in one unit.
type Stat struct {
	Unit string `json:"unit"`
	N    int    `json:"n"`
	// Center is the median (or the exact value for assume=exact units);
	// Lo and Hi bound its confidence interval, as benchmath computes them.
	Center float64 `json:"center"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	// CI is the interval as benchstat prints it: "3%", "∞" or "?".
	CI string `json:"ci"`
	// Warnings are benchmath's notes, such as too few samples for an interval.
	Warnings []string `json:"warnings,omitempty"`

	// values are the sorted samples (their thresholds and assumption are
	// the family's machine's: see Family.compare).
	values []float64
}

// Spread describes the spread of the samples: their smallest value, 10th
// and 90th percentiles, and largest value. It is computed from the
// samples when asked for (the JSON and CSV forms write it), not held.
func (s *Stat) Spread() (lowest, p10, p90, highest float64) {
	vals := stats.Float64Data(s.values)
	p10, _ = vals.Percentile(10)
	p90, _ = vals.Percentile(90)
	return vals[0], p10, p90, vals[len(vals)-1]
}

// MarshalJSON writes s with its spread (see Spread) and with infinite
// interval bounds (too few samples) as null, since JSON has no infinity.
func (s *Stat) MarshalJSON() ([]byte, error) {
	finite := func(v float64) *float64 {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		return &v
	}
	lowest, p10, p90, highest := s.Spread()
	return json.Marshal(struct {
		Unit     string   `json:"unit"`
		N        int      `json:"n"`
		Center   float64  `json:"center"`
		CI       string   `json:"ci"`
		Min      float64  `json:"min"`
		P10      float64  `json:"p10"`
		P90      float64  `json:"p90"`
		Max      float64  `json:"max"`
		Warnings []string `json:"warnings,omitempty"`
		Lo       *float64 `json:"lo"`
		Hi       *float64 `json:"hi"`
	}{s.Unit, s.N, s.Center, s.CI, lowest, p10, p90, highest, s.Warnings, finite(s.Lo), finite(s.Hi)})
}

// compare runs the assumed test of a's samples against b's.
func (f *Family) compare(a, b *Stat) benchmath.Comparison {
	th := f.mach.th
	return f.mach.units.GetAssumption(a.Unit).Compare(&benchmath.Sample{Values: a.values, Thresholds: th},
		&benchmath.Sample{Values: b.values, Thresholds: th})
}

// Get returns the value of dimension key in b, or "".
func (b *Bench) Get(key string) string {
	v, _ := b.value(key)
	return v
}

// value returns the value of dimension key in b and whether b has it.
func (b *Bench) value(key string) (string, bool) {
	for _, d := range b.Dims {
		if d.Key == key {
			return d.Value, true
		}
	}
	return "", false
}

// Stat returns b's statistics in unit, or nil.
func (b *Bench) Stat(unit string) *Stat {
	for _, s := range b.Stats {
		if s.Unit == unit {
			return s
		}
	}
	return nil
}

// TimeUnit is the unit of ns/op after benchfmt tidies it.
const TimeUnit = "sec/op"

// Build summarizes in into a Report. It consumes in: each benchmark's
// samples move into the Report as it goes, so that the two are not held
// at once.
func Build(in *Input, opts Options) *Report {
	if opts.Alpha == 0 {
		opts.Alpha = benchmath.DefaultThresholds.CompareAlpha
	}
	if opts.Confidence == 0 {
		opts.Confidence = 0.95
	}
	rep := &Report{Files: in.Files, Alpha: opts.Alpha, Threshold: opts.Threshold, Confidence: opts.Confidence, BackToBack: in.BackToBack}
	for _, w := range in.Warnings {
		rep.Warnings = append(rep.Warnings, w.String())
	}
	thresholds := benchmath.DefaultThresholds
	thresholds.CompareAlpha = opts.Alpha
	keys := append([]benchproc.Key(nil), in.order...)
	benchproc.SortKeys(keys)
	for _, mk := range keys {
		mach := &machineFamilies{th: &thresholds, units: in.units, unitNames: in.unitNames}
		m := buildMachine(in.machines[mk], mach, opts.Confidence, in.ignore)
		delete(in.machines, mk)
		rep.Machines = append(rep.Machines, m)
	}
	if len(rep.Machines) > 1 {
		rep.Warnings = append(rep.Warnings, "results come from "+strconv.Itoa(len(rep.Machines))+
			" different kinds of machine (by "+strings.Join(MachineKeys, ", ")+"); each is reported on its own")
	}
	for _, m := range rep.Machines {
		rep.Warnings = append(rep.Warnings, m.warnings...)
		for _, cv := range m.Varying {
			if cv.Key == PkgKey || (cv.Pooled && !slices.Contains(PoolWarnKeys, cv.Key)) {
				continue
			}
			var vals []string
			for i, v := range cv.Values {
				vals = append(vals, fmt.Sprintf("%q (%s)", v, cv.Files[i]))
			}
			where := ""
			if len(rep.Machines) > 1 {
				where = " on " + m.Name()
			}
			if cv.Pooled {
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("pooled results%s differ in %s: %s; compare them with syncbench compare, or select one with -filter '%s:VALUE'",
					where, cv.Key, strings.Join(vals, ", "), cv.Key))
			} else {
				hint := ""
				if cv.Key == "go-version" {
					hint = "; -by go-version compares them release by release"
				}
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("results%s differ in %s: %s; reported apart, as benchstat does (-ignore %s pools them)%s",
					where, cv.Key, strings.Join(vals, ", "), cv.Key, hint))
			}
		}
	}
	for _, m := range rep.Machines {
		analyze(m, in.units, opts.Alpha, opts.Threshold)
		m.Findings = FindingsOf(m, opts.Reference)
	}
	return rep
}

// buildMachine groups one machine's benchmarks into families and
// summarizes every (benchmark, unit) sample. It holds per family only
// what the Report keeps: the grouping is a compact index over the
// benchmarks, each family is finished before the next is begun, and
// families of one benchmark share their FamilyShape.
func buildMachine(acc *machineAcc, mach *machineFamilies, confidence float64, ignore map[string]bool) *Machine {
	m := &Machine{}
	for _, cv := range acc.config {
		m.Config = append(m.Config, KV{cv.Key, cv.Values[0]})
		if len(cv.Values) > 1 {
			cv.Pooled = ignore[cv.Key]
			m.Varying = append(m.Varying, cv)
		}
		if cv.Key == "ncpu" {
			m.NCPU, _ = strconv.Atoi(strings.TrimSpace(cv.Values[0]))
		}
	}
	apart := splitKeys(acc.groups)
	// Each benchmark is let go once summarized (its values move into its
	// Stats), so that the Input and the Report are not held whole at once.
	acc.benches = nil
	start, members := familyIndex(acc.order)
	pkgsOf := packagesOf(acc.order, start, members)
	shapes := map[string]*FamilyShape{}
	dimsOf := dimsCache{}
	seen := map[KV]bool{}
	sum := summarizer{confidence: confidence, th: mach.th, units: mach.units}
	for j := range len(start) - 1 {
		idx := members[start[j]:start[j+1]]
		head := acc.order[idx[0]]
		f := &Family{Name: baseName(head.name), FamilyShape: &FamilyShape{Pkg: head.pkg, mach: mach}}
		for _, kv := range acc.groups[head.group] {
			if slices.Contains(apart, kv.Key) {
				f.Config = append(f.Config, kv)
			}
		}
		f.Benchmarks = make([]*Bench, 0, len(idx))
		if len(idx) > 1 {
			f.values = map[string][]string{}
			clear(seen)
		}
		for _, i := range idx {
			ba := acc.order[i]
			acc.order[i] = nil
			dims, procs := dimsOf.parse(ba.name)
			b := &Bench{Name: ba.name, Dims: dims, Procs: procs}
			for _, d := range dims {
				if !slices.Contains(f.Dims, d.Key) {
					f.Dims = append(f.Dims, d.Key)
				}
				if f.values != nil && !seen[d] {
					seen[d] = true
					f.values[d.Key] = append(f.values[d.Key], d.Value)
				}
			}
			if !slices.Contains(f.Procs, procs) {
				f.Procs = append(f.Procs, procs)
			}
			b.Stats = make([]*Stat, 0, len(ba.units))
			for i, u := range ba.units {
				if impl := b.Get("impl"); u == LostUnit && impl != "" && !slices.Contains(f.Baselines, impl) {
					f.Baselines = append(f.Baselines, impl)
				}
				if !slices.Contains(f.Units, u) {
					f.Units = append(f.Units, u)
				}
				s := &Stat{Unit: u, N: len(ba.values[i])}
				s.values = benchmath.NewSample(ba.values[i], mach.th).Values
				b.Stats = append(b.Stats, s)
				sum.add(s)
			}
			f.Benchmarks = append(f.Benchmarks, b)
		}
		if len(idx) == 1 && len(f.Dims) < len(f.Benchmarks[0].Dims) {
			// Repeated keys (H/n=1/n=2): the values are not one per key.
			f.values = map[string][]string{}
			for _, d := range f.Benchmarks[0].Dims {
				f.values[d.Key] = append(f.values[d.Key], d.Value)
			}
		}
		m.warnings = append(m.warnings, f.finish(pkgsOf)...)
		f.FamilyShape = shareShape(shapes, f.FamilyShape)
		m.Families = append(m.Families, f)
	}
	sum.flush()
	return m
}

// dimsCache shares the dimension lists of names that end alike (every
// BenchmarkN…/impl=x/goroutines=3 of a file of one-result families) up
// to maxSharedDims lists, so that a list that repeats is held once. The
// lists are shared: orderDims copies one before reordering it.
type dimsCache map[string][]KV

// maxSharedDims bounds the lists a dimsCache holds: names that never
// repeat their dimensions (every name of a wide sweep) fill it once, and
// then cost only a lookup each.
const maxSharedDims = 4096

// parse is parseName for the dimensions and GOMAXPROCS of full, the
// dimensions shared with an earlier name of the same dimension text.
func (c dimsCache) parse(full string) ([]KV, int) {
	rest, procs := splitProcs(full)
	_, tail, _ := strings.Cut(rest, "/")
	if dims, ok := c[tail]; ok {
		return dims, procs
	}
	_, dims, _ := parseName(full)
	if len(c) < maxSharedDims {
		c[tail] = dims
	}
	return dims, procs
}

// summarizer computes Stats in batches (see summarizeAll), so that the
// Stats waiting for their summary are a batch, not every row at once.
type summarizer struct {
	confidence float64
	th         *benchmath.Thresholds
	units      benchfmt.UnitMetadataMap
	batch      []*Stat
}

// summarizeBatch is the number of Stats a summarizer computes at once.
const summarizeBatch = 1 << 14

// add queues s for its summary.
func (z *summarizer) add(s *Stat) {
	z.batch = append(z.batch, s)
	if len(z.batch) == summarizeBatch {
		z.flush()
	}
}

// flush computes the queued Stats.
func (z *summarizer) flush() {
	summarizeAll(z.batch, z.confidence, z.th, z.units)
	clear(z.batch)
	z.batch = z.batch[:0]
}

// finish puts the benchmarks and values of a family whose benchmarks are
// all in (see orderDims and sortBenchmarks) in order and gives it its
// full name, qualified when pkgsOf has several packages for its base
// name; it returns the warnings found.
func (f *Family) finish(pkgsOf map[string][]string) []string {
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
	if pkgs := pkgsOf[f.Name]; len(pkgs) > 1 {
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

// familyIndex groups benches into families (group and base name), in
// the order first seen: members holds the indexes in benches of each
// family's benchmarks, family j's from start[j] to start[j+1]. The index
// costs eight bytes per benchmark, and one map entry per family while it
// is built.
func familyIndex(benches []*benchAcc) (start, members []int32) {
	type key struct{ group, name string }
	byKey := map[key]int32{}
	fam := make([]int32, len(benches))
	var count []int32
	for i, ba := range benches {
		k := key{ba.group, baseName(ba.name)}
		j, ok := byKey[k]
		if !ok {
			j = int32(len(count))
			byKey[k] = j
			count = append(count, 0)
		}
		fam[i] = j
		count[j]++
	}
	byKey = nil
	start = make([]int32, len(count)+1)
	for j, n := range count {
		start[j+1] = start[j] + n
	}
	next := count[:0:0]
	next = append(next, start[:len(count)]...)
	count = nil
	members = make([]int32, len(benches))
	for i, j := range fam {
		members[next[j]] = int32(i)
		next[j]++
	}
	return start, members
}

// packagesOf maps each family base name to its packages, first seen
// first, when the families (see familyIndex) come from several packages;
// when they are all of one package, no name needs qualifying and it
// returns nil.
func packagesOf(benches []*benchAcc, start, members []int32) map[string][]string {
	several := false
	for _, ba := range benches {
		if ba.pkg != benches[0].pkg {
			several = true
			break
		}
	}
	if !several {
		return nil
	}
	pkgsOf := map[string][]string{}
	for j := range len(start) - 1 {
		h := benches[members[start[j]]]
		name := baseName(h.name)
		if !slices.Contains(pkgsOf[name], h.pkg) {
			pkgsOf[name] = append(pkgsOf[name], h.pkg)
		}
	}
	return pkgsOf
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

// splitKeys returns the configuration keys other than pkg whose values
// differ between groups (or are missing from some), in first-seen order.
func splitKeys(groups map[string][]KV) []string {
	var keys []string
	vals := map[string]map[string]bool{}
	count := map[string]int{}
	for _, kvs := range groups {
		for _, kv := range kvs {
			if kv.Key == PkgKey {
				continue
			}
			if vals[kv.Key] == nil {
				vals[kv.Key] = map[string]bool{}
				keys = append(keys, kv.Key)
			}
			vals[kv.Key][kv.Value] = true
			count[kv.Key]++
		}
	}
	var out []string
	for _, k := range keys {
		if len(vals[k]) > 1 || count[k] < len(groups) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
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
		k := workloadKey(b)
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

// summarizeAll computes every Stat, in parallel as benchstat does: the
// summaries are the expensive part of a report on a large file.
func summarizeAll(all []*Stat, confidence float64, th *benchmath.Thresholds, units benchfmt.UnitMetadataMap) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (len(all) + workers - 1) / workers
	for lo := 0; lo < len(all); lo += chunk {
		hi := min(lo+chunk, len(all))
		wg.Add(1)
		go func(part []*Stat) {
			defer wg.Done()
			tab := intern.New() // one per worker: repeated texts shared
			for _, s := range part {
				s.summarize(confidence, tab, th, units.GetAssumption(s.Unit))
			}
		}(all[lo:hi])
	}
	wg.Wait()
}

func (s *Stat) summarize(confidence float64, tab *intern.Table, th *benchmath.Thresholds, assume benchmath.Assumption) {
	sum := assume.Summary(&benchmath.Sample{Values: s.values, Thresholds: th}, confidence)
	s.Center, s.Lo, s.Hi = sum.Center, sum.Lo, sum.Hi
	s.CI = tab.Str(sum.PctRangeString())
	s.Warnings = tab.Errors(sum.Warnings)
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

// Values returns the values of dimension key in display order: numeric
// ascending when all are numbers, else first seen.
func (f *Family) Values(key string) []string {
	if f.values == nil && len(f.Benchmarks) == 1 {
		if v, ok := f.Benchmarks[0].value(key); ok {
			return []string{v}
		}
		return nil
	}
	return f.values[key]
}

// nValues is len(f.Values(key)), without building the list.
func (f *Family) nValues(key string) int {
	if f.values == nil && len(f.Benchmarks) == 1 {
		if _, ok := f.Benchmarks[0].value(key); ok {
			return 1
		}
		return 0
	}
	return len(f.values[key])
}

// HasImpl reports whether f compares implementations (an impl dimension
// with at least two values).
func (f *Family) HasImpl() bool { return f.nValues("impl") > 1 }

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

// Number parses a dimension value as a number, accepting the k, M, G
// suffixes benchmark names often use.
func Number(s string) (float64, bool) {
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		mult, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(s, "M"):
		mult, s = 1e6, s[:len(s)-1]
	case strings.HasSuffix(s, "G"):
		mult, s = 1e9, s[:len(s)-1]
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v * mult, true
}
