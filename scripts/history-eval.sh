#!/bin/sh
# history-eval.sh measures syncbench's change-point detector
# (internal/history/changepoint) against Apache Otava's on the same
# series, and writes results/history-eval.md from its own measurements:
#
#   - series resampled from real runs of this suite (each point one real
#     run's samples, drawn with replacement), 50 to 500 points, with steps
#     of 2, 5, 10 and 20% up and down at known positions, and series
#     without a change (internal/history/changepoint/historyeval);
#   - Otava's own compute_change_points (otava/analysis.py and
#     otava/change_point_divisive/, exported at run time from its git
#     repository, never copied here) through scripts/history-eval/otava_run.py,
#     at its defaults and over a grid of window and p-value;
#   - precision, recall, F1, detection delay, false change points per 1,000
#     points and the time over 1,000 series of 500 points, for both.
#
# Environment (defaults in brackets):
#   OTAVA_SRC   a directory holding Otava's otava/ package [exported from OTAVA_GIT]
#   OTAVA_GIT   Otava's git directory (a clone or mirror of apache/otava; its
#               HEAD is exported), used when OTAVA_SRC is unset
#   PYTHON      a Python with numpy and scipy (Debian's python3-numpy and
#               python3-scipy) [/usr/bin/python3]
#   RUNS        groups of real runs, space-separated; in a group, runs of one
#               bench code on one machine, comma-separated
#               [results/vm-epyc/20261201T121150Z.txt,results/vm-epyc/20261202T145014Z.txt
#                internal/compare/testdata/standard-aa-1.txt.gz,internal/compare/testdata/standard-aa-2.txt.gz]
#   SEED        the series' seed [1]
#   EVAL_ARGS   extra historyeval flags (e.g. "-per 20 -null 40" for a smoke) []
#   EVAL_DOC    the document to write [results/history-eval.md]
#
# It takes about 5 minutes on two shared cores; run it under the
# machine's exclusive CPU lock (flock LOCKFILE scripts/history-eval.sh) so that the
# times are not shared.
set -eu

cd "$(git rev-parse --show-toplevel)"
PYTHON=${PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-results/vm-epyc/20261201T121150Z.txt,results/vm-epyc/20261202T145014Z.txt internal/compare/testdata/standard-aa-1.txt.gz,internal/compare/testdata/standard-aa-2.txt.gz}
SEED=${SEED:-1}
EVAL_ARGS=${EVAL_ARGS:-}
doc=${EVAL_DOC:-results/history-eval.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { echo "history-eval: $(date -u +%H:%M:%S) $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }

"$PYTHON" -c 'import numpy, scipy' 2>/dev/null || {
	echo "history-eval: $PYTHON lacks numpy or scipy (apt-get install python3-numpy python3-scipy)" >&2
	exit 2
}
otava_rev=unknown
how="OTAVA_SRC=(a checkout of apache/otava)"
if [ -z "${OTAVA_SRC:-}" ]; then
	OTAVA_GIT=${OTAVA_GIT:-}
	[ -n "$OTAVA_GIT" ] && [ -d "$OTAVA_GIT" ] || { echo "history-eval: set OTAVA_SRC (a checkout of apache/otava) or OTAVA_GIT (its git directory)" >&2; exit 2; }
	mkdir "$tmp/otava"
	git --git-dir="$OTAVA_GIT" archive HEAD otava | tar -x -C "$tmp/otava"
	otava_rev=$(git --git-dir="$OTAVA_GIT" rev-parse --short=12 HEAD)
	OTAVA_SRC=$tmp/otava
	how="OTAVA_GIT=(a mirror of apache/otava)"
elif [ -d "$OTAVA_SRC/.git" ]; then
	otava_rev=$(git -C "$OTAVA_SRC" rev-parse --short=12 HEAD)
fi

commit=$(git rev-parse --short=12 HEAD)
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
pyv=$("$PYTHON" -c 'import sys, numpy, scipy; print("Python %d.%d.%d, numpy %s, scipy %s" % (sys.version_info[:3] + (numpy.__version__, scipy.__version__)))')
goversion=$(go env GOVERSION)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
t0=$(date +%s)
load0=$(load)

go build -o "$tmp/historyeval" ./internal/history/changepoint/historyeval
say "evaluating (seed $SEED)"
# shellcheck disable=SC2086 # RUNS and EVAL_ARGS are word lists
"$tmp/historyeval" -seed "$SEED" -python "$PYTHON" -driver scripts/history-eval/otava_run.py \
	-otava-src "$OTAVA_SRC" -windows 20,30,50,80,120,200,300,500 -pvalues 0.00001,0.0001,0.001,0.01,0.05 \
	$EVAL_ARGS $RUNS >"$tmp/body.md"
load1=$(load)
secs=$(( $(date +%s) - t0 ))

cat >"$doc" <<EOF
# syncbench's change-point detector against Apache Otava's

Written by \`$how scripts/history-eval.sh\` (SEED=$SEED${EVAL_ARGS:+, EVAL_ARGS=$EVAL_ARGS}; run under the machine's
exclusive CPU lock, \`flock LOCKFILE ...\`) at commit $commit on $started, on $cpu
($ncpu CPUs; load average $load0 at the start, $load1 at the end; $secs s in all), $goversion,
$pyv, Otava at $otava_rev (its \`otava.analysis.compute_change_points\`, imported from an
export of its repository made by the script; nothing of Otava is in this repository).
Rerun it to refresh every figure here.

What is compared: syncbench's \`changepoint.Detect\` (rank CUSUM of every sample with the points' design effect
with Siegmund's tail for the maximum, Benjamini–Hochberg over the series, binary
segmentation, 4 points at least a side, the Hodges–Lehmann step against the threshold
as an effect floor) is given every point's samples; Otava is given one number a
point, the point's median, as it keeps one. Each series is given to each detector
alone: syncbench gets no help from the false discovery rate over many series (in
one call over many series, mostly without a change, it would screen at a stricter
level). syncbench's default Threshold, 5%, is an effect floor that by design does not
report a 2% step: the rows "Threshold 1%" and "Threshold 0" are the detector's test
with a lower floor, chosen before the evaluation (1% is half the smallest step), not
tuned on it; nothing of the detector was tuned on this seed (the development runs
used seed 2).

How it is scored: a reported change point matches the true one when it lies within ±5
points of it (the nearest one is the match; every other one reported in the series
is false, as is every one in a series without a change). Precision is matches over
reported, recall matches over true changes, F1 their harmonic mean, per step size
with both directions pooled. The detection delay is measured on prefixes: for up to
20 series of each step and direction with at least 100 points after the change, each
detector is run on the series cut k points after the change, k = 1…20, 22…40 by 2,
45…100 by 5; the delay is the first k at which a change point within ±5 points of the
true one is reported (so the median is over the series detected within 100 points,
and the share detected says how many that is).

$(cat "$tmp/body.md")
EOF
say "wrote $doc"
