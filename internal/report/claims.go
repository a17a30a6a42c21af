package report

// Claims sets the goroutine benchmarks' measurements next to the usual
// claims.
type Claims struct {
	Memory []MemoryClaim `json:"memory,omitempty"`
	// MarginalBytes is the slope of total bytes against goroutine count,
	// by linear regression across sizes: the cost of one more goroutine.
	MarginalBytes float64      `json:"marginal_bytes,omitempty"`
	Spawn         []SpawnClaim `json:"spawn,omitempty"`
	QuotedMemory  string       `json:"quoted_memory"`
	QuotedSpawn   string       `json:"quoted_spawn"`
}

// MemoryClaim is bytes per goroutine at one size.
type MemoryClaim struct {
	Name  string  `json:"name"`
	Size  string  `json:"size"` // the n= (or goroutines=) value
	Procs int     `json:"gomaxprocs"`
	Bytes float64 `json:"bytes_per_goroutine"`
	CI    string  `json:"ci"`
	// VsQuoted is Bytes / findings.QuotedStackBytes.
	VsQuoted float64 `json:"vs_quoted"`
	// MillionGiB is the memory a million such goroutines take, in GiB.
	MillionGiB float64 `json:"million_gib"`
}

// SpawnClaim is the time to start (and finish) one goroutine.
type SpawnClaim struct {
	Name  string  `json:"name"`
	Dims  []KV    `json:"dims"`
	Procs int     `json:"gomaxprocs"`
	NsOp  float64 `json:"ns_per_goroutine"`
	CI    string  `json:"ci"`
	// PerSecond is goroutines started per second at that cost, one at a time.
	PerSecond float64 `json:"per_second"`
}

// MemoryUnit is the metric goroutine memory benchmarks report.
const MemoryUnit = "B/goroutine"
