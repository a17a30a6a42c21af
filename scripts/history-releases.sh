#!/bin/sh
# history-releases.sh makes a real history across Go releases and finds its
# change points: the cross-release selection of scripts/releases.sh (every
# family) built with 16 releases from go1.22.0 to go1.27.3 (the first and
# last patch of each minor and some between) and run interleaved, every
# benchmark once under every release in each round, on this machine at the
# load it has (logged every 30 s). The run is added to a history store and
# `syncbench history changes` reports the change points along release
# order in results/history/releases.md.
#
#   scripts/history-releases.sh              run, add, report, gate
#   scripts/history-releases.sh report FILE  the same for an earlier run
#
#   RELEASES, ROUNDS, BENCHTIME  as for scripts/releases.sh (defaults below)
#   GATE_TIME  -max-time of each confirming gate (default 4m; 0 skips them)
#
# Each change point in time per operation is then put to the regression
# gate, which measures anew, interleaved, on CPU time and wall time: the
# slower release as -new, so that FAIL confirms the step (a regression, or
# for an improvement the older release being slower).
#
# The files, under results/history/<machine>/: <stamp>.txt (results),
# <stamp>-load.txt, and releases.sh's benchstat report and charts; the store
# is made anew in a temporary directory (results/history.db is not touched).
set -eu
cd "$(git rev-parse --show-toplevel)"

RELEASES=${RELEASES:-go1.22.0,go1.22.6,go1.22.12,go1.23.0,go1.23.6,go1.23.12,go1.24.0,go1.24.6,go1.24.11,go1.25.0,go1.25.5,go1.25.14,go1.26.0,go1.26.8,go1.27.0,go1.27.3}
ROUNDS=${ROUNDS:-8}
OUT=results/history
export RELEASES ROUNDS OUT

if [ "${1:-}" = report ]; then
	[ $# -eq 2 ] || { echo "usage: scripts/history-releases.sh report FILE" >&2; exit 2; }
	file=$2
else
	scripts/releases.sh
	file=$(ls -t "$OUT"/*/*Z.txt | head -n 1)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/syncbench" ./cmd/syncbench
db=$tmp/history.db
"$tmp/syncbench" history add -db "$db" "$file" >&2
md=$OUT/releases.md
gatetime=${GATE_TIME:-4m}

# gates puts each sec/op change point to the gate (see above).
gates() {
	[ "$gatetime" != 0 ] || return 0
	echo
	echo "## Each step in time per operation, put to the gate"
	echo
	echo "\`syncbench gate -old FASTER -new SLOWER -units cpu-ns/op,sec/op -cpu 2 -max-time $gatetime\` on"
	echo "the one benchmark, measured anew: FAIL confirms the step."
	"$tmp/syncbench" history changes -db "$db" -unit sec/op -format csv | tail -n +2 |
		awk -F, '{ print $1, $3, $(NF-11), $(NF-9) }' | sort -u |
		while read -r verdict name before after; do
			old=$before new=$after
			[ "$verdict" = regression ] || { old=$after new=$before; }
			pattern=$(echo "${name%-*}" | awk -F/ '{ s = "^Benchmark" $1 "$"; for (i = 2; i <= NF; i++) s = s "/^" $i "$"; print s }')
			echo
			echo "### $name: $before to $after ($verdict)"
			echo
			echo "    syncbench gate -old toolchain=$old -new toolchain=$new -bench '$pattern'"
			echo
			echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
			echo
			code=0
			"$tmp/syncbench" gate -old "toolchain=$old" -new "toolchain=$new" -bench "$pattern" \
				-units cpu-ns/op,sec/op -cpu 2 -max-time "$gatetime" -format markdown -o "$tmp/gate" >"$tmp/gate.out" 2>&1 || code=$?
			# The verdict and its tables, and the one-line error; not the progress lines.
			grep -v '^gate: ' "$tmp/gate.out" || :
			echo
			echo "Exit status $code. Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
		done
}
load=${file%.txt}-load.txt
{
	echo "# Change points across Go releases"
	echo
	echo "Made by \`scripts/history-releases.sh\` from \`$file\`: the cross-release"
	echo "selection of \`scripts/releases.sh\` (a few configurations of every family)"
	echo "built with each release and run interleaved ($(sed -n 's/^go-version: //p' "$file" | sort -u | wc -l | tr -d ' ') releases,"
	echo "$(sed -n 's/^machine: //p' "$file" | head -n 1), $(sed -n 's/^cpu: //p' "$file" | head -n 1), GOMAXPROCS 2)."
	if [ -f "$load" ]; then
		echo "Load average (1, 5, 15 min) at the start: $(head -n 1 "$load" | cut -d' ' -f2-);"
		echo "at the end: $(tail -n 1 "$load" | cut -d' ' -f2-)."
	fi
	echo
	echo "Releases, in the order of the axis: $(sed -n 's/^go-version: //p' "$file" | sort -u -V | tr '\n' ' ')"
	echo
	echo "A point is one release's samples in this run; the detector runs over"
	echo "every series at once (\`syncbench history changes\`, its method in"
	echo "internal/history/changepoint's documentation)."
	echo
	echo "## Every change point"
	echo
	"$tmp/syncbench" history changes -db "$db" -format markdown
	echo
	echo "## WaitGroup add-done, the step the gate found between go1.24.11 and go1.25.5"
	echo
	echo '```'
	"$tmp/syncbench" history show -db "$db" 'WaitGroup/op=add-done/goroutines=.*-2 sec/op'
	echo '```'
	gates
} >"$md"
echo "history-releases.sh: wrote $md" >&2
