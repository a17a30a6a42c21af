// Package findings decides what a built report.Report claims about each
// of its machines (Analyze): the winner of each workload, scaling with
// GOMAXPROCS and its Universal Scalability Law fit, the goroutine cost
// claims, and the findings its summary states (crossovers and sweep
// ends), so that package render only words them.
//
// A winner is the best implementation of a workload when it beats the
// runner-up significantly after the correction compare uses (a false
// discovery rate over the report's families, then their workloads) and
// beyond the threshold (5%): its samples made 5% worse still beat the
// runner-up's, at the same cutoff. Otherwise the report says "not shown
// beyond the threshold", "no significant winner", or, when the samples are
// too few for any test to reach significance, "1 sample each: no test";
// never "a tie". The summary's other claims (where one implementation starts
// or stops beating another, what a sweep buys) are held to the same cutoff
// and threshold, and a crossover is told once.
//
// The Universal Scalability Law fit is read only when its R² is at least
// 0.9; a fit whose σ is above 1, or that would need σ or κ below 0, is
// flagged as outside the model; a peak below N = 1 is "does not scale". The
// fit needs four GOMAXPROCS settings within the CPU count, so it is not
// attempted on a 2-CPU machine, and the report says so.
package findings
