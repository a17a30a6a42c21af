// Package report is what `syncbench report` says about a set of Go
// benchmark result files, as data: per kind of machine, per-family
// tables of medians with confidence intervals, the winning implementation
// of each workload and how sure we are, scaling with GOMAXPROCS (with a
// Universal Scalability Law fit from package usl where the data allow),
// the goroutine cost claims, and the findings the summary states.
//
// Package build reads results files and builds a Report; package
// findings decides its winners, scaling, claims and findings; package
// render writes it, opening with its one-screen summary; package charts
// draws its charts; package across arranges a comparison along a key such
// as go-version.
//
// A cell's center and interval are those benchmath computes, as `go tool
// benchstat` prints them for the same samples; a Stat keeps its samples
// (sorted) for the tests that findings runs (Family.Compare).
//
// Results are kept apart by kind of machine (MachineKeys); within one,
// benchmarks of the same name from different packages (PkgKey), or from
// results whose file configuration differs in any other key, are
// separate families (FamilyShape.Config), as benchstat keeps them in
// separate tables.
//
// Memory follows the rows, not the result lines: a Report keeps each
// benchmark's samples as numbers, families of equal shape (of one
// benchmark each, or of the same values along the same keys) share one
// FamilyShape, and a family of one benchmark keeps no list of values of
// its own (Families makes them so).
package report
