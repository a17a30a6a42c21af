package profile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/syncbench/syncbench/internal/runner"
)

func TestProfiles(t *testing.T) {
	if got := Names(); !reflect.DeepEqual(got, []string{"quick", "standard", "full"}) {
		t.Errorf("Names() = %v", got)
	}
	for name, p := range All {
		if p.Name != name || p.Count < 1 || runner.CheckBenchtime(p.Benchtime) != nil || len(p.CPU) == 0 {
			t.Errorf("profile %s is malformed: %+v", name, p)
		}
	}
	if p := All[Default]; p.Count < 6 {
		t.Errorf("the default profile has %d samples: no confidence intervals", p.Count)
	}
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), "quick, standard, full") {
		t.Errorf("Lookup(nope) = %v", err)
	}
}
