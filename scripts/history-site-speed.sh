#!/usr/bin/env bash
# The site's speed with a large store: a synthetic history of 2,000 series
# × 200 points (4 machines, 10 families, 5 samples a point), its site, and
# the index opened 5 times in headless Chromium, timed by the page itself
# (PerformanceNavigationTiming, and the mark sb-usable that app.js sets
# when the index is drawn and the search box works). Writes
# results/history/site-speed.md. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/syncbench" ./cmd/syncbench
go build -o "$tmp/sitetool" ./internal/history/site/testdata/cmd/sitetool
start=$(date +%s)
"$tmp/sitetool" synth -db "$tmp/history.db" -series 2000 -points 200 | tail -n 1
added=$(date +%s)
summary=$("$tmp/syncbench" history site -db "$tmp/history.db" -o "$tmp/site")
done_=$(date +%s)
echo "$summary"
largest=$(find "$tmp/site" -type f -printf '%s %P\n' | sort -n | tail -n 1)
total=$(du -sb "$tmp/site" | cut -f1)
files=$(find "$tmp/site" -type f | wc -l)
table=$("$tmp/sitetool" speed -site "$tmp/site" -runs 5)
mkdir -p results/history
{
	echo "# History site speed"
	echo
	echo "scripts/history-site-speed.sh at $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ), $(chromium --version 2>/dev/null || echo chromium), load before $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)."
	echo
	echo "Store: synthetic, 2,000 series × 200 points (4 machines × 10 families × 50 configurations, 5 samples a point, a step of 10-30% in one series of ten); added in $((added - start)) s, site written in $((done_ - added)) s."
	echo
	echo "Site: $files files, $total bytes in all; largest file: ${largest#* } (${largest%% *} bytes; target < 1,000,000)."
	echo
	echo "The index opened in headless Chromium from file://, 5 loads, times in ms from navigation start (target: usable < 1,000):"
	echo
	echo "$table"
} > results/history/site-speed.md
cat results/history/site-speed.md
