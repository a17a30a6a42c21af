#!/usr/bin/env bash
# The history CI of .github/workflows/history.yml, and its local rehearsal.
#
#   scripts/history-ci.sh name FILE KIND
#       name the machine of results FILE by its runner kind (machine: KIND),
#       so that one kind's runs are one machine in the store whatever the
#       host name of the runner (a new one on every job)
#   scripts/history-ci.sh gather RESULTS_DIR SITE_DIR
#       fetch the store (history.db on branch $HISTORY_BRANCH of
#       $HISTORY_REMOTE; a new store when the branch is missing), add every
#       RESULTS_DIR/*.txt, push the store back as a new commit of the
#       branch, write the site to SITE_DIR, then exit 1 when a regression
#       change point lies at the newest point of a series
#       (syncbench history changes -last 1), 0 otherwise
#   scripts/history-ci.sh local
#       the whole thing end to end on this machine: a bare repository in a
#       temporary directory stands for the remote, two machines are two
#       copies of committed results files with other machine: and cpu:
#       lines, and two pushes to main are two gathers, the second adding
#       to the store the first pushed
#
#   HISTORY_REMOTE   remote or path of the store's branch (default origin)
#   HISTORY_BRANCH   the store's branch (default history-data)
#   SYNCBENCH        the syncbench binary (default: built into a temp dir)
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
remote=${HISTORY_REMOTE:-origin}
branch=${HISTORY_BRANCH:-history-data}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
syncbench() {
	if [ -z "${SYNCBENCH:-}" ]; then
		go build -o "$tmp/bin/" ./cmd/syncbench
		SYNCBENCH=$tmp/bin/syncbench
	fi
	"$SYNCBENCH" "$@"
}

name() {
	[ $# = 2 ] && [ -f "$1" ] || { echo "usage: history-ci.sh name FILE KIND" >&2; exit 2; }
	sed -e "s/^machine: .*/machine: $2/" "$1" >"$tmp/named" && cat "$tmp/named" >"$1"
	echo "history-ci.sh: $1 is machine $2"
}

gather() {
	[ $# = 2 ] || { echo "usage: history-ci.sh gather RESULTS_DIR SITE_DIR" >&2; exit 2; }
	local results=$1 site=$2 db=$tmp/history.db parent=
	shopt -s nullglob
	local files=("$results"/*.txt "$results"/*/*.txt)
	[ ${#files[@]} -gt 0 ] || { echo "history-ci.sh: no results files in $results" >&2; exit 2; }
	if git fetch -q "$remote" "refs/heads/$branch" 2>/dev/null; then
		parent=$(git rev-parse FETCH_HEAD)
		git cat-file blob "$parent:history.db" >"$db"
		echo "history-ci.sh: store from $branch at ${parent:0:12}"
	else
		echo "history-ci.sh: no branch $branch at $remote: a new store"
	fi
	syncbench history add -db "$db" "${files[@]}"
	# The store as the one file of a new commit of the branch.
	local blob tree commit
	blob=$(git hash-object -w "$db")
	tree=$(printf '100644 blob %s\thistory.db\n' "$blob" | git mktree)
	export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-syncbench history} GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-history@syncbench.invalid}
	export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
	commit=$(git commit-tree "$tree" ${parent:+-p "$parent"} -m "history: add ${#files[@]} results files of $(git rev-parse --short HEAD)")
	git push -q "$remote" "$commit:refs/heads/$branch"
	echo "history-ci.sh: store pushed to $branch at ${commit:0:12}"
	syncbench history site -db "$db" -o "$site"
	# Fail on a regression at the newest point. history changes comes
	# with the history changes command; a syncbench without it is told
	# apart from a regression (exit 1) and an error (exit 2).
	if ! syncbench history changes -h >/dev/null 2>&1; then
		echo "history-ci.sh: this syncbench has no 'history changes': the regression check is SKIPPED" >&2
		return 0
	fi
	local rc=0
	syncbench history changes -db "$db" -last 1 || rc=$?
	case $rc in
	0) echo "history-ci.sh: no regression at the newest points" ;;
	1) echo "history-ci.sh: a regression change point at the newest point (above)" >&2 ;;
	*) echo "history-ci.sh: history changes failed (exit $rc)" >&2 ;;
	esac
	return $rc
}

local_ci() {
	local origin=$tmp/origin.git
	git init -q --bare "$origin"
	export HISTORY_REMOTE=$origin
	remote=$origin
	# Two runs of this suite (committed standard runs), each on two
	# simulated machines.
	local runs=(results/vm-epyc/20261201T121150Z.txt results/vm-epyc/20261202T145014Z.txt)
	local i=0 rc=0
	for run in "${runs[@]}"; do
		i=$((i + 1))
		echo "== push $i: $run on two runner kinds"
		mkdir -p "$tmp/push$i"
		for kind in gha-ubuntu-x64 gha-ubuntu-arm64; do
			cp "$run" "$tmp/push$i/$kind.txt"
			name "$tmp/push$i/$kind.txt" "$kind"
		done
		# A CPU of each kind, the same on both pushes.
		sed -i.bak -e 's/^cpu: .*/cpu: AMD EPYC (simulated)/' "$tmp/push$i/gha-ubuntu-x64.txt"
		sed -i.bak -e 's/^cpu: .*/cpu: Neoverse-N2 (simulated)/' -e 's/^goarch: .*/goarch: arm64/' "$tmp/push$i/gha-ubuntu-arm64.txt"
		rm -f "$tmp/push$i"/*.bak
		rc=0
		gather "$tmp/push$i" "$tmp/site" || rc=$?
		[ $rc -le 1 ] || exit $rc
	done
	test -f "$tmp/site/index.html" || { echo "history-ci.sh: no site written" >&2; exit 1; }
	if grep -rlE 'https?:|://' "$tmp/site"; then
		echo "history-ci.sh: the site names a URL outside it" >&2
		exit 1
	fi
	echo "history-ci.sh local: passed: 2 pushes × 2 machines gathered into one store on $branch ($(git --git-dir="$origin" rev-list --count "$branch") commits), site of $(ls "$tmp/site"/family-*.html | wc -l) families written, changes exit $rc"
}

case ${1:-} in
name) shift; name "$@" ;;
gather) shift; gather "$@" ;;
local) local_ci ;;
*) echo "usage: history-ci.sh name FILE KIND | gather RESULTS_DIR SITE_DIR | local" >&2; exit 2 ;;
esac
