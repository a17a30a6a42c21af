#!/bin/sh
# release-gates.sh runs the regression gate between consecutive Go releases
# (and the first against the last) on a selection, to find in which release
# a difference seen in a cross-release run (scripts/releases.sh) appears.
# The gate decides on CPU time per operation in interleaved rounds, until
# each row is decided or its time budget is spent (see syncbench gate -h).
#
#   scripts/release-gates.sh 'WaitGroup/op=add-done/goroutines=64'
#
#   RELEASES  toolchains, oldest first (default as scripts/releases.sh)
#
# The markdown goes to results/releases/<machine>/gates-<UTC stamp>.md.
#
# Each gate's markdown goes there under the command that made it, with the
# load average before and after; the result files stay in a temporary
# directory that is removed at the end.
set -eu
cd "$(git rev-parse --show-toplevel)"
[ $# -eq 1 ] || { echo "usage: scripts/release-gates.sh BENCH-REGEXP" >&2; exit 2; }
bench=$1
releases=${RELEASES:-go1.22.12,go1.23.12,go1.24.11,go1.25.5,go1.26.8,go1.27.3}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
go build -o "$tmp/syncbench" ./cmd/syncbench
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$tmp/gates.md

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
gate() {
	old=$1 new=$2
	{
		echo "## $old against $new"
		echo
		echo "    syncbench gate -old toolchain=$old -new toolchain=$new -bench '$bench'"
		echo
		echo "Load average (1, 5, 15 min) before: $(load)."
		echo
	} >>"$out"
	status=0
	"$tmp/syncbench" gate -old "toolchain=$old" -new "toolchain=$new" -bench "$bench" \
		-format markdown -o "$tmp/$old-$new" >"$tmp/summary.md" 2>"$tmp/stderr" || status=$?
	# Headings one level down; the temporary directory's name left out.
	sed -e 's/^#/###/' -e "s|$tmp/||g" "$tmp/summary.md" >>"$out"
	verdict=$(grep -hE '^(#+ )?(syncbench )?gate: (PASS|FAIL|INCONCLUSIVE)' "$tmp/summary.md" "$tmp/stderr" | sed -E 's/^#+ //' | tail -n 1)
	{
		echo
		echo "Exit status $status: ${verdict:-no verdict (see the tables above)}. Load average after: $(load)."
		echo
	} >>"$out"
	echo "release-gates.sh: $old against $new: exit $status"
}

echo "# The gate between Go releases: $bench" >"$out"
echo >>"$out"
prev=
for r in $(echo "$releases" | tr ',' ' '); do
	[ -n "$prev" ] && gate "$prev" "$r"
	prev=$r
done
first=${releases%%,*}
[ "$first" != "$prev" ] && gate "$first" "$prev"
machine=$(sed -n 's/^machine: //p' "$tmp/$first-$prev/gate-old.txt" 2>/dev/null | head -n 1)
dir=results/releases/${machine:-unknown}
mkdir -p "$dir"
cp "$out" "$dir/gates-$stamp.md"
echo "release-gates.sh: wrote $dir/gates-$stamp.md"
