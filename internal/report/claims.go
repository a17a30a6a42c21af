package report

import (
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"
)

// The figures people usually quote about goroutines, set next to the
// measured ones.
const (
	// QuotedStackBytes is the initial goroutine stack (2 KiB since Go 1.4),
	// behind "a goroutine costs a few KB".
	QuotedStackBytes = 2048
	// QuotedMemoryClaim and QuotedSpawnClaim are the claims as usually worded.
	QuotedMemoryClaim = "a goroutine costs a few KB (2 KiB initial stack), so a machine holds millions"
	QuotedSpawnClaim  = "starting a goroutine is cheap: well under a microsecond"
)

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
	// VsQuoted is Bytes / QuotedStackBytes.
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

// claims collects the goroutine measurements of a machine, or nil if
// there are none.
func claims(m *Machine) *Claims {
	c := &Claims{QuotedMemory: QuotedMemoryClaim, QuotedSpawn: QuotedSpawnClaim}
	var ns, totals []float64
	for _, f := range m.Families {
		isSpawn := strings.Contains(strings.ToLower(f.Name), "spawn")
		for _, b := range f.Benchmarks {
			if s := b.Stat(MemoryUnit); s != nil {
				size := b.Get("n")
				if size == "" {
					size = b.Get("goroutines")
				}
				c.Memory = append(c.Memory, MemoryClaim{Name: b.Name, Size: size, Procs: b.Procs,
					Bytes: s.Center, CI: s.CI, VsQuoted: s.Center / QuotedStackBytes, MillionGiB: s.Center * 1e6 / (1 << 30)})
				if n, ok := Number(size); ok && n > 0 {
					ns, totals = append(ns, n), append(totals, n*s.Center)
				}
			}
			if s := b.Stat(TimeUnit); isSpawn && s != nil && s.Center > 0 {
				c.Spawn = append(c.Spawn, SpawnClaim{Name: b.Name, Dims: b.Dims, Procs: b.Procs,
					NsOp: s.Center * 1e9, CI: s.CI, PerSecond: 1 / s.Center})
			}
		}
	}
	if len(ns) >= 2 && slices.Min(ns) != slices.Max(ns) {
		_, c.MarginalBytes = stat.LinearRegression(ns, totals, nil, false)
	}
	if len(c.Memory) == 0 && len(c.Spawn) == 0 {
		return nil
	}
	return c
}
