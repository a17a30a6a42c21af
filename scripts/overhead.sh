#!/usr/bin/env bash
# overhead.sh: what the harness and the lock-wait probe cost.
# Runs, interleaved in rounds at a calibrated fixed iteration count,
# BenchmarkHarness (Counter's own path for atomic-add at goroutines=1 against
# a bare for loop of the same add; within 5%) and BenchmarkSampling (the
# mutex counter at 1 and 64 goroutines, lock-wait probe on against off;
# within 2%), at GOMAXPROCS 1 and 2, and writes the ratios with 95%
# intervals, decided on CPU time per operation, and the load to
# results/overhead.md (every result line to results/overhead.txt).
#
#   scripts/overhead.sh [-rounds N] [-benchtime D] [-o FILE] [-raw FILE]
#
# Defaults: 40 rounds of 100ms samples (calibrated once at 25ms) (20 rounds left the interval of a
# median ratio wider than the 2% tolerance: the probe costs less than the
# spread between processes here). Exit status 0, or 2 on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "overhead: $(go version); load before: $(uptime)" >&2
go run ./scripts/fidelity -set overhead "$@"
echo "overhead: load after: $(uptime)" >&2
