#!/usr/bin/env bash
# report-speed.sh: time `syncbench report -format text` (no plots) against
# `go tool benchstat` on the same generated results file of a million
# result lines, and print the medians and their ratio.
#
#   scripts/report-speed.sh [LINES] [REPS]     (defaults 1000000 and 5)
#
# The file is generated, not measured: 10,000 benchmarks
# (impl × goroutines × work × GOMAXPROCS) with LINES/10,000 samples each,
# two metrics per line, in the shape `syncbench run` writes. Both tools are
# built once and run alternately, output to /dev/null; the times are wall
# clock, from date(1) before and after.
set -euo pipefail

lines=${1:-1000000}
reps=${2:-5}
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/syncbench" ./cmd/syncbench
go build -o "$tmp/benchstat" golang.org/x/perf/cmd/benchstat

awk -v lines="$lines" 'BEGIN {
	srand(1)
	print "goos: linux"; print "goarch: amd64"; print "pkg: example/speed"
	print "cpu: Generated CPU"; print "ncpu: 8"
	print "Unit fairness better=higher"
	split("mutex rwmutex atomic sharded channel", impl, " ")
	split("1 2 4 8", procs, " ")
	nb = 5 * 10 * 50 * 4
	samples = int(lines / nb); if (samples < 1) samples = 1
	n = 0
	for (s = 0; s < samples; s++)
	for (i = 1; i <= 5; i++)
	for (g = 0; g < 10; g++)
	for (w = 0; w < 50; w++)
	for (p = 1; p <= 4; p++) {
		if (n++ >= lines) exit
		suffix = procs[p] == 1 ? "" : "-" procs[p]
		ns = (10 + i * 3 + g * 2 + w) * (1 + 0.05 * rand())
		printf "BenchmarkCounter/impl=%s/goroutines=%d/work=%d%s\t1000000\t%.2f ns/op\t%.4f fairness\n", impl[i], 2^g, w * 10, suffix, ns, 0.9 + 0.1 * rand()
	}
}' > "$tmp/results.txt"
echo "generated $(grep -c '^Benchmark' "$tmp/results.txt") result lines ($(du -h "$tmp/results.txt" | cut -f1))"

# seconds runs its arguments once and prints the wall time in seconds.
seconds() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

: > "$tmp/report.times"
: > "$tmp/benchstat.times"
for ((i = 1; i <= reps; i++)); do
	seconds "$tmp/syncbench" report -format text "$tmp/results.txt" >> "$tmp/report.times"
	seconds "$tmp/benchstat" "$tmp/results.txt" >> "$tmp/benchstat.times"
done
r=$(median < "$tmp/report.times")
b=$(median < "$tmp/benchstat.times")
echo "syncbench report -format text: median ${r}s of $reps ($(tr '\n' ' ' < "$tmp/report.times"))"
echo "go tool benchstat:             median ${b}s of $reps ($(tr '\n' ' ' < "$tmp/benchstat.times"))"
awk -v r="$r" -v b="$b" 'BEGIN { printf "ratio report/benchstat = %.2f (below 1: report is faster)\n", r / b }'
