#!/bin/sh
# compare-speed.sh times `syncbench compare` on a whole standard-run file
# against itself, for the working tree and for a base revision, interleaved
# (one run of each in turn), and writes the medians to
# results/compare-speed.md with the load average before and after.
#
# Environment (defaults in brackets):
#   BASE      the revision to time against [HEAD~1]
#   STANDARD  the run to compare [internal/compare/testdata/standard-vm-xeon.txt.gz]
#   ROUNDS    runs of each binary [9]
#   SPEED_DOC the document to write [results/compare-speed.md]
set -eu

cd "$(git rev-parse --show-toplevel)"
BASE=${BASE:-HEAD~1}
STANDARD=${STANDARD:-internal/compare/testdata/standard-vm-xeon.txt.gz}
ROUNDS=${ROUNDS:-9}
doc=${SPEED_DOC:-results/compare-speed.md}
tmp=$(mktemp -d)
cleanup() {
	git worktree remove --force "$tmp/base" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
base=$(git rev-parse --short=12 "$BASE")
git worktree add -q --detach "$tmp/base" "$BASE"
(cd "$tmp/base" && go build -o "$tmp/sb-base" ./cmd/syncbench)
go build -o "$tmp/sb-new" ./cmd/syncbench
gzip -dc "$STANDARD" >"$tmp/run.txt"
load0=$(load)
for i in $(seq "$ROUNDS"); do
	for b in base new; do
		t0=$(date +%s%N)
		"$tmp/sb-$b" compare "$tmp/run.txt" "$tmp/run.txt" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		echo "$b $(((t1 - t0) / 1000000))" >>"$tmp/times"
	done
done
load1=$(load)
med() { grep "^$1 " "$tmp/times" | cut -d' ' -f2 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
all() { grep "^$1 " "$tmp/times" | cut -d' ' -f2 | tr '\n' ' '; }
cat >"$doc" <<EOF
# How long syncbench compare takes on a standard-run file

Written by \`scripts/compare-speed.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): \`syncbench compare\`
of $STANDARD (decompressed, $(grep -c '^Benchmark' "$tmp/run.txt") result lines) against itself,
end to end, $ROUNDS runs of each binary taken in turn; load average $load0 before, $load1 after.

| binary | median | all runs (ms) |
|---|--:|---|
| base $base | $(med base) ms | $(all base) |
| working tree | $(med new) ms | $(all new) |
EOF
cat "$doc"
