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
package report
