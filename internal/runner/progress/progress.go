package progress

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

	"github.com/syncbench/syncbench/internal/rounds"
)

// A Reporter reports a run's progress on stderr: the calibration, then
// the runs of the rounds done of those in all rounds, with an estimate of
// the time left (see plan). Methods are safe for concurrent use.
type Reporter interface {
	// Calibrating is called when the i-th (from 0) top-level benchmark
	// starts calibrating on the side labelled side ("" for a run of one
	// side).
	Calibrating(i int, top, side string)
	// Step is called as each run of the rounds starts; side labels its
	// side as calibrating's does.
	Step(st rounds.Step, side string)
	// Running is called with the name of the benchmark the test binary
	// has started (the full name with its -procs suffix).
	Running(name string)
	// Result is called for each result line written to the file.
	Result(r *benchfmt.Result)
	// Println prints a line of diagnostics (benchmark log output, a
	// warning) without garbling the progress display.
	Println(line string)
	// Done ends the progress display; complete says whether the run
	// ended normally. The summary follows it.
	Done(complete bool)
}

// plainProgress writes, for logs, a line as each top-level benchmark
// starts calibrating, a line as each round starts, and a line for each
// configuration (of each side) once all its samples are in, with their
// median.
type plainProgress struct {
	mu     sync.Mutex
	w      io.Writer
	c      *Plan
	side   string
	rounds int
	groups map[string]*group
}

// group is the samples of one configuration on one side so far.
type group struct {
	samples int
	unit    string    // first unit of its results
	values  []float64 // its values in that unit
}

// NewPlain returns a Reporter writing plain lines to w, for a log.
func NewPlain(w io.Writer, c *Plan) Reporter {
	return newPlain(w, c)
}

func newPlain(w io.Writer, c *Plan) *plainProgress {
	return &plainProgress{w: w, c: c, groups: map[string]*group{}}
}

func (p *plainProgress) Calibrating(i int, top, side string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.Calibrating(i)
	if side != "" {
		top += " under " + side
	}
	fmt.Fprintf(p.w, "[%s] calibrating %s\n", p.c.status(), top)
}

func (p *plainProgress) Step(st rounds.Step, side string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	newRound := st.Round != p.c.round
	p.c.Step(st)
	p.side, p.rounds = side, st.Rounds
	if newRound && st.Rounds > 1 {
		fmt.Fprintf(p.w, "[%s] round %d of %d: %d runs in a new order\n", p.c.status(), st.Round, st.Rounds, st.Total/st.Rounds)
	}
}

func (p *plainProgress) Running(name string) {}

func (p *plainProgress) Result(r *benchfmt.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	name := "Benchmark" + string(r.Name)
	if p.side != "" {
		name += " under " + p.side
	}
	g := p.groups[name]
	if g == nil {
		g = &group{}
		if len(r.Values) > 0 {
			g.unit = r.Values[0].Unit
		}
		p.groups[name] = g
	}
	for _, v := range r.Values {
		if v.Unit == g.unit {
			g.values = append(g.values, v.Value)
		}
	}
	g.samples++
	if g.samples == max(p.rounds, 1) {
		p.print(name, g)
	}
}

// print prints the line of a configuration.
func (p *plainProgress) print(name string, g *group) {
	samples := "1 sample"
	if g.samples != 1 {
		samples = fmt.Sprintf("%d samples", g.samples)
	}
	median := ""
	if len(g.values) > 0 {
		m, _ := stats.Median(g.values)
		median = ", median " + benchunit.Scale(m, benchunit.ClassOf(g.unit))
		if g.unit == "sec/op" {
			median += "s/op"
		} else {
			median += " " + g.unit
		}
	}
	fmt.Fprintf(p.w, "[%s] %s: %s%s\n", p.c.status(), name, samples, median)
}

func (p *plainProgress) Println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, line)
}

func (p *plainProgress) Done(complete bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.finish()
}

// barProgress is the live display on a terminal: a progress bar over the
// configurations, the counts, the time left and the benchmark running,
// refreshed every second.
type barProgress struct {
	mu      sync.Mutex
	bar     *progressbar.ProgressBar
	c       *Plan
	max     int
	current string
	width   int
	stop    chan struct{}
	stopped chan struct{}
}

// NewBar returns a Reporter drawing a live progress bar of width columns
// on the terminal w.
func NewBar(w io.Writer, c *Plan, width int) Reporter {
	return newBar(w, c, width)
}

func newBar(w io.Writer, c *Plan, width int) *barProgress {
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
// Running benchmark, whose name is shortened at its end to fit the
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

func (p *barProgress) Calibrating(i int, top, side string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.Calibrating(i)
	p.current = "calibrating " + top
	if side != "" {
		p.current += " under " + side
	}
	p.describe()
}

func (p *barProgress) Step(st rounds.Step, side string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.c.Step(st)
	p.current = st.Unit.Top
	if st.Unit.Name != "" {
		p.current = "Benchmark" + st.Unit.Name
	}
	if side != "" {
		p.current += " under " + side
	}
	p.describe()
}

func (p *barProgress) Running(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = name
	p.describe()
}

func (p *barProgress) Result(r *benchfmt.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.describe()
}

func (p *barProgress) Println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Clear()
	progressbar.Bprintln(p.bar, line)
	p.describe()
}

func (p *barProgress) Done(complete bool) {
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Clear()
	p.bar.Exit()
}
