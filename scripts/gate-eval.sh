#!/bin/sh
# gate-eval.sh measures how good `syncbench gate` is on this machine and
# writes the figures to results/gate-eval.md:
#
#   - the false-alarm rate: the gate with both sides the same commit;
#   - the detection rate of a 5%, 10% and 20% slowdown of one
#     implementation (bench built with -tags syncbench_slowdown and
#     SYNCBENCH_SLOWDOWN=<impl>:<percent>);
#   - the wall time of one gate run with the default settings.
#
# Real gate runs are slow, so it does a few of them and estimates the rates
# by resampling: it records one long A/A gate run (POOL_ROUNDS interleaved
# rounds of the default selection, both sides the same commit) and replays
# thousands of simulated gate runs from those rounds with
# internal/gate/gateeval, which applies the gate's own decision code. The
# document says which figure came from which method.
#
# Environment (defaults in brackets):
#   POOL_ROUNDS  rounds of the recorded A/A run [40]
#   REAL_AA      real A/A gate runs [6]
#   REAL_SLOW    slowdowns (percent) to run for real, one gate run each
#                (repeat a value for more runs) [5 10 10 10 10 20]
#   TRIALS       simulated gate runs per setting [2000]
#   IMPL         implementation slowed down [atomic-add]
#   EVAL_OUT     directory for the result files [a temporary directory]
#   EVAL_DOC     the document to write [results/gate-eval.md]
#   GATE_ARGS    extra flags for every gate run (for a quick dry run of
#                this script, e.g. "-benchtime 20ms -rounds 3") []
#
# It measures the committed HEAD (both sides are rev=HEAD), took 15
# minutes on two cores here, and is best run on a quiet machine.
set -eu

cd "$(git rev-parse --show-toplevel)"
POOL_ROUNDS=${POOL_ROUNDS:-40}
REAL_AA=${REAL_AA:-6}
REAL_SLOW=${REAL_SLOW:-5 10 10 10 10 20}
TRIALS=${TRIALS:-2000}
IMPL=${IMPL:-atomic-add}
out=${EVAL_OUT:-$(mktemp -d)}
doc=${EVAL_DOC:-results/gate-eval.md}
mkdir -p "$out"
log="$out/eval.log"
: >"$log"

say() { echo "gate-eval: $*" | tee -a "$log" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
now() { date +%s; }

go build -o "$out/syncbench" ./cmd/syncbench
sb="$out/syncbench"
commit=$(git rev-parse --short=12 HEAD)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')

# gate NAME ARGS... runs one gate into $out/NAME and appends
# "NAME verdict exit seconds load" to $out/runs.txt.
gate() {
	name=$1
	shift
	t0=$(now)
	l0=$(load)
	rc=0
	# shellcheck disable=SC2086 # GATE_ARGS is a list of flags
	"$sb" gate -o "$out/$name" ${GATE_ARGS:-} "$@" >"$out/$name.txt" 2>"$out/$name.log" || rc=$?
	secs=$(($(now) - t0))
	verdict=$(sed -n 's/^gate: \([A-Z]*\):.*/\1/p' "$out/$name.txt")
	[ -n "$verdict" ] || verdict="ERROR($(tail -n1 "$out/$name.log"))"
	echo "$name $verdict $rc $secs $l0" >>"$out/runs.txt"
	say "$name: $verdict (exit $rc) in ${secs}s, load before: $l0"
}
: >"$out/runs.txt"

# 1. The pool: one long A/A run with the default selection.
say "recording $POOL_ROUNDS A/A rounds"
gate pool -old rev=HEAD -new rev=HEAD -rounds "$POOL_ROUNDS" -seed 1

# 2. Real gate runs with the defaults: same commit on both sides, then a
#    calibrated slowdown of one implementation on the new side.
i=1
while [ "$i" -le "$REAL_AA" ]; do
	gate "aa$i" -old rev=HEAD -new rev=HEAD -seed $((100 + i))
	i=$((i + 1))
done
k=1
for s in $REAL_SLOW; do
	SYNCBENCH_SLOWDOWN="$IMPL:$s" gate "slow$s-$k" -old rev=HEAD -new "rev=HEAD,tags=syncbench_slowdown" -seed $((200 + k))
	k=$((k + 1))
done

# 3. Resampling the pool: the default 20 rounds, and 10 for comparison.
say "simulating $TRIALS gate runs per setting"
for r in 20 10; do
	go run ./internal/gate/gateeval -rounds "$r" -trials "$TRIALS" -impl "$IMPL" \
		"$out/pool/gate-old.txt" "$out/pool/gate-new.txt" >"$out/sim$r.md"
done

# The realized slowdown in the real runs: the change of the slowed
# implementation's CPU time and wall time in their first sample.
realized() {
	"$sb" compare -format csv -filter ".unit:(sec/op OR cpu-ns/op) /impl:$IMPL" \
		"$out/$1/gate-old.txt" "$out/$1/gate-new.txt" 2>/dev/null |
		awk -F, 'NR > 1 && $13 != "" { printf "%s %+.1f%%; ", $2, $13 }'
}

wilson() { # k n -> "p% [lo%, hi%]"
	awk -v k="$1" -v n="$2" 'BEGIN {
		z = 1.959964; p = k / n; d = 1 + z*z/n
		c = (p + z*z/(2*n)) / d; h = z * sqrt(p*(1-p)/n + z*z/(4*n*n)) / d
		lo = c - h; hi = c + h; if (lo < 0) lo = 0; if (hi > 1) hi = 1
		printf "%.0f%% [%.0f%%, %.0f%%]", 100*p, 100*lo, 100*hi }'
}

aa_fail=$(grep -c '^aa[0-9]* FAIL' "$out/runs.txt" || true)
aa_n=$(grep -c '^aa' "$out/runs.txt" || true)
s10_fail=$(grep -c '^slow10-[0-9]* FAIL' "$out/runs.txt" || true)
s10_n=$(grep -c '^slow10-' "$out/runs.txt" || true)
maxload=$(awk '{ if ($5 > m) m = $5 } END { print m + 0 }' "$out/runs.txt")
if awk -v m="$maxload" -v n="$ncpu" 'BEGIN { exit !(m > n) }'; then
	loadnote="and during this run other jobs loaded it beyond its $ncpu CPUs (1-minute load average up to $maxload before a gate run)"
else
	loadnote="but during this run it was fairly quiet (1-minute load average at most $maxload before a gate run)"
fi
finished=$(date -u '+%Y-%m-%d %H:%M UTC')

# gatedefault prints the default value syncbench gate -h gives for the flag
# whose usage line starts with $1.
gatedefault() {
	"$sb" gate -h 2>&1 | grep -A1 -e "^  $1" | sed -n 's/.*(default "*\([^"]*\)"*)$/\1/p'
}

# 4. The document.
{
	cat <<EOF
# How good is the gate: measured

Generated by \`scripts/gate-eval.sh\` on $started (finished $finished), commit \`$commit\`,
on a $ncpu-CPU machine ($cpu) shared with other jobs (several agents build,
test and benchmark on it), $loadnote. The load is logged before each gate run
below; the rates depend on it.

Gate settings measured: the defaults of \`syncbench gate\`, \`-bench $(gatedefault '-bench regexp')\`,
\`-rounds $(gatedefault '-rounds rounds')\` interleaved rounds (and as many fresh ones for the
recheck of suspects), \`-benchtime $(gatedefault '-benchtime d')\` to calibrate a fixed
iteration count per benchmark, \`-threshold $(gatedefault '-threshold percent')\`, \`-alpha $(gatedefault '-alpha float')\` after Holm,
deciding on \`$(gatedefault '-filter query')\`; extra flags: \`${GATE_ARGS:-none}\`.

## Real gate runs (method: real trials)

Each line is one complete \`syncbench gate\` run with the defaults; the slowdown
runs build the new side with \`-tags syncbench_slowdown\` and set
\`SYNCBENCH_SLOWDOWN=$IMPL:<percent>\`.

| run | verdict | exit | wall time | load average before (1, 5, 15 min) | realized change of impl=$IMPL (first sample) |
|---|---|--:|--:|---|---|
EOF
	while read -r name verdict rc secs l1 l5 l15; do
		case $name in
		pool) what="A/A, $POOL_ROUNDS rounds (the pool)" ;;
		aa*) what="A/A (same commit)" ;;
		slow*) s=${name#slow} && what="slowdown ${s%-*}%" ;;
		esac
		printf '| %s: %s | %s | %s | %dm%02ds | %s %s %s | %s |\n' "$name" "$what" "$verdict" "$rc" \
			$((secs / 60)) $((secs % 60)) "$l1" "$l5" "$l15" "$(realized "$name")"
	done <"$out/runs.txt"
	cat <<EOF

From the real runs (Wilson 95% intervals; too few runs to say much on their
own, hence the resampling below):

- false alarms (FAIL with the same commit on both sides): $aa_fail of $aa_n, $(wilson "$aa_fail" "$aa_n");
- detection of a 10% slowdown (FAIL): $s10_fail of $s10_n, $(wilson "$s10_fail" "$s10_n");
- wall time of one gate run with the defaults: the A/A and slowdown lines above
  (a FAIL includes the recheck's fresh rounds).

## Resampled gate runs (method: resampling the recorded A/A rounds)

\`go run ./internal/gate/gateeval\` draws each simulated gate run's rounds, with
replacement, from the $POOL_ROUNDS recorded A/A rounds (the pool run above),
swaps old and new within a drawn round at random (both ran the same commit),
multiplies the new side's time of impl=$IMPL by 1+slowdown, and applies the
gate's own decision (\`gate.Judge\`: Holm-corrected Mann–Whitney, threshold,
recheck of suspects in freshly drawn rounds, noise check). FAIL at 0% is a
false alarm; FAIL at 5/10/20% is a detection.

### Default: 20 rounds

$(cat "$out/sim20.md")

### For comparison: 10 rounds (the issue's suggested default)

$(cat "$out/sim10.md")

The Wilson intervals above count only the Monte Carlo error of the
simulation. All simulated runs are drawn from the same $POOL_ROUNDS recorded rounds
of one period of machine load, so the real uncertainty is larger, and a
different load (quieter or busier) gives different rates.

## Noise: wall time against CPU time (method: the pool run)

Intervals (benchstat's ± around the median, $POOL_ROUNDS runs per side) of the
same binary on both sides, from the pool's files:

\`\`\`
$(cd "$out/pool" && "$sb" compare -filter '.unit:(sec/op OR cpu-ns/op)' -threshold 100 gate-old.txt gate-new.txt 2>&1 | sed '/^[0-9]* slower/,$d')
\`\`\`
EOF
} >"$doc"
say "wrote $doc (result files in $out)"
