// Package report turns Go benchmark result files into answers: per-family
// tables of medians with confidence intervals, the winning implementation
// of each workload and how sure we are, scaling with GOMAXPROCS (with a
// Universal Scalability Law fit where the data allow), the goroutine cost
// claims, and charts.
//
// Reading streams through results.Scan; grouping and filtering use
// benchproc; summaries and tests use benchmath exactly as benchstat does,
// so a cell's center and interval are the ones `go tool benchstat` prints
// for the same samples.
//
// Results are kept apart by kind of machine (MachineKeys); the samples of
// one benchmark from several files of the same kind of machine are pooled
// (benchstat would instead give each file its own column).
package report

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/syncbench/syncbench/internal/exitcode"
	"github.com/syncbench/syncbench/internal/results"
)

// MachineKeys are the file configuration keys that identify a kind of
// machine: results that differ in any of them are reported apart.
var MachineKeys = []string{"goos", "goarch", "cpu", "ncpu"}

// Options configure Load.
type Options struct {
	// Filter is a benchproc filter expression ("" or "*" keeps all).
	Filter string
	// Alpha is the significance level of Mann–Whitney tests (default 0.05).
	Alpha float64
	// Confidence is the confidence level of intervals (default 0.95).
	Confidence float64
}

// Input is a set of results grouped by machine and benchmark, not yet
// summarized.
type Input struct {
	Files    []string
	Warnings []results.Warning
	machines map[benchproc.Key]*machineAcc
	order    []benchproc.Key
	units    benchfmt.UnitMetadataMap
	nResults int
	// unitNames maps tidied units (sec/op) to the units as written (ns/op).
	unitNames map[string]string

	// The machine of the previous result and its config values: config
	// changes rarely, so most results skip the projection.
	last     *machineAcc
	lastVals [][]byte
}

// machineAcc accumulates the samples of one machine.
type machineAcc struct {
	key     benchproc.Key
	config  []KV                 // all file config of the first result seen
	benches map[string]*benchAcc // by full name
	order   []*benchAcc
}

// benchAcc accumulates the samples of one benchmark, unit by unit.
type benchAcc struct {
	name   string
	units  []string
	values [][]float64
}

// KV is one key=value pair.
type KV struct {
	Key, Value string
}

// Load reads the results files at paths ("-" is standard input). A file that cannot be used
// (missing, empty, no results) is a warning when another file is usable;
// when nothing usable is left, Load fails with exit code 2.
func Load(paths []string, opts Options) (*Input, error) {
	in := &Input{Files: paths, machines: map[benchproc.Key]*machineAcc{}, units: benchfmt.UnitMetadataMap{},
		unitNames: map[string]string{}}
	filter, err := benchproc.NewFilter(orStar(opts.Filter))
	if err != nil {
		return nil, exitcode.New(exitcode.Failure, "-filter: %v", err)
	}
	if opts.Filter == "" || opts.Filter == "*" {
		filter = nil
	}
	var parser benchproc.ProjectionParser
	machProj, err := parser.Parse(strings.Join(MachineKeys, ","), nil)
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
		return nil, exitcode.New(exitcode.Failure, "no results files given")
	case len(failed) == len(paths) && len(paths) == 1:
		return nil, lastErr
	case len(failed) == len(paths):
		return nil, exitcode.New(exitcode.Failure, "no usable results: %s", strings.Join(failed, "; "))
	case in.nResults == 0:
		return nil, exitcode.New(exitcode.Failure, "no results match -filter %q", opts.Filter)
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
	var f *os.File
	var err error
	if path == "-" {
		f, path = os.Stdin, "<stdin>"
	} else {
		f, err = os.Open(path)
	}
	if err != nil {
		// ReadFile words the message for an unopenable file.
		if _, err2 := results.ReadFile(path); err2 != nil {
			return err2
		}
		return exitcode.New(exitcode.Failure, "%s: %v", path, err)
	}
	defer f.Close()
	units, warnings, err := results.Scan(path, f, func(r *benchfmt.Result) {
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
	b := m.benches[string(r.Name)]
	if b == nil {
		b = &benchAcc{name: string(r.Name)}
		m.benches[b.name] = b
		m.order = append(m.order, b)
	}
outer:
	for _, v := range r.Values {
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
func parseName(full string) (family string, dims []KV, procs int) {
	base, parts := benchfmt.Name(full).Parts()
	family = string(base)
	procs = 1
	npos := 0
	for _, p := range parts {
		s := string(p)
		switch {
		case strings.HasPrefix(s, "-"):
			if n, err := strconv.Atoi(s[1:]); err == nil {
				procs = n
			}
		case strings.HasPrefix(s, "/"):
			s = s[1:]
			if k, v, ok := strings.Cut(s, "="); ok {
				dims = append(dims, KV{k, v})
			} else {
				npos++
				k := "sub"
				if npos > 1 {
					k = fmt.Sprintf("sub%d", npos)
				}
				dims = append(dims, KV{k, s})
			}
		}
	}
	return family, dims, procs
}

// machineOf returns the machine of r, projecting its config only when it
// differs from the previous result's.
func (in *Input) machineOf(r *benchfmt.Result, machProj *benchproc.Projection) *machineAcc {
	same := in.last != nil
	for i, k := range MachineKeys {
		var v []byte
		if pos, ok := r.ConfigIndex(k); ok {
			v = r.Config[pos].Value
		}
		if same && !bytes.Equal(v, in.lastVals[i]) {
			same = false
		}
	}
	if same {
		return in.last
	}
	mk := machProj.Project(r)
	m := in.machines[mk]
	if m == nil {
		m = &machineAcc{key: mk, benches: map[string]*benchAcc{}}
		for _, c := range r.Config {
			if c.File {
				m.config = append(m.config, KV{c.Key, string(c.Value)})
			}
		}
		in.machines[mk] = m
		in.order = append(in.order, mk)
	}
	in.last = m
	in.lastVals = in.lastVals[:0]
	for _, k := range MachineKeys {
		var v []byte
		if pos, ok := r.ConfigIndex(k); ok {
			v = bytes.Clone(r.Config[pos].Value)
		}
		in.lastVals = append(in.lastVals, v)
	}
	return m
}
