package report

// Findings are the conclusions of one machine's results that its summary
// states, decided by package findings so that package render only words
// them: per family, the winners at the summary GOMAXPROCS, where one
// implementation stops or starts beating another, and what the main sweep
// changes from its first value to its last.
type Findings struct {
	Families []*FamilyFindings
}

// FamilyFindings are the findings of one family.
type FamilyFindings struct {
	Family *Family
	// Procs is the GOMAXPROCS the findings are at (Family.TopProcs).
	Procs int
	// Unit is the unit decided on (Family.PrimaryUnit).
	Unit string
	// Sweep is the dimension the winners are told along (the main sweep,
	// Family.SweepAxis, else the first numeric dimension), "" when there
	// is none: then each winner is told on its own.
	Sweep string
	// Winners are the family's winners at Procs, in the order decided.
	Winners []*Winner
	// Crossovers are along the first two sweeps, at most
	// findings.MaxCrossoversPerFamily.
	Crossovers []Crossover
	// Ends are the ends of the main sweep, for a family without
	// implementations (unless it measures memory: the goroutine claims
	// speak for those) and for a channel-shaped family (how much the
	// buffer buys its first implementation).
	Ends []SweepEnd
}

// Crossover is a place along a dimension, the others fixed, where one
// implementation stops beating another for good, or starts to.
type Crossover struct {
	// Dims are the other dimensions' values, Procs the GOMAXPROCS.
	Dims  []KV
	Procs int
	// A and B are the implementations: A starts (or stops) beating B.
	A, B string
	// Dim is the dimension swept; From its first value and At the value
	// from which the new state holds to the end.
	Dim, From, At string
	// Starts is true when A starts beating B at At, false when it stops.
	Starts bool
	// Ratio is how many times better A is than B: at At when it starts, at
	// From when it stops.
	Ratio float64
	// Reversed is true when, where A stopped beating B, B beats A, by
	// ReversedRatio.
	Reversed      bool
	ReversedRatio float64
}

// Change says whether the end of a sweep is better or worse than its start.
type Change int

// The changes along a sweep.
const (
	NoGap  Change = iota // no significant gap of the threshold
	Better               // the last value beats the first
	Worse                // the first value beats the last
)

// SweepEnd compares the first and the last value of a sweep, the other
// dimensions fixed.
type SweepEnd struct {
	Dims        []KV
	Procs       int
	Dim         string
	From, To    string
	First, Last *Stat
	Change      Change
	// Ratio is the gap when there is one.
	Ratio float64
}
