// Package profile holds the named settings of syncbench run (-profile):
// how many rounds, how long each sample, which sweeps and GOMAXPROCS
// values.
package profile

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// A Profile is a named set of defaults for a run: how many samples, how
// long each, and whether the bench package runs its short sweeps. Flags
// given explicitly override the profile's values.
type Profile struct {
	// Name is the profile's name as given to -profile.
	Name string
	// Summary says what the profile is for, for the usage message.
	Summary string
	// Count is the number of rounds (see package rounds): samples per
	// benchmark configuration, each from a fresh process.
	Count int
	// Benchtime is the time (or "Nx" iterations) of one sample
	// (go test -benchtime).
	Benchtime string
	// Short runs the bench package with -test.short: fewer sweep values.
	Short bool
	// CPU is the default GOMAXPROCS list (go test -cpu).
	CPU []int
	// Timeout bounds each test binary process (one configuration, or a
	// top-level benchmark while calibrating), so that a deadlocked
	// benchmark ends with a goroutine dump instead of hanging; 0 is no
	// limit.
	Timeout time.Duration
}

// Default is the profile of a run that names none; `make bench`
// runs it.
const Default = "standard"

// All are the known profiles by name. The times they take on a
// 2-core machine are in the package doc (standard: 8 to 12 minutes).
var All = map[string]Profile{
	"quick": {
		Name:      "quick",
		Summary:   "a first look at every benchmark's short sweep in about a minute; one sample each, so no confidence intervals",
		Count:     1,
		Benchtime: "50ms",
		Short:     true,
		CPU:       []int{1, 2, 4, 8},
		Timeout:   10 * time.Minute,
	},
	"standard": {
		Name:      "standard",
		Summary:   "every benchmark's full sweep in 10 rounds of fresh processes (10 samples of 15ms per configuration), so every row has a confidence interval; 8 to 12 minutes on 2 cores (results/replication.md)",
		Count:     10,
		Benchtime: "15ms",
		Short:     false,
		CPU:       []int{1, 2, 4, 8},
		Timeout:   30 * time.Minute,
	},
	"full": {
		Name:      "full",
		Summary:   "a serious run for a dedicated machine: 10 samples of 250ms per configuration, well over an hour on 2 cores",
		Count:     10,
		Benchtime: "250ms",
		Short:     false,
		CPU:       []int{1, 2, 4, 8},
		Timeout:   0,
	},
}

// Lookup returns the profile called name, or an error listing the
// known ones.
func Lookup(name string) (Profile, error) {
	p, ok := All[name]
	if !ok {
		return Profile{}, fmt.Errorf("unknown profile %q (want one of %s)", name, strings.Join(Names(), ", "))
	}
	return p, nil
}

// Names returns the names of the known profiles, quickest first.
func Names() []string {
	var names []string
	for n := range All {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return All[names[i]].cost() < All[names[j]].cost()
	})
	return names
}

// cost orders profiles by how long they take.
func (p Profile) cost() float64 {
	d, err := time.ParseDuration(p.Benchtime)
	if err != nil {
		d = time.Second
	}
	c := float64(p.Count) * d.Seconds()
	if p.Short {
		c /= 10
	}
	return c
}
