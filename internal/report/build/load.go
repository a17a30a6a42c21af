package build

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
	"golang.org/x/perf/benchunit"

	"github.com/syncbench/syncbench/internal/option"
	"github.com/syncbench/syncbench/internal/report"
	"github.com/syncbench/syncbench/internal/results"
)

// PoolWarnKeys are file configuration keys whose values should agree
// between files whose samples are pooled: when they differ, Report warns.
var PoolWarnKeys = []string{"go-version", "commit", "machine"}

// Options configure Load and Report.
type Options struct {
	// Filter is a benchproc filter expression ("" or "*" keeps all).
	Filter string
	// Alpha is the false discovery rate of the winners' Mann–Whitney
	// tests, controlled over families then workloads (default 0.05).
	Alpha float64
	// Threshold is the smallest gap, as a fraction (0.05: 1.05×), that
	// counts as a win.
	Threshold float64
	// Ignore lists file configuration keys whose differences are pooled
	// rather than kept apart (as benchstat's -ignore).
	Ignore []string
	// Confidence is the confidence level of intervals (default 0.95).
	Confidence float64
	// Reference is the implementation that, in a family that has it, every
	// other is held against in the crossovers (Findings); "" for none.
	Reference string
}

// Input is a set of results grouped by machine and benchmark, not yet
// summarized.
type Input struct {
	Files    []string
	Warnings []results.Warning
	// BackToBack lists the files whose samples were taken back to back
	// in one process (see results.BackToBack).
	BackToBack []string
	machines   map[benchproc.Key]*machineAcc
	order      []benchproc.Key
	units      benchfmt.UnitMetadataMap
	nResults   int
	// unitNames maps tidied units (sec/op) to the units as written (ns/op).
	unitNames map[string]string

	// The machine of the previous result and its config: config changes
	// rarely, so most results skip the projection.
	last    *machineAcc
	lastCfg []benchfmt.Config
	// file is the name of the file being read.
	file string
	// ignore holds the configuration keys pooled (Options.Ignore), and
	// lastGroup the group (see groupOf) of the previous result.
	ignore    map[string]bool
	lastGroup string
}

// machineAcc accumulates the samples of one machine.
type machineAcc struct {
	key benchproc.Key
	// config is every file config value seen, key by key in first-seen
	// order.
	config  []*report.ConfigValues
	benches map[string]map[string]*benchAcc // by group (groupOf), then full name
	order   []*benchAcc
	// groups maps each group to its configuration, less the machine
	// keys and the ignored ones.
	groups map[string][]report.KV
}

// noteConfig records the file config values of r, seen in file.
func (m *machineAcc) noteConfig(r *benchfmt.Result, file string) {
	for _, c := range r.Config {
		if !c.File {
			continue
		}
		var cv *report.ConfigValues
		for _, x := range m.config {
			if x.Key == c.Key {
				cv = x
			}
		}
		if cv == nil {
			cv = &report.ConfigValues{Key: c.Key}
			m.config = append(m.config, cv)
		}
		if !slices.Contains(cv.Values, string(c.Value)) {
			cv.Values = append(cv.Values, string(c.Value))
			cv.Files = append(cv.Files, file)
		}
	}
}

// benchAcc accumulates the samples of one benchmark, unit by unit.
type benchAcc struct {
	pkg    string
	group  string
	name   string
	units  []string
	values [][]float64
}

// Load reads the results files at paths ("-" is standard input). A file that cannot be used
// (missing, empty, no results) is a warning when another file is usable;
// when nothing usable is left, Load fails with exit code 2.
func Load(paths []string, opts Options) (*Input, error) {
	in := &Input{Files: paths, machines: map[benchproc.Key]*machineAcc{}, units: benchfmt.UnitMetadataMap{},
		unitNames: map[string]string{}, ignore: map[string]bool{}}
	for _, k := range opts.Ignore {
		in.ignore[k] = true
	}
	filter, err := benchproc.NewFilter(orStar(opts.Filter))
	if err != nil {
		return nil, option.New("filter", "%w", err)
	}
	if opts.Filter == "" || opts.Filter == "*" {
		filter = nil
	}
	var parser benchproc.ProjectionParser
	machProj, err := parser.Parse(strings.Join(report.MachineKeys, ","), nil)
	if err != nil {
		return nil, err
	}
	var failed []string
	var lastErr error
	for _, p := range paths {
		err := in.scanFile(p, filter, machProj)
		if err != nil {
			failed = append(failed, err.Error())
			lastErr = err
			in.Warnings = append(in.Warnings, results.Warning{File: p, Msg: "skipped: " + strings.TrimPrefix(err.Error(), p+": ")})
		}
	}
	switch {
	case len(paths) == 0:
		return nil, fmt.Errorf("no results files given")
	case len(failed) == len(paths) && len(paths) == 1:
		return nil, lastErr
	case len(failed) == len(paths):
		return nil, fmt.Errorf("no usable results: %s", strings.Join(failed, "; "))
	case in.nResults == 0:
		return nil, fmt.Errorf("no results match -filter %q", opts.Filter)
	}
	return in, nil
}

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// scanFile streams one file into in.
func (in *Input) scanFile(path string, filter *benchproc.Filter, machProj *benchproc.Projection) error {
	var f io.ReadCloser
	var err error
	if path == "-" {
		f, path = os.Stdin, "<stdin>"
	} else {
		f, err = results.Open(path)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	in.file, in.last = path, nil
	backToBack := false
	units, warnings, err := results.Scan(path, f, func(r *benchfmt.Result) {
		if !backToBack && results.BackToBack(r) {
			backToBack = true
			in.BackToBack = append(in.BackToBack, path)
		}
		if filter != nil {
			if ok, _ := filter.Apply(r); !ok {
				return
			}
		}
		in.add(r, machProj)
	})
	in.Warnings = append(in.Warnings, warnings...)
	for k, v := range units {
		if _, ok := in.units[k]; !ok {
			in.units[k] = v
		}
	}
	return err
}

// add files one result under its machine and benchmark. It allocates
// only for a new machine, a new benchmark or a growing sample.
func (in *Input) add(r *benchfmt.Result, machProj *benchproc.Projection) {
	in.nResults++
	m := in.machineOf(r, machProj)
	var pkg []byte
	if pos, ok := r.ConfigIndex(report.PkgKey); ok && !in.ignore[report.PkgKey] {
		pkg = r.Config[pos].Value
	}
	byName := m.benches[in.lastGroup]
	if byName == nil {
		byName = map[string]*benchAcc{}
		m.benches[in.lastGroup] = byName
	}
	b := byName[string(r.Name)]
	if b == nil {
		b = &benchAcc{pkg: string(pkg), group: in.lastGroup, name: string(r.Name)}
		byName[b.name] = b
		m.order = append(m.order, b)
	}
outer:
	for _, v := range r.Values {
		if v.Value == 0 && v.OrigUnit == "" {
			// benchfmt leaves a zero untidied ("0 ns/op" stays in ns/op,
			// since 0 × 1e-9 = 0): tidy its unit, so that the sample is
			// not split across two units.
			if _, tidied := benchunit.Tidy(1, v.Unit); tidied != v.Unit {
				v.OrigUnit, v.Unit = v.Unit, tidied
			}
		}
		for i, u := range b.units {
			if u == v.Unit {
				b.values[i] = append(b.values[i], v.Value)
				continue outer
			}
		}
		b.units = append(b.units, v.Unit)
		b.values = append(b.values, []float64{v.Value})
		if v.OrigUnit != "" {
			in.unitNames[v.Unit] = v.OrigUnit
		}
	}
}

// parseName splits a full benchmark name into its family (base name),
// key=value dimensions and GOMAXPROCS (1 when the name has no -N suffix,
// as go test writes it). Positional parts become dimensions "sub", "sub2"…
// The family and the dimensions' keys and values are substrings of full,
// so that they hold no memory of their own.
func parseName(full string) (family string, dims []report.KV, procs int) {
	rest, procs := splitProcs(full)
	family, rest, more := strings.Cut(rest, "/")
	npos := 0
	for more {
		var s string
		s, rest, more = strings.Cut(rest, "/")
		if k, v, ok := strings.Cut(s, "="); ok {
			dims = append(dims, report.KV{Key: k, Value: v})
			continue
		}
		npos++
		k := "sub"
		if npos > 1 {
			k = fmt.Sprintf("sub%d", npos)
		}
		dims = append(dims, report.KV{Key: k, Value: s})
	}
	return family, dims, procs
}

// baseName is the family of a full benchmark name (see parseName).
func baseName(full string) string {
	rest, _ := splitProcs(full)
	base, _, _ := strings.Cut(rest, "/")
	return base
}

// splitProcs cuts the -N GOMAXPROCS suffix off a full name, as benchfmt
// does (1 when there is none).
func splitProcs(full string) (string, int) {
	for i := len(full) - 1; i >= 0; i-- {
		c := full[i]
		if c == '-' && i < len(full)-1 {
			if n, err := strconv.Atoi(full[i+1:]); err == nil {
				return full[:i], n
			}
			return full[:i], 1
		}
		if c < '0' || c > '9' {
			break
		}
	}
	return full, 1
}

// machineOf returns the machine of r, projecting its config (and noting
// its values) only when it differs from the previous result's.
func (in *Input) machineOf(r *benchfmt.Result, machProj *benchproc.Projection) *machineAcc {
	if in.last != nil && results.SameConfig(r.Config, in.lastCfg) {
		return in.last
	}
	mk := machProj.Project(r)
	m := in.machines[mk]
	if m == nil {
		m = &machineAcc{key: mk, benches: map[string]map[string]*benchAcc{}, groups: map[string][]report.KV{}}
		in.machines[mk] = m
		in.order = append(in.order, mk)
	}
	m.noteConfig(r, in.file)
	in.lastGroup = in.groupOf(m, r)
	in.last = m
	in.lastCfg = in.lastCfg[:0]
	for _, c := range r.Config {
		in.lastCfg = append(in.lastCfg, benchfmt.Config{Key: c.Key, Value: bytes.Clone(c.Value), File: c.File})
	}
	return m
}

// groupOf names the group of r within machine m: its file configuration
// less the machine keys and the ignored keys (so pkg included), recorded
// in m.groups. Results of one group are pooled; groups are kept apart.
func (in *Input) groupOf(m *machineAcc, r *benchfmt.Result) string {
	var kvs []report.KV
	var sb strings.Builder
	for _, c := range r.Config {
		if !c.File || in.ignore[c.Key] || slices.Contains(report.MachineKeys, c.Key) {
			continue
		}
		kvs = append(kvs, report.KV{Key: c.Key, Value: string(c.Value)})
		sb.WriteString(c.Key + "=" + string(c.Value) + "\x00")
	}
	g := sb.String()
	if _, ok := m.groups[g]; !ok {
		m.groups[g] = kvs
	}
	return g
}
