#!/bin/sh
# replication.sh: do two runs of one commit agree? It makes K standard runs
# of the commit checked out (the rounds design: fresh processes, see
# internal/rounds) and OLD_K runs of the back-to-back design (samples taken
# by go test -count inside one process: syncbench built at OLD_REV, the
# commit before the rounds design), interleaved in one sitting (new, old,
# new, old, new, ...), logging the load before every run, and writes
# results/replication.md: for each pair of runs of a design, the time rows
# whose intervals do not overlap, the median |change|, compare's exit code
# and counts, and report's winners (same / opposite / a win in one run only;
# internal/rounds/replicationeval computes them with internal/compare and
# internal/report).
#
# Environment (defaults in brackets):
#   K           runs of the rounds design [3]
#   OLD_K       runs of the back-to-back design [2]; 0 for none
#   OLD_REV     the commit of the back-to-back design [8f03241]
#   PROFILE     syncbench run -profile [standard]
#   BENCHFLAGS  more syncbench run flags for every run, such as
#               '-short -bench Counter -cpu 1,2 -count 3 -benchtime 5ms'
#               for a trial in a minute []
#   NEWFLAGS    more flags for the rounds design's runs only, such as
#               '-count 10' to try another number of rounds against the
#               back-to-back standard []
#   DOC         the document to write [results/replication.md]
#   KEEP        a directory to keep the runs' files in, each results file
#               with its stderr as NAME.log, and the table of runs [none]
#   FIRST       also tabulate the rounds design with only the first FIRST
#               samples (rounds) of each benchmark of the same runs, as many
#               as the back-to-back standard takes: what fewer rounds would
#               have decided; 0 for no such table [6]
#   RUNS_FROM   a KEEP directory of an earlier sitting: make no run, and
#               write the document from its runs with this commit's
#               compare and report (the document names both commits) [none]
#
# The first rounds run calibrates its iteration counts (-iters none) and the
# later ones reuse them (-iters with the first run's file), as a second
# make bench reuses the first's (internal/runner's doc, "The same work in
# every run").
#
# Each design runs its own profile of that name (the back-to-back standard
# is -count 6 -benchtime 30ms, the rounds one -count 10 -benchtime 15ms; the
# document takes the rounds runs' count and -benchtime from their files).
# The standard profile takes about 9 to 11 minutes a run on 2 cores, so
# the defaults take about an hour. Exit status 0, or 2 on any error.
set -eu

cd "$(git rev-parse --show-toplevel)"
K=${K:-3}
OLD_K=${OLD_K:-2}
OLD_REV=${OLD_REV:-8f03241}
PROFILE=${PROFILE:-standard}
FIRST=${FIRST:-6}
BENCHFLAGS=${BENCHFLAGS:-}
NEWFLAGS=${NEWFLAGS:-}
doc=${DOC:-results/replication.md}
tmp=$(mktemp -d)
oldtree=$tmp/old-tree
cleanup() {
	if [ -d "$oldtree" ]; then git worktree remove --force "$oldtree" >/dev/null 2>&1 || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

say() { echo "replication: $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*load average[s]*: //'; }
fail() { say "$*"; exit 2; }

[ "$K" -ge 2 ] || fail "K=$K: want at least 2 runs of the rounds design"
[ "$OLD_K" -eq 0 ] || [ "$OLD_K" -ge 2 ] || fail "OLD_K=$OLD_K: want 0, or at least 2 runs of the old design"

commit=$(git rev-parse --short=12 HEAD)
dirty=$(git status --porcelain --untracked-files=no -- . ':(exclude)results' | head -n 1)
[ -z "$dirty" ] || commit="$commit-dirty"
go build -o "$tmp/new" ./cmd/syncbench || fail "building syncbench at $commit failed"
if [ -n "${RUNS_FROM:-}" ]; then
	[ -s "$RUNS_FROM/runs.md" ] && [ -s "$RUNS_FROM/sitting" ] || fail "RUNS_FROM=$RUNS_FROM: no runs.md and sitting (made by KEEP)"
	K=$(($(ls "$RUNS_FROM"/new-*.txt | wc -l)))
	OLD_K=$(($(ls "$RUNS_FROM"/old-*.txt 2>/dev/null | wc -l)))
fi
if [ "$OLD_K" -gt 0 ] && [ -z "${RUNS_FROM:-}" ]; then
	git worktree add --detach "$oldtree" "$OLD_REV" >/dev/null 2>&1 || fail "cannot check out OLD_REV=$OLD_REV"
	(cd "$oldtree" && go build -o "$tmp/old" ./cmd/syncbench) || fail "building syncbench at $OLD_REV failed"
fi
mkdir -p "$tmp/runs"

log=$tmp/log.md
started=$(date -u '+%Y-%m-%d %H:%M UTC')
n=0
# runone DESIGN I: one run of the design, its load before and its time.
runone() {
	design=$1 i=$2
	n=$((n + 1))
	out=$tmp/runs/$design-$i.txt
	if [ "$design" = new ]; then bin=$tmp/new pkg=./bench; else bin=$tmp/old pkg=$oldtree/bench; fi
	l=$(load)
	say "run $n: $design design, run $i; load $l"
	t0=$(date +%s)
	# The rounds design's later runs repeat the first one's iteration
	# counts; NEWFLAGS are for its runs only.
	newflags=
	if [ "$design" = new ]; then
		newflags="-iters none $NEWFLAGS"
		[ "$i" -eq 1 ] || newflags="-iters $tmp/runs/new-1.txt $NEWFLAGS"
	fi
	# shellcheck disable=SC2086 # BENCHFLAGS and newflags are lists of flags
	"$bin" run -profile "$PROFILE" $BENCHFLAGS $newflags -pkg "$pkg" -o "$out" >"$tmp/runs/$design-$i.out" 2>"$tmp/runs/$design-$i.err" ||
		{ tail -n 5 "$tmp/runs/$design-$i.err" >&2; fail "run $n ($design $i) failed"; }
	t=$(($(date +%s) - t0))
	echo "| $n | $design | $i | $l | $(load) | $((t / 60)) min $((t % 60)) s | $(grep -c '^Benchmark' "$out") |" >>"$log"
}
sitting="$commit, started $started"
if [ -n "${RUNS_FROM:-}" ]; then
	cp "$RUNS_FROM"/*.txt "$tmp/runs/"
	cp "$RUNS_FROM/runs.md" "$log"
	sitting="$(cat "$RUNS_FROM/sitting") for the runs and at $commit for the analysis"
	BENCHFLAGS=$(cat "$RUNS_FROM/benchflags" 2>/dev/null || true)
	NEWFLAGS=$(cat "$RUNS_FROM/newflags" 2>/dev/null || true)
else
	i=1
	while [ "$i" -le "$K" ] || [ "$i" -le "$OLD_K" ]; do
		[ "$i" -gt "$K" ] || runone new "$i"
		[ "$i" -gt "$OLD_K" ] || runone old "$i"
		i=$((i + 1))
	done
fi

machine=$(sed -n 's/^machine: //p' "$tmp/runs/new-1.txt" | head -n 1)
# The rounds runs' own count and -benchtime, from their config lines.
rounds=$(sed -n 's/^sampling: \([0-9]*\) rounds.*/\1/p' "$tmp/runs/new-1.txt" | head -n 1)
benchtime=$(sed -n 's/^benchtime: //p' "$tmp/runs/new-1.txt" | head -n 1)
new_runs=$(ls "$tmp"/runs/new-*.txt | sort -V | tr '\n' ',' | sed 's/,$//')
args="-design rounds=$new_runs"
if [ "$OLD_K" -gt 0 ]; then
	old_runs=$(ls "$tmp"/runs/old-*.txt | sort -V | tr '\n' ',' | sed 's/,$//')
	args="$args -design back-to-back=$old_runs"
fi
# shellcheck disable=SC2086 # args is a list of flags
go run ./internal/rounds/replicationeval $args >"$tmp/pairs.md" || fail "replicationeval failed"
if [ "$FIRST" -gt 0 ]; then
	go run ./internal/rounds/replicationeval -first "$FIRST" -design "rounds=$new_runs" >>"$tmp/pairs.md" || fail "replicationeval -first $FIRST failed"
fi

{
	echo "# Replication: do two runs of one commit agree?"
	echo
	echo "From \`scripts/replication.sh\` at $sitting on machine $machine ($(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, \`syncbench run\`'s machine name):"
	echo "$K runs of the rounds design (calibration once, then -count rounds of one fresh process per configuration in a shuffled order; the first run calibrated its iteration counts and the later ones repeated them, as a second make bench repeats the first's)"
	if [ "$OLD_K" -gt 0 ]; then
		echo "and $OLD_K of the back-to-back design (syncbench at $OLD_REV: go test -count inside one process per top-level benchmark), interleaved;"
	else
		echo "(no runs of the back-to-back design);"
	fi
	echo "every run \`syncbench run -profile $PROFILE${BENCHFLAGS:+ $BENCHFLAGS}\`, each design with its own profile (at $OLD_REV the standard profile is -count 6 -benchtime 30ms, the rounds runs here ${rounds:-?} rounds at -benchtime ${benchtime:-?})${NEWFLAGS:+, with $NEWFLAGS besides the profile}."
	echo
	echo "| run | design | # | load before (1, 5, 15 min) | load after | time | results |"
	echo "|---|---|---|---|---|---|---|"
	sed 's/| new |/| rounds |/; s/| old |/| back-to-back |/' "$log"
	echo
	echo "Per pair of runs of a design (the earlier as old): time rows (sec/op) whose samples do not overlap at all (by chance, with n independent samples a side, 2/C(2n,n): 0.2% of rows at 6, 0.03% at 8), and those whose 95% intervals do not overlap, of those with an interval on both sides; the median |change| of the time rows; \`syncbench compare\`'s exit code and counts, and the families it found moving both ways (its rule for runs, not code, that differ); report's significant winners per workload: the same in both runs, opposite (different winners), or a win in one run only (and of those, how many the other run ranks the same way, its lead there not significant or not shown to reach the 5% threshold)."
	if [ "$FIRST" -gt 0 ]; then
		echo
		echo "The last table cuts the same rounds runs to the first $FIRST samples of each benchmark (its first $FIRST rounds), as many as the back-to-back standard profile takes: what fewer rounds would have decided."
	fi
	echo
	cat "$tmp/pairs.md"
} >"$doc"
if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP" && cp "$tmp"/runs/*.txt "$KEEP"/
	cp "$log" "$KEEP/runs.md"
	echo "$sitting" >"$KEEP/sitting"
	printf '%s\n' "$BENCHFLAGS" >"$KEEP/benchflags"
	printf '%s\n' "$NEWFLAGS" >"$KEEP/newflags"
	# Each run's progress and summary (its stderr) beside its results.
	for e in "$tmp"/runs/*.err; do cp "$e" "$KEEP/$(basename "$e" .err).log"; done
fi
say "wrote $doc"
