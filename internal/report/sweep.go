package report

import (
	"slices"
	"sort"
	"strings"

	"github.com/syncbench/syncbench/internal/results"
)

// preferredSweeps are the dimensions a reader most often asks "how does it
// change as this grows?" about, in order of preference.
var preferredSweeps = []string{"goroutines", "reads", "workers", "n", "producers", "buf", "cases"}

// NumericDims returns f's dimensions (not impl) whose values are all
// numbers and that take at least two values, best sweep first.
func (f *Family) NumericDims() []string {
	var out []string
	for _, k := range f.Dims {
		if k == "impl" || f.nValues(k) < 2 {
			continue
		}
		numeric := true
		for _, v := range f.Values(k) {
			if _, ok := Number(v); !ok {
				numeric = false
			}
		}
		if numeric {
			out = append(out, k)
		}
	}
	rank := func(k string) int {
		if i := slices.Index(preferredSweeps, k); i >= 0 {
			return i
		}
		return len(preferredSweeps)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// TopProcs is the GOMAXPROCS the summary and key charts speak about: the
// largest one within ncpu (the largest measured if ncpu is 0, unknown).
func (f *Family) TopProcs(ncpu int) int {
	p := f.Procs[0]
	for _, q := range f.Procs {
		if ncpu == 0 || q <= ncpu {
			p = q
		}
	}
	return p
}

// Lookup returns the value of key in dims, or "".
func Lookup(dims []KV, key string) string {
	for _, d := range dims {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}

// IsChannel reports whether f is shaped like the channel family: a buffer
// size and producer and consumer counts.
func (f *Family) IsChannel() bool {
	return f.nValues("buf") > 1 && slices.Contains(f.Dims, "producers") && slices.Contains(f.Dims, "consumers")
}

// SweepAxis is the dimension f is read along: the x axis of its main
// charts and the summary's main sweep; "" when it has none.
func (f *Family) SweepAxis() string {
	if f.IsChannel() {
		return "buf"
	}
	if ds := f.NumericDims(); len(ds) > 0 {
		return ds[0]
	}
	return ""
}

// WorkloadWords writes dims as " key=value key=value", or "" when empty.
func WorkloadWords(dims []KV) string {
	if len(dims) == 0 {
		return ""
	}
	var parts []string
	for _, d := range dims {
		parts = append(parts, d.Key+"="+d.Value)
	}
	return " " + strings.Join(parts, " ")
}

// Name is a one-line identification of m by its machine keys.
func (m *Machine) Name() string {
	var parts []string
	for _, k := range MachineKeys {
		for _, kv := range m.Config {
			if kv.Key == k {
				parts = append(parts, k+"="+kv.Value)
			}
		}
	}
	if len(parts) == 0 {
		return "no machine keys"
	}
	return strings.Join(parts, ", ")
}

// Better is results.Better for unit under the unit metadata of f's
// results: +1 when higher values are better, -1 when lower are.
func (f *Family) Better(unit string) int { return results.Better(f.mach.units, unit) }
