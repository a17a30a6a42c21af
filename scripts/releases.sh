#!/bin/sh
# releases.sh measures the primitives across Go releases: a selection of
# every family (mutex and RWMutex uncontended and contended, atomics,
# buffered and unbuffered channels, select, spawn, WaitGroup) built with each
# release and run interleaved (`syncbench run -toolchain a,b,...`: every
# benchmark once under every release in each round, the order rotating), on
# this machine at the load it has, which is logged every 30 s.
#
#   scripts/releases.sh             run and report (writes results/releases/<machine>/)
#   scripts/releases.sh report FILE only the report and charts of an earlier run
#
#   RELEASES  toolchains (default: the newest patch of 1.22 to 1.27 that the
#             go command fetches through the module proxy)
#   ROUNDS    interleaved rounds = samples per configuration (default 10)
#   BENCHTIME time of one sample (default 100ms)
#   BASELINE  release the report's ratios are against (default the first)
#   SELECTION -bench pattern (default: the one below, a few of every family)
#   OUT       directory the run's files go under (default results/releases)
#
# The files: <stamp>.txt (results; go tool benchstat -col go-version reads
# it), <stamp>-load.txt (uptime every 30 s), report.md and charts/ (one
# chart per family: time against release with 95% intervals).
set -eu
cd "$(git rev-parse --show-toplevel)"

releases=${RELEASES:-go1.22.12,go1.23.12,go1.24.11,go1.25.5,go1.26.8,go1.27.3}
rounds=${ROUNDS:-10}
benchtime=${BENCHTIME:-100ms}
baseline=${BASELINE:-${releases%%,*}}

# One alternative per family (go test splits each at '/', one element a level).
selection='^BenchmarkCounter$/^impl=(mutex|rwmutex|atomic-add|atomic-cas)$/^goroutines=(1|64)$/^local=0$/^held=0$'
selection="$selection"'|^BenchmarkReadMostly$/^impl=(mutex|rwmutex)$/^reads=90$/^goroutines=(1|64)$'
selection="$selection"'|^BenchmarkChannel$/^impl=chan$/^buf=(0|16)$/^producers=1$/^consumers=1$'
selection="$selection"'|^BenchmarkChannel$/^impl=chan$/^buf=(0|16)$/^producers=4$/^consumers=4$'
selection="$selection"'|^BenchmarkSelect$/^cases=(1|4)$/^mode=(recv|default)$'
selection="$selection"'|^BenchmarkSpawn$/^fork=(add-once|go)$/^batch=(1|100)$'
selection="$selection"'|^BenchmarkWaitGroup$/^op=add-done$/^goroutines=(1|64)$'
selection="$selection"'|^BenchmarkPingPong$/^buf=(0|1)$'
selection="$selection"'|^BenchmarkGoroutineMemory$/^n=1000$'
selection="$selection"'|^BenchmarkWorkerPool$/^workers=4$/^buf=16$/^task=(0|2000)$'
selection=${SELECTION:-$selection}
outroot=${OUT:-results/releases}

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/syncbench" ./cmd/syncbench

report() {
	file=$1
	dir=$(dirname "$file")
	rm -rf "$dir/charts"
	"$bin/syncbench" report -format markdown -by go-version -baseline "$baseline" \
		-o "$dir/report.md" -plots "$dir/charts" "$file"
}

if [ "${1:-}" = report ]; then
	[ $# -eq 2 ] || { echo "usage: scripts/releases.sh report FILE" >&2; exit 2; }
	report "$2"
	exit 0
fi

# The file goes to $outroot/<machine>/ once its machine: line says which
# machine it is; until then it is $outroot/<stamp>.txt.
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$outroot"
out=$outroot/$stamp.txt
load=$outroot/$stamp-load.txt
(
	while :; do
		echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
		sleep 30
	done
) >"$load" &
logger=$!
trap 'kill "$logger" 2>/dev/null; rm -rf "$bin"' EXIT
start=$(date +%s)
"$bin/syncbench" run -toolchain "$releases" -bench "$selection" -cpu 2 \
	-count "$rounds" -benchtime "$benchtime" -history=false -o "$out"
wall=$(( $(date +%s) - start ))
kill "$logger" 2>/dev/null || :
echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime) (end; wall time of the run ${wall}s)" >>"$load"
# The run's own report (pooled over releases) gives way to the one below.
rm -rf "$outroot/$stamp.md" "$outroot/$stamp-charts"
machine=$(sed -n 's/^machine: //p' "$out" | head -n 1)
dir=$outroot/${machine:-unknown}
mkdir -p "$dir"
mv "$out" "$load" "$dir/"
echo "releases.sh: wall time ${wall}s; load (1, 5, 15 min) logged in $dir/$stamp-load.txt"
report "$dir/$stamp.txt"
