#!/usr/bin/env bash
# Runs the README's commands as written, in a fresh clone of this checkout's
# HEAD, and prints each one's exit status and wall time, with the load.
#
# A command is a line of an indented code block that starts with go, make,
# ./syncbench or scripts/. Commands whose comment gives a duration of a
# minute or more ("about 9 min", "2 h") are listed but not run: the README
# says how long they take. Exits 1 when a command that ran failed.
#
#   scripts/readme-commands.sh            # all the short commands
#   LIMIT=300 scripts/readme-commands.sh  # seconds allowed per command (default 120)
#   ONLY='-cpu 1,2,4,8' LONG=1 LIMIT=0 scripts/readme-commands.sh
#                                         # the commands matching a regexp, long ones too
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
limit="${LIMIT:-120}"
only="${ONLY:-}"
long="${LONG:-}"
work="$(mktemp -d "${TMPDIR:-/tmp}/syncbench-readme-XXXXXX")"
trap 'rm -rf "$work"' EXIT

git clone -q "$root" "$work/clone"
cd "$work/clone" || exit 2
echo "readme-commands: fresh clone of $(git rev-parse --short HEAD), load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

# Indented code lines of the README that are commands.
mapfile -t cmds < <(grep -E '^    (go |make |\./syncbench |scripts/)' README.md | sed 's/^    //')

failed=0
printf '%-6s %-8s %s\n' exit seconds command
for c in "${cmds[@]}"; do
	comment=""
	[[ "$c" == *" # "* ]] && comment="${c#* # }"
	if [ -n "$only" ] && ! grep -qE -- "$only" <<<"$c"; then
		continue
	fi
	if [ -z "$long" ] && [[ "$comment" =~ [0-9]+([.,][0-9]+)?[[:space:]]*(min|h\b|hour) ]]; then
		printf '%-6s %-8s %s\n' skip long "$c"
		continue
	fi
	start=$(date +%s.%N)
	timeout "$limit" bash -c "$c" >"$work/out" 2>&1
	rc=$?
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	printf '%-6s %-8.1f %s\n' "$rc" "$secs" "$c"
	if [ "$rc" -ne 0 ]; then
		failed=1
		sed 's/^/       | /' "$work/out" | tail -n 5
	fi
done
changed=$(git diff --name-only | wc -l | tr -d ' ')
echo "readme-commands: tracked files the commands changed: $changed"
[ "$changed" -eq 0 ] || { git diff --name-only | sed 's/^/       | /'; failed=1; }
echo "readme-commands: load at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
exit "$failed"
