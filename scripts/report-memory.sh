#!/bin/sh
# report-memory.sh: peak memory (maximum resident set size, from
# /usr/bin/time -v) and wall time of `syncbench report` (text and json)
# and `syncbench compare`, with `go tool benchstat` on the same file for
# scale, on two generated shapes of file of ROWS result lines each:
#
#   names     ROWS distinct benchmark names in one family, in the shape
#             of an unusually wide sweep: BenchmarkGen/impl=I/n=N-8 with
#             100 implementations (about 54 MB for a million);
#   families  ROWS distinct top-level benchmarks, one result each:
#             BenchmarkN<i>/impl=x/goroutines=<i%7> (about 57 MB).
#
#   scripts/report-memory.sh [ROWS [SHAPE...]]   (default 1000000 names families)
#
# The files are generated here (not committed). The commands run one at a
# time, so that they do not share the machine with each other. syncbench
# sets a soft memory limit of 768 MiB unless GOMEMLIMIT is set
# (cmd/syncbench/main.go); report text and compare are also measured with
# GOMEMLIMIT=off, the runtime's default, to show what the data structures
# alone come to.
set -eu

rows=${1:-1000000}
[ $# -gt 0 ] && shift
shapes=${*:-names families}
cd "$(dirname "$0")/.."
echo "report-memory: $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown) load: $(cat /proc/loadavg 2>/dev/null || uptime)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/syncbench" ./cmd/syncbench
go build -o "$tmp/benchstat" golang.org/x/perf/cmd/benchstat

# gen SHAPE SEED writes a file of the shape, its values drawn from SEED.
gen() {
	awk -v rows="$rows" -v shape="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		print "goos: linux"; print "goarch: amd64"; print "pkg: example/" shape
		print "cpu: Generated CPU"; print "ncpu: 8"
		for (i = 0; i < rows; i++)
			if (shape == "names")
				printf "BenchmarkGen/impl=i%d/n=%d-8 \t 1000000\t %.2f ns/op\n", i % 100, int(i / 100), 10 + 5 * rand()
			else
				printf "BenchmarkN%d/impl=x/goroutines=%d \t 1000\t %.2f ns/op\n", i, i % 7, 10 + 5 * rand()
	}'
}

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

for shape in $shapes; do
	case $shape in
	names | families) ;;
	*)
		echo "report-memory: unknown shape $shape (want names or families)" >&2
		exit 2
		;;
	esac
	gen "$shape" 1 >"$tmp/old.txt"
	gen "$shape" 2 >"$tmp/new.txt"
	echo "shape $shape: $rows rows, $(wc -c <"$tmp/old.txt" | tr -d ' ') bytes"
	measure "report -format text" "$tmp/syncbench" report "$tmp/old.txt"
	measure "report -format json" "$tmp/syncbench" report -format json "$tmp/old.txt"
	measure "compare" "$tmp/syncbench" compare "$tmp/old.txt" "$tmp/new.txt"
	measure "report, no limit" env GOMEMLIMIT=off "$tmp/syncbench" report "$tmp/old.txt"
	measure "compare, no limit" env GOMEMLIMIT=off "$tmp/syncbench" compare "$tmp/old.txt" "$tmp/new.txt"
	measure "benchstat" "$tmp/benchstat" "$tmp/old.txt"
done
echo "report-memory: done $(date -u +%Y-%m-%dT%H:%M:%SZ) load: $(cat /proc/loadavg 2>/dev/null || uptime)"
