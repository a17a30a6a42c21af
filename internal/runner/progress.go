package runner

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/montanaflynn/stats"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// A progress reports a run's progress on stderr, in configurations
// (benchmark names with their -procs suffix) done of those expected, with
// an estimate of the time left (see plan). Methods are safe for
// concurrent use.
type progress interface {
	// top is called when the i-th (from 0) top-level benchmark starts:
	// i of them are done.
	top(i int, name string)
	// running is called with the name of the benchmark the test binary
	// has started (the full name with its -procs suffix).
	running(name string)
	// result is called for each result line written to the file.
	result(r *benchfmt.Result)
	// println prints a line of diagnostics (benchmark log output, a
	// warning) without garbling the progress display.
	println(line string)
	// done ends the progress display; complete says whether the run
	// ended normally. The summary follows it.
	done(complete bool)
}

// plainProgress writes one line per finished benchmark (a benchmark name
// with its -procs suffix, after all its -count samples), for logs.
type plainProgress struct {
	mu      sync.Mutex
	w       io.Writer
	count   int // samples per benchmark
	c       *plan
	name    string // benchmark of the pending group
	samples int
	unit    string    // first unit of the group's results
	values  []float64 // the group's values in that unit
}

func newPlainProgress(w io.Writer, c *plan, count int) *plainProgress {
	return &plainProgress{w: w, count: count, c: c}
}

func (p *plainProgress) top(i int, name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flush()
	p.c.startTop(i)
}

func (p *plainProgress) running(name string) {}

func (p *plainProgress) result(r *benchfmt.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	name := "Benchmark" + string(r.Name)
	if name != p.name {
		p.flush()
		p.name = name
		p.samples = 0
		p.unit, p.values = "", nil
		if len(r.Values) > 0 {
			p.unit = r.Values[0].Unit
		}
	}
	for _, v := range r.Values {
		if v.Unit == p.unit {
			p.values = append(p.values, v.Value)
		}
	}
	p.c.result(name)
	p.samples++
	if p.samples >= p.count {
		p.flush()
	}
}

// flush prints the line of the pending group.
func (p *plainProgress) flush() {
	if p.name == "" {
		return
	}
	samples := "1 sample"
	if p.samples != 1 {
		samples = fmt.Sprintf("%d samples", p.samples)
	}
	median := ""
	if len(p.values) > 0 {
		m, _ := stats.Median(p.values)
		median = ", median " + benchunit.Scale(m, benchunit.ClassOf(p.unit))
		if p.unit == "sec/op" {
			median += "s/op"
		} else {
			median += " " + p.unit
		}
	}
	fmt.Fprintf(p.w, "[%s] %s: %s%s\n", p.c.status(), p.name, samples, median)
	p.name = ""
}

func (p *plainProgress) println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, line)
}

func (p *plainProgress) done(complete bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flush()
}

// barProgress is the live display on a terminal: a progress bar over the
// configurations, the counts, the time left and the benchmark running,
// refreshed every second.
type barProgress struct {
	mu      sync.Mutex
	bar     *progressbar.ProgressBar
	c       *plan
	max     int
	current string
	width   int
	stop    chan struct{}
	stopped chan struct{}
}

func newBarProgress(w io.Writer, c *plan, width int) *barProgress {
	if width <= 0 {
		width = 100
	}
	_, total := c.progress()
	if total == 0 {
		total = -1 // unknown: a spinner until it is
	}
	p := &barProgress{
		c:       c,
		max:     total,
		width:   width,
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetWidth(20),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionSetDescription("starting"),
	)
	go p.tick()
	return p
}

// tick redraws the bar every second, so the elapsed time and the estimate
// move while a long benchmark runs.
func (p *barProgress) tick() {
	defer close(p.stopped)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.describe()
			p.mu.Unlock()
		}
	}
}

// describe sets the bar's description: the counts, the time left and the
// running benchmark, whose name is shortened at its end to fit the
// terminal. Called with p.mu held.
func (p *barProgress) describe() {
	if done, total := p.c.progress(); total > 0 {
		if total != p.max {
			p.max = total
			p.bar.ChangeMax(total)
		}
		p.bar.Set(done)
	}
	desc := p.c.status()
	if p.current != "" {
		desc += " · " + strings.TrimPrefix(p.current, "Benchmark")
	}
	// The bar and its percentage take about 30 columns.
	if room := p.width - 30; room > 10 && len([]rune(desc)) > room {
		desc = string([]rune(desc)[:room-1]) + "…"
	}
	p.bar.Describe(desc)
}

func (p *barProgress) top(i int, name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.startTop(i)
	p.current = name
	p.describe()
}

func (p *barProgress) running(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = name
	p.describe()
}

func (p *barProgress) result(r *benchfmt.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.result("Benchmark" + string(r.Name))
	p.describe()
}

func (p *barProgress) println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Clear()
	progressbar.Bprintln(p.bar, line)
	p.describe()
}

func (p *barProgress) done(complete bool) {
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Clear()
	p.bar.Exit()
}
