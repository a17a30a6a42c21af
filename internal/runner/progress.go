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

// A progress reports a run's progress on stderr. Its unit of progress is
// the top-level benchmark function, each run by its own process of the
// test binary: the total is known before the run (from -test.list), while
// the number of sub-benchmarks is only known once a function has run
// them. Methods are safe for concurrent use.
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

// counter keeps what both displays show: the top-level benchmarks done,
// the results written, and the start time.
type counter struct {
	total, done, results int
	start                time.Time
}

func newCounter(total int) counter {
	return counter{total: total, start: time.Now()}
}

// plainProgress writes one line per finished benchmark (a benchmark name
// with its -procs suffix, after all its -count samples), for logs.
type plainProgress struct {
	mu      sync.Mutex
	w       io.Writer
	count   int // samples per benchmark
	c       counter
	name    string // benchmark of the pending group
	samples int
	unit    string    // first unit of the group's results
	values  []float64 // the group's values in that unit
}

func newPlainProgress(w io.Writer, total, count int) *plainProgress {
	return &plainProgress{w: w, count: count, c: newCounter(total)}
}

func (p *plainProgress) top(i int, name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flush()
	p.c.done = i
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
	p.c.results++
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
	fmt.Fprintf(p.w, "[%d/%d benchmarks, %d results, %s] %s: %s%s\n",
		p.c.done, p.c.total, p.c.results, time.Since(p.c.start).Round(time.Second),
		p.name, samples, median)
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
	if complete {
		p.c.done = p.c.total
	}
	p.flush()
}

// barProgress is the live display on a terminal: a progress bar over the
// top-level benchmarks with the count done, the total, the benchmark
// running and the time left, refreshed every second.
type barProgress struct {
	mu      sync.Mutex
	bar     *progressbar.ProgressBar
	c       counter
	current string
	width   int
	stop    chan struct{}
	stopped chan struct{}
}

func newBarProgress(w io.Writer, total, width int) *barProgress {
	if width <= 0 {
		width = 100
	}
	p := &barProgress{
		c:       newCounter(total),
		width:   width,
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetWidth(20),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
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

// describe sets the bar's description to the running benchmark,
// shortened from the left to fit the terminal. Called with p.mu held.
func (p *barProgress) describe() {
	desc := fmt.Sprintf("benchmarks, %d results", p.c.results)
	if p.current != "" {
		desc += " · " + strings.TrimPrefix(p.current, "Benchmark")
	}
	// The bar, the count and the times take about 60 columns.
	if room := p.width - 62; room > 10 && len([]rune(desc)) > room {
		r := []rune(desc)
		desc = "…" + string(r[len(r)-room+1:])
	}
	p.bar.Describe(desc)
}

func (p *barProgress) top(i int, name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.done = i
	p.current = name
	p.bar.Set(i)
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
	p.c.results++
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
