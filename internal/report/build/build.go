package build

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/syncbench/syncbench/internal/intern"
	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/report/findings"
)

// Report summarizes in into a report.Report and decides its findings
// (findings.Analyze). It consumes in: each benchmark's samples move into
// the Report as it goes, so that the two are not held at once.
func Report(in *Input, opts Options) *report.Report {
	if opts.Alpha == 0 {
		opts.Alpha = benchmath.DefaultThresholds.CompareAlpha
	}
	if opts.Confidence == 0 {
		opts.Confidence = 0.95
	}
	rep := &report.Report{Files: in.Files, Alpha: opts.Alpha, Threshold: opts.Threshold, Confidence: opts.Confidence, BackToBack: in.BackToBack}
	for _, w := range in.Warnings {
		rep.Warnings = append(rep.Warnings, w.String())
	}
	thresholds := benchmath.DefaultThresholds
	thresholds.CompareAlpha = opts.Alpha
	keys := append([]benchproc.Key(nil), in.order...)
	benchproc.SortKeys(keys)
	var warnings [][]string // of each machine
	for _, mk := range keys {
		fams := report.NewFamilies(&thresholds, in.units, in.unitNames)
		m, w := buildMachine(in.machines[mk], fams, &thresholds, in.units, opts.Confidence, in.ignore)
		delete(in.machines, mk)
		rep.Machines = append(rep.Machines, m)
		warnings = append(warnings, w)
	}
	if len(rep.Machines) > 1 {
		rep.Warnings = append(rep.Warnings, "results come from "+strconv.Itoa(len(rep.Machines))+
			" different kinds of machine (by "+strings.Join(report.MachineKeys, ", ")+"); each is reported on its own")
	}
	for i, m := range rep.Machines {
		rep.Warnings = append(rep.Warnings, warnings[i]...)
		for _, cv := range m.Varying {
			if cv.Key == report.PkgKey || (cv.Pooled && !slices.Contains(PoolWarnKeys, cv.Key)) {
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
		findings.Analyze(m, opts.Alpha, opts.Threshold, opts.Reference)
	}
	return rep
}

// buildMachine groups one machine's benchmarks into families (made by
// fams) and summarizes every (benchmark, unit) sample, tested with th
// under the assumptions of units; it returns the machine and the
// warnings found. It holds per family only what the Report keeps: the
// grouping is a compact index over the benchmarks, each family is
// finished before the next is begun, and families of one benchmark share
// their FamilyShape.
func buildMachine(acc *machineAcc, fams *report.Families, th *benchmath.Thresholds, units benchfmt.UnitMetadataMap,
	confidence float64, ignore map[string]bool) (*report.Machine, []string) {
	m := &report.Machine{}
	var warnings []string
	for _, cv := range acc.config {
		m.Config = append(m.Config, report.KV{Key: cv.Key, Value: cv.Values[0]})
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
	dimsOf := dimsCache{}
	sum := summarizer{confidence: confidence, th: th, units: units}
	for j := range len(start) - 1 {
		idx := members[start[j]:start[j+1]]
		head := acc.order[idx[0]]
		var config []report.KV
		for _, kv := range acc.groups[head.group] {
			if slices.Contains(apart, kv.Key) {
				config = append(config, kv)
			}
		}
		benches := make([]*report.Bench, 0, len(idx))
		for _, i := range idx {
			ba := acc.order[i]
			acc.order[i] = nil
			dims, procs := dimsOf.parse(ba.name)
			b := &report.Bench{Name: ba.name, Dims: dims, Procs: procs}
			b.Stats = make([]*report.Stat, 0, len(ba.units))
			for i, u := range ba.units {
				s := report.NewStat(u, ba.values[i])
				b.Stats = append(b.Stats, s)
				sum.add(s)
			}
			benches = append(benches, b)
		}
		name := baseName(head.name)
		f, w := fams.Family(name, head.pkg, config, benches, pkgsOf[name])
		warnings = append(warnings, w...)
		m.Families = append(m.Families, f)
	}
	sum.flush()
	return m, warnings
}

// dimsCache shares the dimension lists of names that end alike (every
// BenchmarkN…/impl=x/goroutines=3 of a file of one-result families) up
// to maxSharedDims lists, so that a list that repeats is held once. The
// lists are shared: report.Families copies one before reordering it.
type dimsCache map[string][]report.KV

// maxSharedDims bounds the lists a dimsCache holds: names that never
// repeat their dimensions (every name of a wide sweep) fill it once, and
// then cost only a lookup each.
const maxSharedDims = 4096

// parse is parseName for the dimensions and GOMAXPROCS of full, the
// dimensions shared with an earlier name of the same dimension text.
func (c dimsCache) parse(full string) ([]report.KV, int) {
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
	batch      []*report.Stat
}

// summarizeBatch is the number of Stats a summarizer computes at once.
const summarizeBatch = 1 << 14

// add queues s for its summary.
func (z *summarizer) add(s *report.Stat) {
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

// splitKeys returns the configuration keys other than pkg whose values
// differ between groups (or are missing from some), in first-seen order.
func splitKeys(groups map[string][]report.KV) []string {
	var keys []string
	vals := map[string]map[string]bool{}
	count := map[string]int{}
	for _, kvs := range groups {
		for _, kv := range kvs {
			if kv.Key == report.PkgKey {
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

// summarizeAll computes every Stat, in parallel as benchstat does: the
// summaries are the expensive part of a report on a large file.
func summarizeAll(all []*report.Stat, confidence float64, th *benchmath.Thresholds, units benchfmt.UnitMetadataMap) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (len(all) + workers - 1) / workers
	for lo := 0; lo < len(all); lo += chunk {
		hi := min(lo+chunk, len(all))
		wg.Add(1)
		go func(part []*report.Stat) {
			defer wg.Done()
			tab := intern.New() // one per worker: repeated texts shared
			for _, s := range part {
				s.Summarize(confidence, tab, th, units.GetAssumption(s.Unit))
			}
		}(all[lo:hi])
	}
	wg.Wait()
}
