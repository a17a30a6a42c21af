package report

import "github.com/syncbench/syncbench/internal/usl"

// Scaling is how one benchmark's time per operation changes with
// GOMAXPROCS, against GOMAXPROCS=1.
type Scaling struct {
	Family string       `json:"family"`
	Dims   []KV         `json:"dims"`
	Unit   string       `json:"unit"`
	Points []ScalePoint `json:"points"`
	// USL is the Universal Scalability Law fit, when at least
	// findings.MinUSLPoints GOMAXPROCS values lie within the machine's
	// CPUs.
	USL *usl.Model `json:"usl,omitempty"`
}

// ScalePoint is one GOMAXPROCS setting of a Scaling.
type ScalePoint struct {
	Procs  int     `json:"gomaxprocs"`
	Center float64 `json:"center"`
	CI     string  `json:"ci"`
	// Speedup is throughput relative to GOMAXPROCS=1 (time at 1 over time here).
	Speedup float64 `json:"speedup"`
	// Efficiency is Speedup / GOMAXPROCS.
	Efficiency float64 `json:"efficiency"`
	// TimeSliced marks GOMAXPROCS above the machine's CPU count: the
	// threads share CPUs, so this is not parallelism.
	TimeSliced bool `json:"time_sliced"`
}
