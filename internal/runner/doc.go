/*
Package runner runs the syncbench suite: it builds the benchmark package's
test binary, drives it, and writes each result to a results file as it
arrives, so that an interrupted or failing run keeps what it measured.

# Profiles

`make bench` is `syncbench run -profile standard`: -count 10 -benchtime
15ms, full sweeps, 10 rounds of fresh processes (8 min 8 s to 8 min 25 s a
run on the 2-CPU Xeon VM at load 2.3 to 2.8,
results/replication-10rounds-69b98cb.md; 8 min 54 s to 11 min 51 s on
the 2-CPU EPYC VM at load 1.7 to 2.7, results/replication.md and
-10rounds-69b98cb-epyc.md; before
BenchmarkGoroutineMemory started its million goroutines once per
GOMAXPROCS unit instead of twice, about half of every round, 11 min 25 s
to 13 min 27 s at 9 rounds in results/replication-9rounds.md). Ten samples
rather than six: at six a side the Mann–Whitney test's floor is
2/C(12,6) = 0.0022 and one stray round out of six moves a clear gap to
p = 0.004–0.065, so a winner found in one run was missed in the next for
one stray sample; at ten the floor is 1/92378 and a stray round costs far
less. Some configurations run in one of two regimes per process (the mutex
ring at GOMAXPROCS 4: 42–448 ns/op against the channel's steady 47–56),
and there each round counts: two runs of one commit named a winner in one
run only for 9–11% of the workloads at 8 rounds
(results/replication-8rounds.md), 5–10.4% at 9 (-9rounds.md,
-9rounds-33be5c0.md, -9rounds-856878f.md: one pair of the three sittings
above the 10% the project asks) and 3–8% at 10 (-count10.md,
-10rounds-69b98cb.md, -10rounds-69b98cb-epyc.md, replication.md). Shorter samples pay for the
extra rounds: a process's start-up, not its timed region, is most of a round.
quick is -count 1 -benchtime 50ms -short (one sample, no intervals); full is
-count 10 -benchtime 250ms with full sweeps (about 70 minutes estimated).
-cpu values above the CPU count draw a warning and are measured anyway.
No benchmark inherits another's heap or goroutines: the runtime never forgets
a goroutine it created, and a process that has held a million collects
garbage many times slower.

# The same work in every run

Calibration picks each configuration's iteration count from a short run,
and the rounds then run that count. For many benchmarks the time per
operation does not depend on the count; for contended ones it does: a
mutex or a WaitGroup under many goroutines settles into parking and
starvation mode only after a while, so a longer run can cost more per
operation. Calibration's short runs misjudge exactly
those configurations, and from one run to the next it hands out counts up
to ten times apart: `syncbench compare` of the two committed standard runs
results/vm-xeon/20261203T074006Z.txt and 20261203T114753Z.txt, each
calibrated in its own sitting, notes 130 of 1312 configurations 1.5 times or
more apart, up to 11.2 times. Such runs do different work, and their samples
can differ for that reason alone. Two runs of one sitting whose second
reused the first's counts had no time row whose samples did not overlap
(results/replication-reuse.md).

So a run reuses counts (-iters): by default (auto) those of the newest
results file beside its own (results/<machine>/, in name order, the default
names being UTC times) made at the same -benchtime; -iters FILE names one,
-iters none calibrates. Calibration still runs, to find the configurations
and their set-up, but a configuration found in the file gets the file's
count, unless at the speed calibration measured that count would now take
more than rounds.ReuseSpan (10) times longer or shorter than -benchtime, as
after a large change of the code, and a run at the count itself confirms it
(calibration's short run misjudges a configuration whose time per operation
falls as its run grows, such as the unsync counter's 256 goroutines); the
progress line says how many were reused, how many of them only after such a
run, and how many calibrated again. The file says where its counts came
from (the iterations config line, beside benchtime), so the first run of a
machine calibrates and every later one repeats its work, which is what
compare and the history need. syncbench compare notes when two files ran
counts 1.5 times or more apart.

# The results file

It begins with config lines identifying the run (goos, goarch, pkg, cpu,
go-version, ncpu, gomaxprocs-default, kernel, machine, commit with -dirty,
date, syncbench-version, sampling and sampling-seed; -seed repeats an order)
and Unit lines saying which direction is better for every custom metric, so
results from many machines can be merged and told apart. Two comment lines,
which benchstat and syncbench pass over, give the load average when measuring
started and when the run ended. An interrupt (Ctrl-C, SIGTERM) or a failing
benchmark stops the run, keeps every whole line already measured, says where,
and exits 2. An existing file is never overwritten without -force.

# Interrupts, killed runs and files

Every program run and gate start (the go command, the test binaries, git, and
whatever those start, such as GoroutineMemory's fresh processes) runs in a
process group of its own. On an interrupt syncbench sends the group SIGINT (so
that the go command removes its build directory) and SIGKILL 5 seconds later
if anything is left, and it stops what a child leaves behind when it exits; on
Linux a child is also killed when syncbench itself is (a parent-death signal),
and so is GoroutineMemory's fresh process when its test binary dies. Test
binaries, worktrees and the go command's build directory (GOTMPDIR) live in a
temporary directory that its run holds a lock on (flock); the next run or gate
removes any such directory whose lock is free, and the gate runs
`git worktree prune`.

A results file is owned exclusively by writing to a temporary name and linking
it into place at the first result: the config lines are held until then, so no
file without a result is ever left behind, even by SIGKILL. The link fails if
the name exists (or, with -force, the file is renamed over the old one, whose
lock the run takes first: a second run forced onto a file another run is
writing is refused). A run that finds its target made by another run meanwhile
keeps its results under a free name beside it (out-1.txt) and says so. Values
that reach another program's command line cannot act as its flags (gate -pkg
may not start with -, tags go as -tags=VALUE, revisions with a leading - are
refused, run -- -test.* is refused because the run sets those itself).
scripts/interrupt-trial.sh repeats a random-interrupt trial on the real suite
and counts valid files, processes and temporary files left
(results/interrupt-trial.txt).
*/
package runner
