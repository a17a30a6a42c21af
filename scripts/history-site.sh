#!/usr/bin/env bash
# The committed history site: builds a store from a release-history
# results file (default: the newest committed results/history/<machine>/
# <stamp>.txt from scripts/history-releases.sh, else the committed
# cross-release run results/releases/vm-epyc/20261201T054824Z.txt), writes the site
# to results/history/site/ and screenshots of it to results/history/*.png
# (headless Chromium; Debian's chromium package).
#
#   scripts/history-site.sh [FILE]
#
# A file of fewer than 8 releases is added split into its rounds (each
# round a run): the change-point detector needs 4 points on each side of
# a change, which 6 releases of one point each cannot give.
set -euo pipefail
cd "$(dirname "$0")/.."
newest=$(git ls-files 'results/history/*/*.txt' | grep -E '/[0-9]{8}T[0-9]{6}Z\.txt$' | awk -F/ '{ print $NF " " $0 }' | sort | tail -n 1 | cut -d' ' -f2)
file=${1:-${newest:-results/releases/vm-epyc/20261201T054824Z.txt}}
test -f "$file" || { echo "history-site.sh: no file $file" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/syncbench" ./cmd/syncbench
go build -o "$tmp/sitetool" ./internal/history/site/testdata/cmd/sitetool
"$tmp/sitetool" store -db "$tmp/history.db" "$file"
mkdir -p results/history
"$tmp/syncbench" history site -db "$tmp/history.db" -o results/history/site
"$tmp/sitetool" shots -site results/history/site -o results/history
if grep -rlE 'https?:|://' results/history/site; then
	echo "history-site.sh: the site names a URL outside it (files above)" >&2
	exit 1
fi
echo "history-site.sh: site of $file in results/history/site (open results/history/site/index.html), screenshots in results/history/site-*.png"
