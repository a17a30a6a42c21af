package bench

import (
	"flag"
	"fmt"
	"math"
	"testing"

	"github.com/syncbench/syncbench/bench/intlist"
)

// intList is a test flag holding a comma-separated list of
// integers, such as -goroutines 1,4,64. Without the flag the defaults apply,
// fewer of them in -short mode.
type intList struct {
	name       string
	def, short []int
	raw        string
	set        bool
	vals       []int
	least      int
	most       int
}

// intLists holds every intList flag, so that TestMain can check them all
// before any benchmark starts.
var intLists []*intList

// intListFlag registers the test flag -name with the defaults def for
// normal runs and short for -short runs, and returns it.
func intListFlag(name string, def, short []int, usage string) *intList {
	l := &intList{name: name, def: def, short: short, most: math.MaxInt}
	flag.Var(l, name, fmt.Sprintf("%s (comma-separated; default %s, %s with -short)", usage, intlist.Format(def), intlist.Format(short)))
	intLists = append(intLists, l)
	return l
}

// String returns the flag's value as given, for the flag package.
func (l *intList) String() string {
	if l == nil {
		return ""
	}
	return l.raw
}

// Set records the flag's value; it is checked by Check, so that a malformed
// value gives one line instead of the flag package's usage text.
func (l *intList) Set(s string) error {
	l.raw, l.set = s, true
	l.vals = nil
	return nil
}

// Check parses the flag's value and reports the first problem.
func (l *intList) Check() error {
	if !l.set {
		return nil
	}
	vals, err := intlist.Parse(l.raw, l.least)
	if err != nil {
		return fmt.Errorf("flag -%s: %v", l.name, err)
	}
	seen := map[int]bool{}
	for _, v := range vals {
		if v > l.most {
			return fmt.Errorf("flag -%s: %d is above the maximum %d", l.name, v, l.most)
		}
		if seen[v] {
			// testing would name the second run "…=4#01", which breaks
			// benchstat's key=value projections.
			return fmt.Errorf("flag -%s: %d appears twice", l.name, v)
		}
		seen[v] = true
	}
	l.vals = vals
	return nil
}

// AtLeast sets the smallest value the flag accepts (0 by default) and
// returns l.
func (l *intList) AtLeast(m int) *intList {
	l.least = m
	return l
}

// AtMost sets the largest value the flag accepts and returns l.
func (l *intList) AtMost(m int) *intList {
	l.most = m
	return l
}

// Values returns the list: the flag's value when set, else the defaults for
// this mode. A set value must have been checked (checkFlags, from TestMain).
func (l *intList) Values() []int {
	if !l.set {
		if testing.Short() {
			return l.short
		}
		return l.def
	}
	return l.vals
}

// checkFlags checks every flag registered with intListFlag and returns the
// first problem.
func checkFlags() error {
	for _, l := range intLists {
		if err := l.Check(); err != nil {
			return err
		}
	}
	return nil
}
