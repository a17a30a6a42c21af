#!/bin/sh
# report-memory.sh: peak memory (maximum resident set size, from
# /usr/bin/time -v) of `syncbench report` (text and json) and `syncbench
# compare` on a generated file of 1,000,000 distinct benchmark names, one
# result line each (about 60 MB), and of `go tool benchstat` on the same
# file for scale.
#
#   scripts/report-memory.sh [NAMES]      (default 1000000)
#
# The file is generated here (not committed), in the shape of an
# unusually wide sweep: BenchmarkGen/impl=I/n=N-8 with 100 implementations.
set -eu

names=${1:-1000000}
cd "$(dirname "$0")/.."
echo "report-memory: $(date -u +%Y-%m-%dT%H:%M:%SZ) load: $(cat /proc/loadavg 2>/dev/null || uptime)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/syncbench" ./cmd/syncbench
go build -o "$tmp/benchstat" golang.org/x/perf/cmd/benchstat

gen() {
	awk -v names="$names" -v seed="$1" 'BEGIN {
		srand(seed)
		print "goos: linux"; print "goarch: amd64"; print "pkg: example/names"
		print "cpu: Generated CPU"; print "ncpu: 8"
		per = int(names / 100); if (per < 1) per = 1
		for (i = 0; i < names; i++)
			printf "BenchmarkGen/impl=i%d/n=%d-8 \t 1000000\t %.2f ns/op\n", i % 100, int(i / 100), 10 + 5 * rand()
	}'
}
gen 1 >"$tmp/old.txt"
gen 2 >"$tmp/new.txt"
echo "input: $names names, $(wc -c <"$tmp/old.txt" | tr -d ' ') bytes"

measure() {
	what=$1
	shift
	code=0
	/usr/bin/time -v "$@" >"$tmp/out" 2>"$tmp/time" || code=$?
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time")
	printf '%-22s peak RSS %7d MB, wall %s, output %s bytes, exit %d\n' "$what" $((rss / 1024)) "$wall" "$(wc -c <"$tmp/out" | tr -d ' ')" "$code"
	if [ "$code" -gt 1 ]; then
		grep -v '^\s' "$tmp/time" | tail -n 3
	fi
}
measure "report -format text" "$tmp/syncbench" report "$tmp/old.txt"
measure "report -format json" "$tmp/syncbench" report -format json "$tmp/old.txt"
measure "compare" "$tmp/syncbench" compare "$tmp/old.txt" "$tmp/new.txt"
measure "benchstat" "$tmp/benchstat" "$tmp/old.txt"
echo "report-memory: done $(date -u +%Y-%m-%dT%H:%M:%SZ) load: $(cat /proc/loadavg 2>/dev/null || uptime)"
