package runner

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"
)

// plan counts a run's progress in configurations (benchmark names with
// their -procs suffix) and estimates the time left from the time each
// top-level benchmark has taken per configuration so far. The number of
// configurations a top-level benchmark runs is known only once it has
// run; until then it is taken from an earlier results file of the same
// selection, when there is one. It is not safe for concurrent use.
type plan struct {
	tops    []string
	expect  []int  // configurations expected per top-level benchmark; 0: unknown
	configs []int  // configurations seen per top-level benchmark
	ran     []bool // the top-level benchmark has run to its end
	cur     int
	names   map[string]bool
	results int
	start   time.Time
	topAt   time.Time
	now     func() time.Time
}

func newPlan(tops []string, expect map[string]int) *plan {
	p := &plan{tops: tops, expect: make([]int, len(tops)), configs: make([]int, len(tops)), ran: make([]bool, len(tops)), names: map[string]bool{}, now: time.Now}
	for i, t := range tops {
		p.expect[i] = expect[t]
	}
	p.start = p.now()
	p.topAt = p.start
	return p
}

// startTop records that the i-th top-level benchmark starts: those before
// it are done, and their real configuration counts replace the expected.
func (p *plan) startTop(i int) {
	p.finishTop()
	p.cur, p.topAt = i, p.now()
}

func (p *plan) finishTop() {
	if p.cur < len(p.tops) && p.configs[p.cur] > 0 {
		p.expect[p.cur] = p.configs[p.cur]
		p.ran[p.cur] = true
	}
}

// result counts one result line.
func (p *plan) result(name string) {
	p.results++
	if !p.names[name] {
		p.names[name] = true
		p.configs[p.cur]++
	}
}

// progress returns the configurations begun and, when every top-level
// benchmark's count is known or estimated, their total (else 0).
func (p *plan) progress() (done, total int) {
	for i := range p.tops {
		done += p.configs[i]
		n := max(p.expect[i], p.configs[i])
		if p.expect[i] == 0 && !p.ran[i] {
			total = -1
		}
		if total >= 0 {
			total += n
		}
	}
	return done, max(total, 0)
}

// left estimates the time left: the current top-level benchmark's
// remaining configurations at its own pace so far, and the later ones at
// the pace of the whole run so far. ok is false until there is a pace.
func (p *plan) left() (d time.Duration, ok bool) {
	done, total := p.progress()
	if total == 0 || done == 0 {
		return 0, false
	}
	pace := p.now().Sub(p.start) / time.Duration(done)
	if c := p.configs[p.cur]; c > 0 {
		cur := p.now().Sub(p.topAt) / time.Duration(c)
		d += cur * time.Duration(max(p.expect[p.cur]-c, 0))
	}
	for i := p.cur + 1; i < len(p.tops); i++ {
		d += pace * time.Duration(p.expect[i])
	}
	return d, true
}

// status is the progress in one short phrase, such as
// "config 123/1136, benchmark 2/11, 1m20s, about 5m10s left".
func (p *plan) status() string {
	done, total := p.progress()
	elapsed := p.now().Sub(p.start).Round(time.Second)
	if total == 0 {
		return "benchmark " + strconv.Itoa(min(p.cur+1, len(p.tops))) + "/" + strconv.Itoa(len(p.tops)) +
			", " + strconv.Itoa(done) + " configs, " + elapsed.String()
	}
	s := "config " + strconv.Itoa(done) + "/" + strconv.Itoa(total) +
		", benchmark " + strconv.Itoa(min(p.cur+1, len(p.tops))) + "/" + strconv.Itoa(len(p.tops)) + ", " + elapsed.String()
	if d, ok := p.left(); ok {
		s += ", about " + roundDuration(d).Round(time.Second).String() + " left"
	}
	return s
}

// procsSuffix matches the -procs suffix of a benchmark name.
var procsSuffix = regexp.MustCompile(`-([0-9]+)$`)

// expectedConfigs reads the configurations per top-level benchmark from
// the newest results file matching glob (a few are tried) that ran every
// benchmark of tops at exactly the GOMAXPROCS values cpu; nil when none did.
func expectedConfigs(glob string, tops []string, cpu []int) map[string]int {
	files, _ := filepath.Glob(glob)
	slices.SortFunc(files, func(a, b string) int { return strings.Compare(filepath.Base(b), filepath.Base(a)) })
	want := slices.Clone(cpu)
	slices.Sort(want)
	for i, f := range files {
		if i == 5 {
			break
		}
		if n := configsIn(f, want); n != nil && coversAll(n, tops) {
			return n
		}
	}
	return nil
}

func coversAll(n map[string]int, tops []string) bool {
	for _, t := range tops {
		if n[t] == 0 {
			return false
		}
	}
	return true
}

// configsIn counts the distinct benchmark names per top-level benchmark in
// a results file, or returns nil when its GOMAXPROCS values are not cpu.
func configsIn(file string, cpu []int) map[string]int {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	seen := map[string]bool{}
	n := map[string]int{}
	var procs []int
	r := benchfmt.NewReader(f, file)
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		name := "Benchmark" + string(res.Name)
		if seen[name] {
			continue
		}
		seen[name] = true
		p := 1
		if m := procsSuffix.FindStringSubmatch(name); m != nil {
			p, _ = strconv.Atoi(m[1])
			name = strings.TrimSuffix(name, m[0])
		}
		if !slices.Contains(procs, p) {
			procs = append(procs, p)
		}
		top, _, _ := strings.Cut(name, "/")
		n[top]++
	}
	slices.Sort(procs)
	if !slices.Equal(procs, cpu) {
		return nil
	}
	return n
}
