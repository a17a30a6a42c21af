/*
Package gate is syncbench's CI regression check, `syncbench gate`: it builds
two sides, measures their benchmarks in interleaved rounds on this machine
until each row passes, fails or the time budget runs out.

	syncbench gate -old SIDE -new SIDE [flags]

A side is rev=REV (a git revision, checked out in a temporary worktree),
worktree (the current checkout), toolchain=goX.Y.Z (any release from 1.22),
goroot=PATH (a Go tree on disk) or tags=T.

# Deciding on the ratio, round by round

Each round runs every open benchmark once on each side, the two back to back
in a random order, so that a burst of load from other jobs hits both; the
round contributes the ratio new/old of each row. Under "no change" each
ratio is as likely above 1 as below, whatever the load, so the Wilcoxon
signed-rank test of the log ratios is exact, and its Hodges–Lehmann interval
for the ratio carries both sides' noise.

At looks (rounds 12, 24, 48, 96, 192 and 384: each time the rounds double)
each open row is decided:

  - fail when it is slower, with the p-values of all rows of a unit passing
    compare's multiplicity control at -alpha (0.01) split evenly over the
    looks, and the estimated slowdown is at least -threshold (5%);
  - pass when its interval rules out a slowdown of -margin (10%) at -beta
    (0.05) split over the looks.

A slowdown between the threshold and the margin may go either way (the
indifference zone of a sequential test): on a 2-core machine the contended
rows vary by 10–20% from one round to the next, so a pass that must rule out
5% (-margin 5) takes several times the rounds. The split bounds the chance of
a wrong fail over the whole sequential run by alpha (TestSequentialErrorControl
simulates it; looking every round at the full rate fails it). Open rows run
again; the gate stops at the first failed row (FAIL), when every row passed
(PASS), or when -max-time (10 minutes, building included) is spent: only rows
still open then make it INCONCLUSIVE. Decided rows stop costing time.

# What is measured

The gate measures through package rounds, as `syncbench run` does: calibrated
once, then rounds of one fresh process per configuration and side, the sides
of a configuration back to back in a random order. It decides on CPU time per
operation (cpu-ns/op: the CPU time of the benchmark's timed region, which the
suite's gang-based benchmarks report as timed-cpu-ns/op when the gate sets
SYNCBENCH_TIMED_CPU=1; where either side does not report it, as an older
revision or a benchmark outside the gang harness, both sides fall back to the
process's CPU time less the binaries' start-up) and on the allocation counts,
because on a shared machine wall time varies several-fold between runs of the
same binary; -units cpu-ns/op,sec/op,... adds wall time. Both sides are built
with -trimpath, so two checkouts of one commit give the same binary.

The default selection (DefaultBench) holds the counter uncontended (five
implementations, one goroutine) and the contended cases the suite exists for:
Counter mutex and atomic-add at 64 goroutines, ReadMostly rwmutex at 90% reads
and 64 goroutines, Channel chan buf=16 with 4 producers and 4 consumers, and
PingPong buf=0. The contended rows are the noisy ones, so they decide the
gate's time. -reps N keeps the median of N runs per side and round (N times
the time per round); -benchtime sets the calibrated run length.

# Output and files

Progress goes to stderr from the first second (building, calibrating, round k
of at most n, rows still open); the verdict is one line (the last line of the
text output, the heading of -format markdown). Results are written as
gate-old.partial.txt and gate-new.partial.txt and renamed over gate-old.txt
and gate-new.txt only when the gate completes, so an interrupted gate leaves
its rounds beside the last complete ones. Relative -pkg paths not found in the
current directory are taken from the nearest module or workspace root above it
that has them, so the gate works from any directory of the checkout.

How often the gate is wrong, and what each row and the margin cost, is
measured by scripts/gate-eval.sh in results/gate-eval.md.

# Example

The module in cmd/syncbench/testdata/doc/tiny has one benchmark, Work, that
allocates once per operation when built with the tag slow. Gating the
tagged build against the plain one on the allocation counts alone, 3
rounds at GOMAXPROCS=1, fails it (… stands for the time taken):

	$ syncbench gate -old worktree -new tags=slow -pkg . -bench Work -benchtime 100x -cpu 1 -rounds 3 -units allocs/op -seed 1
	old: worktree (working tree)
	new: tags=slow (working tree, tags slow)
	1 benchmark(s), 3 round(s) of 1 run(s) per side (at most 3 rounds or 10m0s), seed 1, …
	each row decided on its rounds' new/old ratios: it fails when slower by at least 5% (signed-rank test; a false failure at most 0.01 of the time over 1 look(s) and all rows), it passes when a slowdown of 10% is ruled out (wrongly at most 0.05 of the time)

	benchmark                                                              unit       rounds          old          new  new/old interval             decision
	Work                                                                   allocs/op       3            0            1       +∞ exact                fail

	gate: FAIL: 1 of 1 row(s) slower by more than 5%, worst Work allocs/op +∞ (exact, 0 → 1) (…; results in syncbench-gate/gate-old.txt, syncbench-gate/gate-new.txt)
	exit status 1

The example shows standard output and the exit status; the progress went to
standard error. TestManualExamples (cmd/syncbench) runs it.

# Exit status

0 PASS; 1 FAIL (a regression); 2 INCONCLUSIVE, usage error or any failure.
*/
package gate
