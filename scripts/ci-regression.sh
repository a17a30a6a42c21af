#!/bin/sh
# ci-regression.sh runs the syncbench regression gate for a CI job: the
# benchmarks of the merge base of this change against those of the working
# tree, measured side by side in interleaved rounds on this machine until
# each benchmark row is decided or the gate's time budget (-max-time,
# 10 minutes by default) is spent (see `syncbench gate -h`). Progress goes
# to stderr from the first second; the markdown report goes to stdout and,
# on GitHub Actions, to the job summary; the result files stay in
# $GATE_OUT (an interrupted gate leaves its rounds in gate-*.partial.txt
# beside the last complete gate-old.txt and gate-new.txt).
#
#   BASE_REF   the branch to compare against (default origin/main)
#   GATE_OUT   directory for the result files (default syncbench-gate)
#   GATE_INCONCLUSIVE=pass  let an INCONCLUSIVE verdict (rows undecided
#              when the time budget ran out) pass the job with a warning
#              instead of failing it
#
# Extra arguments go to `syncbench gate` (e.g. -max-time 15m -bench ...).
# Exit status: 0 PASS (every row rules out a slowdown of 10%), 1 FAIL (a
# row shown slower by at least 5%),
# 2 INCONCLUSIVE or an error (build failure, unknown base, ...).
set -eu

cd "$(git rev-parse --show-toplevel)"
base_ref=${BASE_REF:-origin/main}
out=${GATE_OUT:-syncbench-gate}

if ! base=$(git merge-base "$base_ref" HEAD); then
	echo "ci-regression.sh: no merge base between $base_ref and HEAD (fetch more history: fetch-depth: 0)" >&2
	exit 2
fi

mkdir -p "$out"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
go build -o "$bin/syncbench" ./cmd/syncbench

# The gate runs in the background so that a signal to this script takes
# effect at once: it is passed on to the gate, which stops its benchmarks
# and removes its worktrees, and the script exits when the gate has.
status=0
"$bin/syncbench" gate -old "rev=$base" -new worktree -o "$out" -format markdown "$@" >"$out/summary.md" &
gate=$!
trap 'kill -TERM "$gate" 2>/dev/null; wait "$gate" || :; exit 130' INT
trap 'kill -TERM "$gate" 2>/dev/null; wait "$gate" || :; exit 143' TERM
wait "$gate" || status=$?
trap 'exit 130' INT
trap 'exit 143' TERM
cat "$out/summary.md"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
if [ "$status" = 2 ] && [ "${GATE_INCONCLUSIVE:-}" = pass ] && grep -q '^## syncbench gate: INCONCLUSIVE' "$out/summary.md"; then
	echo "::warning::syncbench gate was INCONCLUSIVE (rows undecided when its time ran out); see the job summary"
	status=0
fi
exit "$status"
