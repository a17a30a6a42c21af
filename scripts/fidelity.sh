#!/usr/bin/env bash
# fidelity.sh: does the suite measure what Go's own benchmarks measure?
# Builds the suite's test binary and Go's own test binaries (sync, runtime,
# internal/runtime/atomic) with the go command in use, runs each pair of
# benchmarks of the same operation (internal/fidelity's Pairs: uncontended
# Mutex, RWMutex read lock, atomic add, unbuffered ping-pong, buffered
# hand-off, goroutine creation, WaitGroup) interleaved in rounds, and writes
# the ratios ours/Go's with 95% intervals, the load and a note per pair to
# results/fidelity.md (every result line to results/fidelity.txt).
#
#   scripts/fidelity.sh [-rounds N] [-benchtime D] [-o FILE] [-raw FILE]
#
# Defaults: 20 rounds of 100ms samples (calibrated once at 25ms), a few minutes on 2 cores with the
# binaries built. Exit status 0, or 2 on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "fidelity: $(go version); load before: $(uptime)" >&2
go run ./scripts/fidelity -set fidelity "$@"
echo "fidelity: load after: $(uptime)" >&2
