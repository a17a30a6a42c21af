package findings

import (
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"

	"github.com/syncbench/syncbench/internal/report"
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

// claims collects the goroutine measurements of a machine, or nil if
// there are none.
func claims(m *report.Machine) *report.Claims {
	c := &report.Claims{QuotedMemory: QuotedMemoryClaim, QuotedSpawn: QuotedSpawnClaim}
	var ns, totals []float64
	for _, f := range m.Families {
		isSpawn := strings.Contains(strings.ToLower(f.Name), "spawn")
		for _, b := range f.Benchmarks {
			if s := b.Stat(report.MemoryUnit); s != nil {
				size := b.Get("n")
				if size == "" {
					size = b.Get("goroutines")
				}
				c.Memory = append(c.Memory, report.MemoryClaim{Name: b.Name, Size: size, Procs: b.Procs,
					Bytes: s.Center, CI: s.CI, VsQuoted: s.Center / QuotedStackBytes, MillionGiB: s.Center * 1e6 / (1 << 30)})
				if n, ok := report.Number(size); ok && n > 0 {
					ns, totals = append(ns, n), append(totals, n*s.Center)
				}
			}
			if s := b.Stat(report.TimeUnit); isSpawn && s != nil && s.Center > 0 {
				c.Spawn = append(c.Spawn, report.SpawnClaim{Name: b.Name, Dims: b.Dims, Procs: b.Procs,
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
