// Package build reads Go benchmark result files (Load) and builds the
// report.Report of them (Report), whose findings package findings
// decides.
//
// Reading streams through results.Scan; grouping and filtering use
// benchproc; summaries use benchmath exactly as benchstat does, so a
// cell's center and interval are the ones `go tool benchstat` prints for
// the same samples.
//
// Results are kept apart by kind of machine (report.MachineKeys); within
// one, benchmarks of the same name from different packages (the pkg key),
// or from results whose file configuration differs in any other key (a
// "note:", the commit, the Go version, the date of the run), are kept
// apart as benchstat keeps them in separate tables. Options.Ignore pools
// the values of a key (as benchstat's -ignore): the samples of one
// benchmark are then pooled, and when the pooled values differ in a key of
// PoolWarnKeys (the Go version, the commit, the machine's name), the
// report warns and lists them.
//
// Memory follows the rows, not the result lines: each file is streamed and
// only each benchmark's samples are kept, as numbers, with repeated texts
// shared; Report moves them into the report.Report as it goes, so that the
// Input and the Report are not held whole at once
// (scripts/report-memory.sh measures it, results/report-memory.txt).
package build
