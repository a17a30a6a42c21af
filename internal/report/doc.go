// Package report turns Go benchmark result files into answers: per-family
// tables of medians with confidence intervals, the winning implementation
// of each workload and how sure we are, scaling with GOMAXPROCS (with a
// Universal Scalability Law fit from package usl where the data allow),
// and the goroutine cost claims. Package render writes a Report, opening
// with its one-screen summary; package charts draws its charts; package
// across arranges a comparison along a key such as go-version.
//
// Reading streams through results.Scan; grouping and filtering use
// benchproc; summaries and tests use benchmath exactly as benchstat does,
// so a cell's center and interval are the ones `go tool benchstat` prints
// for the same samples.
//
// Results are kept apart by kind of machine (MachineKeys); within one,
// benchmarks of the same name from different packages (the pkg key), or
// from results whose file configuration differs in any other key (a
// "note:", the commit, the Go version, the date of the run), are kept
// apart as benchstat keeps them in separate tables. Options.Ignore pools
// the values of a key (as benchstat's -ignore): the samples of one
// benchmark are then pooled, and when the pooled values differ in a key of
// PoolWarnKeys (the Go version, the commit, the machine's name), the
// report warns and lists them.
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
//
// Memory follows the rows, not the result lines: each file is streamed and
// only each benchmark's samples are kept, as numbers, with repeated texts
// shared (scripts/report-memory.sh measures it, results/report-memory.txt).
package report
