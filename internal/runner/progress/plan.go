// Package progress shows a run's progress on stderr while syncbench run
// measures: a Plan counts the runs of the rounds done and estimates the
// time left, and a Reporter shows it, as a live bar on a terminal
// (NewBar) or as plain lines for a log (NewPlain).
package progress

import (
	"strconv"
	"time"

	"github.com/syncbench/syncbench/internal/rounds"
)

// Plan counts a run's progress in runs (processes of the rounds, see
// package rounds) done of those in all rounds, and estimates the time
// left: in the first round at the pace of the runs so far (their order is
// shuffled, so the pace so far is that of the whole round), later from
// each unit's time in the round before. While calibrating it counts the
// top-level benchmarks. It is not safe for concurrent use.
type Plan struct {
	tops   int
	calib  int // top-level benchmarks begun calibrating
	rounds int
	total  int // runs in all rounds; 0 while calibrating
	done   int // runs finished
	round  int
	start  time.Time
	// roundsAt is when the rounds started; stepAt when the current run did.
	roundsAt, stepAt time.Time
	cur              string // group of the current run
	last             map[string]time.Duration
	roundSum         time.Duration // a round's time from last
	doneInRound      time.Duration // of roundSum, the part done this round
	now              func() time.Time
}

// NewPlan returns the plan of a run of tops top-level benchmarks, started
// now.
func NewPlan(tops int) *Plan {
	p := &Plan{tops: tops, last: map[string]time.Duration{}, now: time.Now}
	p.start = p.now()
	return p
}

// Calibrating records that the i-th (from 0) top-level benchmark starts
// calibrating.
func (p *Plan) Calibrating(i int) { p.calib = i + 1 }

// Step records that a run starts, and ends the one before it.
func (p *Plan) Step(st rounds.Step) {
	p.finish()
	now := p.now()
	if p.total == 0 {
		p.roundsAt = now
		p.total, p.rounds = st.Total, st.Rounds
	}
	if st.Round != p.round {
		p.round = st.Round
		if st.Round > 1 {
			p.roundSum, p.doneInRound = 0, 0
			for _, d := range p.last {
				p.roundSum += d
			}
		}
	}
	p.done = st.Done
	p.stepAt = now
	p.cur = key(st.Unit)
}

// finish ends the current run, if any.
func (p *Plan) finish() {
	if p.cur == "" {
		return
	}
	d := p.now().Sub(p.stepAt)
	if p.round > 1 {
		p.doneInRound += p.last[p.cur]
	}
	p.last[p.cur] = d
	p.done++
	p.cur = ""
}

// key identifies a unit across rounds.
func key(u rounds.Unit) string {
	return strconv.Itoa(u.Side) + " " + u.Bench + " " + strconv.Itoa(u.CPU)
}

// progress returns the runs done and the runs in all rounds (0 while
// calibrating).
func (p *Plan) progress() (done, total int) { return p.done, p.total }

// left estimates the time left; ok is false until there is a pace.
func (p *Plan) left() (d time.Duration, ok bool) {
	if p.total == 0 || p.done == 0 {
		return 0, false
	}
	if p.round <= 1 {
		pace := p.now().Sub(p.roundsAt) / time.Duration(p.done)
		return pace * time.Duration(p.total-p.done), true
	}
	d = max(p.roundSum-p.doneInRound, 0) + time.Duration(p.rounds-p.round)*p.roundSum
	if p.cur != "" {
		d -= min(p.now().Sub(p.stepAt), p.last[p.cur])
	}
	return max(d, 0), true
}

// status is the progress in one short phrase, such as
// "round 2/6, run 1500/7872, 3m20s, about 9m10s left", or while
// calibrating "calibrating 3/11, 40s".
func (p *Plan) status() string {
	elapsed := p.now().Sub(p.start).Round(time.Second)
	if p.total == 0 {
		return "calibrating " + strconv.Itoa(p.calib) + "/" + strconv.Itoa(p.tops) + ", " + elapsed.String()
	}
	s := "round " + strconv.Itoa(max(p.round, 1)) + "/" + strconv.Itoa(p.rounds) +
		", run " + strconv.Itoa(p.done) + "/" + strconv.Itoa(p.total) + ", " + elapsed.String()
	if d, ok := p.left(); ok {
		s += ", about " + RoundDuration(d).Round(time.Second).String() + " left"
	}
	return s
}

// RoundDuration rounds d for display: to 10ms under 10s, else to 1s.
func RoundDuration(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Second)
}
