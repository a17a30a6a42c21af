package runner

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/syncbench/syncbench/internal/benchre"
)

// executeRounds runs a cross-release run (see Run): o.Count rounds in
// which every top-level benchmark runs once under each binary in bins,
// built by the Go releases versions, starting each time at the next binary
// of the rotation. It stops at the first failure or when ctx is done.
func executeRounds(ctx context.Context, bins, versions []string, pkgDir string, o Options, pattern benchre.Pattern, tops []string, st *stream, rep *Report) error {
	one := o
	one.Count = 1
	n := len(bins)
	runs, total := 0, o.Count*len(tops)*n
	t0 := time.Now()
	for r := range o.Count {
		for i, top := range tops {
			for k := range n {
				if ctx.Err() != nil {
					return nil
				}
				j := (k + r + i) % n
				st.prog.println(fmt.Sprintf("[round %d/%d, %d/%d runs, %s] %s under %s",
					r+1, o.Count, runs, total, time.Since(t0).Round(time.Second), top, versions[j]))
				st.config("go-version", versions[j])
				t1 := time.Now()
				err := executeOne(ctx, bins[j], pkgDir, testArgs(one, pattern.ForTop(top)), st)
				rep.Times = append(rep.Times, TopTime{top + " (" + versions[j] + ")", time.Since(t1)})
				if err != nil {
					return fmt.Errorf("%v (built with %s)", err, versions[j])
				}
				runs++
			}
		}
	}
	return nil
}

// roundProgress is the progress of a cross-release run: executeRounds
// prints a line as each run starts; results are only counted.
type roundProgress struct {
	mu      sync.Mutex
	w       io.Writer
	results int
}

func (p *roundProgress) top(int, string)           {}
func (p *roundProgress) running(string)            {}
func (p *roundProgress) result(r *benchfmt.Result) { p.mu.Lock(); p.results++; p.mu.Unlock() }
func (p *roundProgress) done(bool)                 {}
func (p *roundProgress) println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, line)
}
