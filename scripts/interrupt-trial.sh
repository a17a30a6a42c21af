#!/bin/sh
# interrupt-trial.sh: interrupt `syncbench run` and `syncbench gate` of the
# real suite at random moments and count what is left behind.
#
#   [BENCH=regexp] [PARKED=list] [GATES=n] [GATEBENCH=regexps] \
#       scripts/interrupt-trial.sh [RUNS] [MAXDELAY] [KILLS]
#                     (defaults ., unset, 3, mutex Counter rows; 20, 20, 3)
#
# RUNS runs of `syncbench run -profile quick -cpu 1,2 -bench $BENCH` (with
# `-- -parked $PARKED` when set) each get SIGINT or
# SIGTERM (alternately) after a random delay of 0 to MAXDELAY seconds (the
# build, the listing, any benchmark, GoroutineMemory's fresh processes
# included); then KILLS runs get SIGKILL at random moments, each followed by
# a run that must clean what the killed one left. Then GATES runs of
# `syncbench gate -old worktree -new worktree -max-time 1m -threshold 0.1
# -margin 0.1 -bench $GATEBENCH` (the working tree on both sides: no git
# worktree is made) get SIGINT or SIGTERM after 0 to 2×MAXDELAY seconds (a
# gate builds both sides first; a 0.1% margin no row can rule out keeps the
# rows open for the whole minute, so that the signal comes before the gate
# ends: with the default 10% margin they pass within 30 s), and each result file they
# leave is judged as a run's.
# The runs use a temporary
# directory of their own (TMPDIR), so that anything left there is theirs.
# It prints one line per run and the totals: valid results files (a file
# benchstat reads, of whole lines, with at least one result; a run stopped
# before its first result must leave no file), processes left (any process
# whose command line or executable is under the trial's directory, 1 s
# after the run ended; after a SIGKILL, also after the cleaning run), temporary
# files left (anything under TMPDIR after the run, and hidden temporary
# files beside the results).
set -eu

bench=${BENCH:-.}
gates=${GATES:-3}
gatebench=${GATEBENCH:-'^BenchmarkCounter$/^impl=mutex$/^goroutines=1$/'}
runs=${1:-20}
maxdelay=${2:-20}
kills=${3:-3}
cd "$(dirname "$0")/.."
echo "interrupt-trial: $(date -u +%Y-%m-%dT%H:%M:%SZ) load: $(cat /proc/loadavg 2>/dev/null || uptime)"

trial=$(mktemp -d)
trap 'rm -rf "$trial"' EXIT
go build -o "$trial/syncbench" ./cmd/syncbench
go build -o "$trial/benchstat" golang.org/x/perf/cmd/benchstat
mkdir "$trial/tmp" "$trial/out"

# rand prints a random number of milliseconds between 0 and $1 seconds.
rand() {
	od -An -N4 -tu4 /dev/urandom | awk -v max="$1" '{ printf "%d\n", $1 % (max * 1000 + 1) }'
}

# procs_left prints the processes whose command line or executable is under
# the trial's directory (this script's own children excluded).
procs_left() {
	n=0
	for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		[ "$pid" = "$$" ] && continue
		state=$(awk '{ sub(/.*\) /, ""); print $1 }' "$d/stat" 2>/dev/null) || continue
		[ "$state" = Z ] && continue
		if { tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null | grep -q "$trial/tmp" ||
			readlink "$d/exe" 2>/dev/null | grep -q "$trial/tmp"; then
			n=$((n + 1))
			echo "  left: $pid $({ tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null | cut -c1-120)" >&2
		fi
	done
	echo "$n"
}

temps_left() {
	{
		find "$trial/tmp" -mindepth 1 -maxdepth 1
		find "$trial/out" -name '.*'
	} | wc -l | tr -d ' '
}

valid=0 absent=0 invalid=0 procs=0 temps=0
# check_file judges the results file $1 of a stopped run.
check_file() {
	if [ ! -e "$1" ]; then
		absent=$((absent + 1))
		echo "no file (stopped before the first result)"
	elif [ -n "$(tail -c1 "$1")" ] || ! grep -q '^Benchmark' "$1" ||
		! "$trial/benchstat" "$1" >/dev/null 2>&1; then
		invalid=$((invalid + 1))
		echo "INVALID file $(wc -l <"$1") lines"
	else
		valid=$((valid + 1))
		echo "valid file, $(grep -c '^Benchmark' "$1") results"
	fi
}

# stop_after sends signal $2 to process $1 after $3 ms and waits for it;
# its exit status is left in code.
stop_after() {
	sleep "$(awk -v ms="$3" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill "-$2" "$1" 2>/dev/null || true
	code=0
	wait "$1" || code=$?
}

# tally counts, 1 s after a trial, the processes and temporary files it
# left and ends its line with them.
tally() {
	sleep 1
	p=$(procs_left) t=$(temps_left)
	procs=$((procs + p)) temps=$((temps + t))
	echo "$1processes left $p, temp files left $t"
}

# one runs trial $1, stopped with signal $2 after $3 ms.
one() {
	out="$trial/out/run-$1.txt"
	# With PARKED set, the sweep of GoroutineMemory goes to the test binary.
	TMPDIR="$trial/tmp" "$trial/syncbench" run -profile quick -cpu 1,2 -bench "$bench" -o "$out" \
		${PARKED:+-- -parked "$PARKED"} >/dev/null 2>"$trial/err" &
	stop_after $! "$2" "$3"
	check_file "$out" >"$trial/verdict"
	printf 'run %3s: %-4s after %5.1fs: exit %3d, %s' "$1" "$2" "$(awk -v ms="$3" 'BEGIN { print ms / 1000 }')" "$code" "$(cat "$trial/verdict")"
}

i=1
while [ "$i" -le "$runs" ]; do
	sig=INT
	[ $((i % 2)) = 0 ] && sig=TERM
	one "$i" "$sig" "$(rand "$maxdelay")"
	tally ", "
	i=$((i + 1))
done

k=1
while [ "$k" -le "$kills" ]; do
	one "k$k" KILL "$(rand "$maxdelay")"
	sleep 1
	p=$(procs_left)
	procs=$((procs + p))
	printf ', processes left %s' "$p"
	# A run that stops at once (no benchmark matches) cleans what the
	# killed one left.
	TMPDIR="$trial/tmp" "$trial/syncbench" run -bench '^NoSuchBenchmark$' -o "$trial/out/clean-$k.txt" >/dev/null 2>&1 || true
	tally "; after the next run: "
	k=$((k + 1))
done

# gate_one runs gate trial $1, stopped with signal $2 after $3 ms.
gate_one() {
	dir="$trial/out/gate-$1"
	TMPDIR="$trial/tmp" "$trial/syncbench" gate -old worktree -new worktree -bench "$gatebench" \
		-max-time 1m -threshold 0.1 -margin 0.1 -o "$dir" >/dev/null 2>"$trial/err" &
	stop_after $! "$2" "$3"
	: >"$trial/verdict"
	n=0
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		check_file "$f" >"$trial/file-verdict" # not in a subshell: it counts
		printf '%s %s; ' "${f##*/}" "$(cat "$trial/file-verdict")" >>"$trial/verdict"
	done
	if [ "$n" = 0 ]; then
		absent=$((absent + 1))
		echo "no file (stopped before the first result)" >"$trial/verdict"
	fi
	printf 'gate %2s: %-4s after %5.1fs: exit %3d, %s' "$1" "$2" "$(awk -v ms="$3" 'BEGIN { print ms / 1000 }')" "$code" "$(cat "$trial/verdict")"
}

g=1
while [ "$g" -le "$gates" ]; do
	sig=INT
	[ $((g % 2)) = 0 ] && sig=TERM
	gate_one "$g" "$sig" "$(rand $((2 * maxdelay)))"
	tally ", "
	g=$((g + 1))
done

echo "interrupt-trial: $((runs + kills)) runs and $gates gates: $valid valid files, $absent runs stopped before their first result (no file), $invalid invalid files; processes left $procs; temp files left $temps"
echo "interrupt-trial: done $(date -u +%Y-%m-%dT%H:%M:%SZ) load: $(cat /proc/loadavg 2>/dev/null || uptime)"
[ "$invalid" = 0 ] && [ "$procs" = 0 ] && [ "$temps" = 0 ]
