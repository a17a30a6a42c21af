#!/bin/sh
# compare-eval.sh measures how often `syncbench compare` is wrong on
# whole-suite files, and writes the figures to results/compare-eval.md:
#
#   - two real standard runs of one commit, compared both ways (A/A);
#   - every committed standard run against itself, ×1.03, and each family
#     in turn ×1.2 (the tests of internal/compare);
#   - a simulation (internal/compare/compareeval) of A/A pairs of
#     whole-suite files and of a 10% slowdown of one family, at -count 6
#     and 10, resampled from the two real runs pooled, from one alone, and
#     from the committed run, also grown to 40 families;
#   - report's winners on the committed run, with the correction;
#   - how long compare takes on a standard-run file.
#
# Environment (defaults in brackets):
#   RUNS      result files of one commit on one machine (gzipped or not)
#             [internal/compare/testdata/standard-aa-{1,2}.txt.gz]
#   STANDARD  a standard run to scale [internal/compare/testdata/standard-vm-xeon.txt.gz]
#   TRIALS    simulated A/A pairs, and slowdowns, per -count and population [110]
#   COUNTS    -count values to simulate [6,10]
#   EVAL_DOC  the document to write [results/compare-eval.md]
#
# It takes about 15 to 25 minutes on two shared cores.
set -eu

cd "$(git rev-parse --show-toplevel)"
RUNS=${RUNS:-internal/compare/testdata/standard-aa-1.txt.gz internal/compare/testdata/standard-aa-2.txt.gz}
STANDARD=${STANDARD:-internal/compare/testdata/standard-vm-xeon.txt.gz}
TRIALS=${TRIALS:-110}
COUNTS=${COUNTS:-6,10}
doc=${EVAL_DOC:-results/compare-eval.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
say() { echo "compare-eval: $*" >&2; }

go build -o "$tmp/syncbench" ./cmd/syncbench
sb="$tmp/syncbench"
commit=$(git rev-parse --short=12 HEAD)
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load0=$(load)

unz() { case $1 in *.gz) gzip -dc "$1" >"$2" ;; *) cp "$1" "$2" ;; esac; }
set -- $RUNS
[ $# -ge 2 ] || { echo "compare-eval: RUNS needs two files" >&2; exit 2; }
unz "$1" "$tmp/a.txt"
unz "$2" "$tmp/b.txt"
unz "$STANDARD" "$tmp/standard.txt"

say "real A/A pairs"
aa() {
	code=0
	"$sb" compare "$1" "$2" >"$tmp/aa.out" 2>"$tmp/aa.err" || code=$?
	printf -- '- `syncbench compare %s %s`: exit %s. `%s`' "$3" "$4" "$code" "$(grep -m1 -E '^[0-9]+ slower, ' "$tmp/aa.out")"
	if [ -s "$tmp/aa.err" ]; then printf ' stderr: `%s`' "$(tail -n 1 "$tmp/aa.err")"; fi
	echo
}
real_aa=$( (aa "$tmp/a.txt" "$tmp/b.txt" "$(basename "$1")" "$(basename "$2")"; aa "$tmp/b.txt" "$tmp/a.txt" "$(basename "$2")" "$(basename "$1")"))
# How far apart the two runs are, row by row: |change| of the time rows.
"$sb" compare -format csv "$tmp/a.txt" "$tmp/b.txt" 2>/dev/null |
	awk -F, '$2 == "sec/op" && $13 != "" { c = $13 < 0 ? -$13 : $13; print c }' | sort -g >"$tmp/changes"
nrows=$(wc -l <"$tmp/changes")
spread=$(awk -v n="$nrows" '{ v[NR] = $1; if ($1 >= 5) f5++; if ($1 >= 10) f10++ }
	END { printf "the %d time rows differ by a median of %.1f%% (quartiles %.1f%% and %.1f%%); %.0f%% of them by 5%% or more, %.0f%% by 10%% or more",
		n, v[int((n+1)/2)], v[int((n+3)/4)], v[int((3*n+1)/4)], 100*f5/n, 100*f10/n }' "$tmp/changes")

say "scaled standard runs (go test -run 'TestStandardRun|TestCommittedRuns')"
scaled=$(go test -count=1 -run 'TestStandardRun(Scaled|OneFamily)$' -v ./internal/compare 2>&1 |
	sed -n 's/^ *suite_test.go:[0-9]*: /- /p; s/^--- \(PASS\|FAIL\): \(TestStandardRun[A-Za-z]*\) .*/- test \2: \1/p')
committed=$(go test -count=1 -run 'TestCommittedRunsEveryFamily$' -v ./internal/compare 2>&1 |
	sed -n 's/^=== RUN   TestCommittedRunsEveryFamily\/\(.*\)/- **\1**:/p; s/^ *suite_test.go:[0-9]*: \(.*\) (threshold.*/  - \1/p; s/^--- \(PASS\|FAIL\): \(TestCommittedRunsEveryFamily\) .*/- test \2: \1/p')

say "simulation: $TRIALS trials per count, counts $COUNTS"
go build -o "$tmp/compareeval" ./internal/compare/compareeval
sim_pooled=$("$tmp/compareeval" -trials "$TRIALS" -counts "$COUNTS" "$@")
sim_one=$("$tmp/compareeval" -trials "$TRIALS" -counts "$COUNTS" "$1")
sim_std=$("$tmp/compareeval" -trials "$TRIALS" -counts "$COUNTS" "$STANDARD")
sim_one40=$("$tmp/compareeval" -trials "$TRIALS" -counts "$COUNTS" -families 40 "$1")
sim_std40=$("$tmp/compareeval" -trials "$TRIALS" -counts "$COUNTS" -families 40 "$STANDARD")

say "report winners on the standard run"
winners=$(go test -count=1 -run 'TestStandardRunWinners$' -v ./internal/report/render 2>&1 | sed -n 's/^ *standard_run_test.go:[0-9]*: //p')

say "timing"
bench=$(go test -count=5 -run '^$' -bench 'BenchmarkCompareStandardRun$' ./internal/compare 2>&1 | grep '^BenchmarkCompare' | awk '{print $3}' | sort -n | tr '\n' ' ')
times=""
for i in 1 2 3 4 5 6 7 8 9; do
	t0=$(date +%s%N)
	"$sb" compare "$tmp/standard.txt" "$tmp/standard.txt" >/dev/null
	t1=$(date +%s%N)
	times="$times $(( (t1 - t0) / 1000000 ))"
done
median=$(echo $times | tr ' ' '\n' | sort -n | sed -n 5p)
load1=$(load)

cat >"$doc" <<EOF
# How often syncbench compare is wrong on whole-suite files

Written by \`scripts/compare-eval.sh\` at commit $commit on $started, on $cpu ($ncpu CPUs,
shared with other work: load average $load0 at the start, $load1 at the end). Rerun it to
refresh every figure here.

compare decides each unit on its own, families first: each family (a top-level
benchmark) gets one p-value from the van Elteren test of its rows (with the Simes
combination for a change of a few rows), the families are screened with
Benjamini–Hochberg at 0.05, and the rows of each family found are tested with
Benjamini–Hochberg at 0.05; a row or a family also needs a change of at least the threshold
(5%, either way as a ratio), and a family that moved one way is a regression as a whole.
A family whose samples could not show a change of twice the threshold is "not enough
data" (exit 2). \`syncbench compare -h\` says why.

## Two real standard runs of one commit

$(for f in "$@"; do printf -- '- %s: %s\n' "$f" "$(gzip -dc "$f" 2>/dev/null | grep -m1 '^commit:' || grep -m1 '^commit:' "$f")"; done)

$real_aa

Between the two runs, $spread.

## Every committed standard run, scaled

Each file against itself and ×1.03 (exit 0 expected; against itself, exit 1 never), then
each family alone ×1.2 (rates derived from the time divided by 1.2), compared with the
original (exit 1 with only that family flagged): a line per family, with the rows of
its own it flagged.

$committed

## The test run, scaled

$STANDARD: every time ×1.5 and ×1.03, then each family alone ×1.2:

$scaled

## Simulation: A/A pairs and a 10% slowdown of one family

Each simulated file draws -count samples per benchmark with replacement from a
population of real samples (smoothed so that draws do not tie), independently for every
sample: the A/A rate here is that of the procedure on independent samples, with no drift
between the two files. A detection trial slows one family (each family in turn) by 10%
in the new file; it counts when compare exits 1 and flags a row of that family, or the
family as a whole. Three populations, then two of them grown to 40 families:

### The two real runs of one commit, pooled

Each row's population holds both runs' samples, so the speed the machine wandered by
between the runs is part of every simulated sample's spread.

$sim_pooled

### One real run alone ($1)

The spread within one run only: a machine whose speed holds between runs.

$sim_one

### The committed standard run alone ($STANDARD)

$sim_std

### 40 families

The same populations grown to 40 families by copying whole families under new names,
as a file of more families than the suite has: the detection of one family's change must
not fade as families are added.

One real run alone ($1), 40 families:

$sim_one40

The committed standard run ($STANDARD), 40 families:

$sim_std40

## report's winners on the committed run

With the same correction over the report's 11 families and the 5% threshold:
$winners.

## Speed

\`BenchmarkCompareStandardRun\` (compare of a standard run against itself ×1.1, reading
excluded), 5 runs, ns/op sorted: $bench

\`syncbench compare\` of the committed standard run (decompressed) against itself, end to
end, 9 runs: median $median ms (all: $times ms).
EOF
say "wrote $doc"
