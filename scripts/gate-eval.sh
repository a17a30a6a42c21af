#!/bin/sh
# gate-eval.sh measures how good `syncbench gate` is on this machine, at
# whatever load it has (logged before every run), and writes
# results/gate-eval.md entirely from its own measurements:
#
#   1. the pool: one A/A run of POOL_ROUNDS fixed rounds of the default
#      selection (both sides the same commit), for the resampling study and
#      for how correlated the two sides of a round are, row by row;
#   2. real gate runs with the defaults, in turn: A/A (the same commit on
#      both sides) and each injected slowdown of SLOWDOWNS (the new side
#      built with -tags syncbench_slowdown and SYNCBENCH_SLOWDOWN set), until
#      REAL_AA A/A runs and REAL_SLOW runs of each slowdown are done or
#      EVAL_DEADLINE (a Unix time) has passed;
#   3. the resampling study (internal/gate/gateeval): thousands of
#      simulated sequential gate runs drawn from the pool's rounds, with a
#      slowdown of 0, 10 and 20% put on chosen rows;
#   4. the document, with Wilson 95% intervals for every rate.
#
# Environment (defaults in brackets):
#   REAL_AA        real A/A gate runs [20]
#   REAL_SLOW      real runs of each injected slowdown [20]
#   SLOWDOWNS      injected slowdowns, "label=SYNCBENCH_SLOWDOWN" words
#                  [contended10=contended:mutex:10 contended20=contended:mutex:20]
#                  (a CPU stretch of P% of the timed region; the gate decides
#                  on the timed region's CPU time, timed-cpu-ns/op, so it
#                  comes out at about P%: the "slowed row" column says)
#                  (held:mutex:N and handoff:chan:N, the critical section
#                  and the channel hand-off, are the other kinds)
#   POOL_ROUNDS    rounds of the pool run [60]
#   TRIALS         simulated gate runs per setting [2000]
#   EVAL_DEADLINE  Unix time after which no new real run starts [none]
#   GATE_ARGS      extra flags for every real gate run, e.g. "-max-time 4m" []
#   GATE_WRAP      a command prefix for every gate run, such as a lock that
#                  keeps other CPU work out of the runs but lets it in
#                  between them: "flock LOCKFILE" []
#   EVAL_OUT       directory for the result files [a temporary directory]
#   EVAL_DOC       the document to write [results/gate-eval.md]
#   DOC_ONLY=1     skip 1–2 and rebuild the document from EVAL_OUT
#   RUN_FROM       number of the first real run of each setting [1] (to add
#                  runs to an EVAL_OUT that has some)
#   DOC_SLOWDOWNS  the settings the document counts [SLOWDOWNS]
#
# The full study (20 + 2×20 runs of up to 10 minutes) takes one and a half
# to two hours on two shared cores; EVAL_DEADLINE and GATE_ARGS cut it to what fits, and the
# document says how many runs it holds.
set -eu

cd "$(git rev-parse --show-toplevel)"
REAL_AA=${REAL_AA:-20}
REAL_SLOW=${REAL_SLOW:-20}
SLOWDOWNS=${SLOWDOWNS:-contended10=contended:mutex:10 contended20=contended:mutex:20}
POOL_ROUNDS=${POOL_ROUNDS:-60}
TRIALS=${TRIALS:-2000}
out=${EVAL_OUT:-$(mktemp -d)}
doc=${EVAL_DOC:-results/gate-eval.md}
mkdir -p "$out"
log="$out/eval.log"
touch "$log" "$out/runs.txt"

say() { echo "gate-eval: $(date -u +%H:%M:%S) $*" | tee -a "$log" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
now() { date +%s; }

go build -o "$out/syncbench" ./cmd/syncbench
sb="$out/syncbench"
# One commit for every run, whatever HEAD does meanwhile.
if [ -s "$out/commit" ]; then commit=$(cat "$out/commit"); else commit=$(git rev-parse HEAD) && echo "$commit" >"$out/commit"; fi
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
[ -s "$out/started" ] || date -u '+%Y-%m-%d %H:%M UTC' >"$out/started"

# gate NAME ARGS... runs one gate into $out/NAME and appends
# "NAME verdict exit seconds load1 load5 load15" to $out/runs.txt.
gate() {
	name=$1
	shift
	rc=0
	# The clock and the load are read once GATE_WRAP lets the run start.
	# shellcheck disable=SC2086 # GATE_WRAP is a command prefix, GATE_ARGS a list of flags
	${GATE_WRAP:-} sh -c '(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || uptime) >"$0.load"; date +%s >"$0.t0"; exec "$@"' \
		"$out/$name" "$sb" gate -o "$out/$name" -format markdown ${GATE_ARGS:-} "$@" >"$out/$name.md" 2>"$out/$name.log" || rc=$?
	t0=$(cat "$out/$name.t0" 2>/dev/null || now)
	l0=$(cat "$out/$name.load" 2>/dev/null || load)
	secs=$(($(now) - t0))
	verdict=$(sed -n 's/^## syncbench gate: \([A-Z]*\)$/\1/p' "$out/$name.md")
	[ -n "$verdict" ] || verdict=ERROR
	echo "$name $verdict $rc $secs $l0" >>"$out/runs.txt"
	say "$name: $verdict (exit $rc) in ${secs}s, load before: $l0"
}
late() { [ -n "${EVAL_DEADLINE:-}" ] && [ "$(now)" -ge "$EVAL_DEADLINE" ]; }

if [ "${DOC_ONLY:-}" != 1 ]; then
	say "commit $commit, load $(load), GATE_ARGS '${GATE_ARGS:-}'"
	if [ ! -s "$out/pool/gate-new.txt" ]; then
		say "recording the pool: $POOL_ROUNDS A/A rounds"
		gate pool -old "rev=$commit" -new "rev=$commit" -rounds "$POOL_ROUNDS" -seed 1
	fi
	i=${RUN_FROM:-1}
	while [ "$i" -le "$REAL_AA" ] || [ "$i" -le "$REAL_SLOW" ]; do
		if [ "$i" -le "$REAL_AA" ] && ! late; then
			gate "aa-$i" -old "rev=$commit" -new "rev=$commit" -seed $((100 + i))
		fi
		if [ "$i" -le "$REAL_SLOW" ]; then
			for s in $SLOWDOWNS; do
				late && break
				SYNCBENCH_SLOWDOWN=${s#*=} gate "${s%%=*}-$i" -old "rev=$commit" -new "rev=$commit,tags=syncbench_slowdown" -seed $((200 + i))
			done
		fi
		late && { say "EVAL_DEADLINE passed: no more real runs"; break; }
		i=$((i + 1))
	done
fi

say "settings counted in the document: ${DOC_SLOWDOWNS:-$SLOWDOWNS}"
say "resampling the pool: $TRIALS simulated gate runs per setting"
go build -o "$out/gateeval" ./internal/gate/gateeval
# The rounds a default gate fits in its 10 minutes: the pool's mean round
# (every benchmark still open, so an underestimate) into 10 minutes less a
# minute for building and calibrating, at most the gate's -max-rounds.
most=$("$sb" gate -h 2>&1 | sed -n '/-max-rounds/,/default/s/.*(default \([0-9]*\)).*/\1/p')
fit=$(awk -v most="${most:-96}" '/^gate: round [0-9]+ of/ { s += $(NF) + 0; n++ } END { r = (n ? int(540 / (s / n)) : 60); if (r > most) r = most; if (r < 12) r = 12; print r }' "$out/pool.log")
say "a default gate fits about $fit rounds here"
"$out/gateeval" -trials "$TRIALS" -max-rounds "$fit" -reps "$(sed -n 's/.* round(s) of \([0-9]*\) run(s) per side.*/\1/p' "$out/pool.md")" \
	"$out/pool/gate-old.txt" "$out/pool/gate-new.txt" >"$out/sim.md" 2>"$out/sim.log"
# The same without the noisiest row of the pool (largest spread of its
# round ratios): how much that one row costs the gate.
noisiest=$(awk -F'|' '/^### Pairing/ { p = 1 } p && /^\| `/ && NF == 6 { gsub(/[ `]/, "", $2); if ($4 + 0 > m) { m = $4 + 0; r = $2 } } END { print r }' "$out/sim.md")
"$out/gateeval" -trials "$TRIALS" -max-rounds "$fit" -reps "$(sed -n 's/.* round(s) of \([0-9]*\) run(s) per side.*/\1/p' "$out/pool.md")" \
	-exclude "^$(printf '%s' "$noisiest" | sed 's/[][().*+?^$|\\{}]/\\&/g')\$" -targets "goroutines=64,Channel,PingPong" \
	"$out/pool/gate-old.txt" "$out/pool/gate-new.txt" 2>>"$out/sim.log" | sed '/^### What each row costs/,$d' >"$out/sim-without.md"
reps=$(sed -n 's/.* round(s) of \([0-9]*\) run(s) per side.*/\1/p' "$out/pool.md")
# What the default margin buys: a PASS that must rule out 5% (-margin 5),
# in the default budget and in twice the rounds (a 20-minute budget).
"$out/gateeval" -trials "$TRIALS" -max-rounds "$fit" -margin 5 -reps "$reps" -targets "goroutines=64,Channel,PingPong" \
	"$out/pool/gate-old.txt" "$out/pool/gate-new.txt" 2>>"$out/sim.log" | sed '/^### What each row costs/,$d' >"$out/sim-m5.md"
"$out/gateeval" -trials "$TRIALS" -max-rounds $((2 * fit)) -margin 5 -reps "$reps" -targets "goroutines=64,Channel,PingPong" \
	"$out/pool/gate-old.txt" "$out/pool/gate-new.txt" 2>>"$out/sim.log" | sed '/^### What each row costs/,$d' >"$out/sim-m5-long.md"
"$out/gateeval" -pairing -unit sec/op -reps "$reps" "$out/pool/gate-old.txt" "$out/pool/gate-new.txt" 2>>"$out/sim.log" | sed 1,2d >"$out/pairing-wall.md"

# slowed RUN prints how the gate measured the row its slowdown targets
# (the contended configurations of IMPL for contended:IMPL:P, the
# Channel rows for handoff:chan:N, else IMPL's rows), or "-".
slowed() {
	spec=$(for w in ${DOC_SLOWDOWNS:-$SLOWDOWNS}; do if [ "${w%%=*}" = "${1%-*}" ]; then echo "${w#*=}"; fi; done)
	[ -n "$spec" ] || { echo -; return; }
	case $spec in
	contended:* | held:* | handoff:*) impl=$(echo "$spec" | cut -d: -f2) ;;
	*) impl=${spec%%:*} ;;
	esac
	pat="/impl=$impl/"
	case $spec in handoff:*) pat="Channel/impl=$impl/" ;; esac
	grep '^| `' "$out/$1.md" 2>/dev/null | grep -F "$pat" | grep -F 'cpu-ns/op' |
		{ case $spec in contended:*) grep -v 'goroutines=1/' ;; *) cat ;; esac; } |
		awk -F'|' '{ for (i = 2; i <= 8; i++) gsub(/^ +| +$|`/, "", $i); printf "%s%s %s %s, %s rounds", (n++ ? "; " : ""), $2, $7, $8, $4 } END { print n ? "" : "-" }'
}

wilson() { # k n -> "k of n: p% [lo%, hi%]"
	awk -v k="$1" -v n="$2" 'BEGIN {
		if (n == 0) { printf "0 of 0: no runs"; exit }
		z = 1.959964; p = k / n; d = 1 + z*z/n
		c = (p + z*z/(2*n)) / d; h = z * sqrt(p*(1-p)/n + z*z/(4*n*n)) / d
		lo = c - h; hi = c + h; if (lo < 0) lo = 0; if (hi > 1) hi = 1
		printf "%d of %d: %.0f%% [%.0f%%, %.0f%%]", k, n, 100*p, 100*lo, 100*hi }'
}
count() { # prefix verdict
	awk -v p="$1" -v v="$2" 'index($1, p "-") == 1 && (v == "" || $2 == v) { n++ } END { print n + 0 }' "$out/runs.txt"
}
secs() { # prefix -> "median max" seconds
	awk -v p="$1" 'index($1, p "-") == 1 { print $4 }' "$out/runs.txt" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR == 0) { print "-"; exit } m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "median %dm%02ds, longest %dm%02ds", m/60, m%60, a[NR]/60, a[NR]%60 }'
}
maxload=$(awk '{ if ($5 > m) m = $5 } END { print m + 0 }' "$out/runs.txt")
minload=$(awk 'NR == 1 || $5 < m { m = $5 } END { print m + 0 }' "$out/runs.txt")
finished=$(date -u '+%Y-%m-%d %H:%M UTC')

{
	cat <<EOF
# How good is the gate: measured

Generated by \`scripts/gate-eval.sh\` from $(cat "$out/started") to $finished, commit \`$(cut -c1-12 "$out/commit")\`,
on a $ncpu-CPU machine ($cpu) shared with other jobs; the 1-minute load average
before a gate run ranged from $minload to $maxload (each run's is below).
The flags of the real runs (GATE_ARGS) and the load at each step are in the
log at the end.

## Real gate runs

Each is one complete \`syncbench gate\` with the defaults (and the extra flags
above). The slowdown runs build the new side with \`-tags syncbench_slowdown\`;
\`SYNCBENCH_SLOWDOWN\` says what is injected: \`IMPL:P\` stretches every timed
region of that implementation by P% of the CPU time the process used in it
(\`atomic-cas\` runs in the default selection only uncontended, at
goroutines=1; the gate decides on the CPU time of the timed region,
timed-cpu-ns/op, so P% should come out at about P%: the gate's own
estimate of each run is in the "slowed row" column),
\`contended:IMPL:P\` the same only where goroutines=N has N > 1 (here
\`Counter/impl=mutex/goroutines=64\`), \`held:IMPL:N\` adds N spin
iterations inside the counter's critical section, \`handoff:chan:N\` N before
each channel send.

| setting | SYNCBENCH_SLOWDOWN | runs | PASS | FAIL | INCONCLUSIVE | errors | wall time |
|---|---|--:|---|---|---|--:|---|
EOF
	for s in aa ${DOC_SLOWDOWNS:-$SLOWDOWNS}; do
		label=${s%%=*}
		spec=${s#*=}
		[ "$label" = aa ] && spec="none (A/A)"
		n=$(count "$label" "")
		printf '| %s | %s | %d | %s | %s | %s | %d | %s |\n' "$label" "$spec" "$n" \
			"$(wilson "$(count "$label" PASS)" "$n")" "$(wilson "$(count "$label" FAIL)" "$n")" \
			"$(wilson "$(count "$label" INCONCLUSIVE)" "$n")" "$(count "$label" ERROR)" "$(secs "$label")"
	done
	cat <<EOF

Rates with Wilson 95% intervals. The reason line of each run names the row
that decided it with the gate's Hodges–Lehmann estimate of its new/old
change and interval, which is how large the injected slowdown came out.

| run | verdict | exit | wall time | load before (1, 5, 15 min) | slowed row: cpu-ns/op new/old [interval], rounds | reason |
|---|---|--:|--:|---|---|---|
EOF
	while read -r name verdict rc s l1 l5 l15; do
		reason=$(sed -n '3p' "$out/$name.md" 2>/dev/null | cut -c1-260)
		[ -n "$reason" ] || reason=$(tail -n1 "$out/$name.log" | cut -c1-260)
		printf '| %s | %s | %s | %dm%02ds | %s %s %s | %s | %s |\n' "$name" "$verdict" "$rc" $((s / 60)) $((s % 60)) "$l1" "$l5" "$l15" "$(slowed "$name")" "$reason"
	done <"$out/runs.txt"
	cat <<EOF

## Resampled sequential gate runs

Simulated gate runs get at most as many rounds as a default gate (10 minutes)
fits here: $fit, from the pool's mean round time with every benchmark still
open, less a minute for building and calibrating.

$(cat "$out/sim.md")

### Without the noisiest row (\`$noisiest\`)

$(cat "$out/sim-without.md")

### What the margin costs

The default PASS rules out a slowdown of 10% (\`-margin 10\`); a slowdown
between the 5% threshold and the margin may pass or fail. Requiring a PASS
to rule out 5% (\`-margin 5\`), in the same budget:

$(cat "$out/sim-m5.md")

and with twice the rounds (\`-max-rounds $((2 * fit))\` and a budget that fits them, about 20 minutes here):

$(cat "$out/sim-m5-long.md")

### Wall time (sec/op) of the same rounds

What deciding on wall time would face here: the same table for \`sec/op\`.

$(cat "$out/pairing-wall.md")

## Log

\`\`\`
$(cat "$log")
\`\`\`
EOF
} >"$doc"
say "wrote $doc (result files in the directory OUT names)"
