/*
Package compare decides whether a set of benchmark results got worse, and is
the manual of `syncbench compare`, which prints this text for -h.

	syncbench compare [flags] OLD NEW
	syncbench compare -by KEY [-baseline VALUE] [flags] FILE...

For every benchmark and unit found in both files (a row), compare prints the
numbers `go tool benchstat OLD NEW` prints: each side's median with its 95%
interval, the change of the medians and the Mann–Whitney U test's p-value.
It then gives each row a verdict (slower, faster, no change, or not enough
data) and exits 1 when something is slower, so that a CI job fails on a
regression and only on one.

# A claim needs significance and size

A row or a family is slower or faster only when its test is significant after
the corrections below and its change reaches the threshold (-threshold, 5% by
default). The threshold is a ratio and means the same both ways: a change
counts when new/old is at least 1+t or at most 1/(1+t), so +5% one way is
-4.76% the other and both count at 5%.

# How rows are decided

Results come in families: a top-level benchmark swept over its dimensions
(BenchmarkCounter/impl=…/goroutines=…), and a real change usually moves many
rows of one family together. Each unit is decided on its own, as benchstat
makes a table per unit, and a rate derived from the time (msgs/s from sec/op)
follows its time row instead of being tested again.

 1. The family test. Each family gets one p-value for "no row of this family
    changed". With one row it is that row's U test. With more it is the
    smaller of two tests, doubled (Bonferroni over the two):
    the van Elteren test, the stratified Mann–Whitney test, which sums the
    rows' U statistics (weighted by 1/(n1+n2+1)) so that rows moving the same
    way add up: its power grows with the rows that move together, and 32
    rows all 20% slower at 6 samples a side give p below 1e-20 even though
    each row alone sits at the U test's floor of 2/C(12,6) = 0.0022;
    and the Simes combination of the rows' p-values, for a change of a few
    rows, or of rows moving both ways, which cancel in the sum.
    The earlier rule, Simes alone, can never give a family a p-value below
    its smallest row's, so at 6 samples a side a change of one family was
    invisible in any file of more than 22 families.
 2. The families of a unit are screened with Benjamini–Hochberg at the
    false discovery rate -alpha (0.05).
 3. Within each family selected, the rows are tested with Benjamini–Hochberg
    at -alpha, and a row's adjusted p-value is the larger of its own and its
    family's. This is Yekutieli's hierarchical procedure (JASA, 2008): the
    false discovery rate over every discovery, families and rows, is about
    alpha·(1+R+D)/(D+1) for R families selected and D discoveries, that is
    close to alpha when a changed family's rows are found, and never above
    2·1.44·alpha.
 4. A family of several rows is slower or faster as a whole when it was
    selected, no two of its rows were found to move opposite ways, the
    geometric mean of its rows' ratios reaches the threshold, and the van
    Elteren test of its rows with the new side divided by 1+t (multiplied,
    for a change down) still finds it beyond, one-sided at alpha/F: it
    moved beyond the threshold, not only away from no change. That is a
    regression even when no row alone can be told apart, as in a noisy run
    where 20% moves every row of a family but none beyond its own spread.
    The stricter level keeps noisy units (percentiles of latency, which
    tie) from failing A/A pairs through a family's mean.

# A machine that moved between the runs

Two runs made at different times do not share a machine: on a shared one the
time of every benchmark can move by several percent between two runs of one
commit, in every family alike (the machine shift column of
results/replication-8rounds.md and -count10.md: -5.5% and +3.2% to +8.7%
between the first run of a sitting and the later ones), more than the
samples of either run show, so that a test of each row against no change calls hundreds of rows
slower. So compare estimates the machine's shift in sec/op, the unit its speed
scales: the median, over the families, of each family's geometric-mean change
of its rows' medians. When a file has at least 5 families and that median is
between 1% and twice the threshold either way, every sec/op row and family is
judged against it: the old samples are moved by the shift before the tests,
and a change must reach the threshold beyond it. The shift excuses a change
and never makes one: a row or family is slower or faster only when its
change reaches the threshold against no change as well, the same way, and a
row is significant only when its tests against both are, as the families do
not all move with the machine: between two runs of one commit on a machine
5.45% faster, WorkerPool/workers=1 held still, +4.81%, which is +10.9%
against the shift, p = 0.034 after the corrections (testdata/rounds-aa-4.txt.gz
and -5). The printed changes are the
samples' own; the notes say "the machine moved between the runs" and by how
much. A change of the code moves some families, not their median, and is
still found, as is one family 20% slower on a machine 6% slower. A change that
moves most families alike (a new compiler) looks the same as the machine: one
within twice the threshold passes, said in the note, and only syncbench gate,
which interleaves the two sides, can tell; one beyond it is judged as it is.
-machine-shift=false judges every row against no change, as benchstat does;
-by never shifts, its values being measured together in one run.

# A unit that moved as a whole

The tails of latency (p99-sec, p50-sec) are not scaled by the machine's speed
but by its other tenants: between two runs of one commit every family's p99
can move far beyond the threshold, each row by its own amount, some far
beyond their spread and others not at all (the families moved with their
unit in results/replication-8rounds.md and -count10.md). The family test is right
that they moved, but it cannot tell the machine from the code. So when a unit
(other than a sec/op judged against the machine's shift) has at least 3
families and its median family moved beyond the threshold, a family that
moved the same way, by at most the median and the threshold, moved with its
unit: its verdict as a whole and those of its rows apart that way are no
change, and compare prints it, with the median and how many rows, as "moved
with its unit ... not counted". A family that moves alone, or beyond its
unit, is still found, as is any row apart the other way; a change of the code
that moves every family of a unit alike is the one that passes, and only
syncbench gate, which interleaves the two sides in one run, can find it.

# The clock's floor

A lock wait is timed with two clock reads a sample, less the clock's own
cost, so a percentile of them (p50-sec, p99-sec) cannot resolve a change
smaller than about one clock reading: 23-25 ns on the 2-CPU machine of
results/ (`go test -run TestClockCost -v ./bench`), more on a loaded VM.
The uncontended waits at GOMAXPROCS 1 sit just above it (21-27 ns after the
subtraction), and there one process in a few takes 27 where the others take
22: between two runs of one commit such rows moved 22 → 27 ns, +23%, with
p = 0.046 (results/replication-9rounds.md, a sitting of 2026-12-03). So a
row of those units is slower or faster only when its centers also differ by
-wait-floor (25 ns) or more, and a family whose every row is under it did
not move as a whole. The contended waits are hundreds of ns and more, where
the threshold asks more than the floor; -wait-floor 0 turns it off.

# A count that is not a cost

lost/op, the increments the unsynchronized counter (impl=unsync, the
baseline that shows what the synchronization costs) loses to its data
race, is left out of the comparison: how many increments a race loses
depends on when the scheduler and the machine's other tenants interleave
its goroutines, not on what the code costs. Between two runs of one commit
it moved +20% over its 56 rows on a machine 6% slower
(testdata/rounds-aa-3.txt.gz and -4), a family "slower" that was no
regression. syncbench report shows it.

# Not enough data

A pass must mean something. A family is decided when its samples could show
a change of twice the threshold: the family test of its rows with every
row's samples told apart (as such a change does in steady samples) must reach
alpha/F, the level a change of this family alone must reach among the F
families of its unit. The same test that decides the verdicts computes it.
When a family is not decided, compare exits 2 and says which family, the
p-value its samples allow, and the -count or -filter that would decide it.
The family count of each unit is printed with the summary.

A row whose samples are too few for the U test to reach alpha even alone (3
samples a side or fewer) is "not enough data" and said, with the -count that
would decide it; its family can still show a change, so it does not make
compare exit 2.

When at least 3 rows of one family and unit are slower and 3 faster, the runs
differ rather than the code (a machine whose speed wandered between two runs
whose samples were each taken together): compare exits 2 and says so.

# Exit status

0 no regression and every family decided; 1 a regression (a row or a family
slower), even when other families cannot be decided; 2 usage error, bad input,
rows moving both ways, or a family that cannot be decided.

# Examples

In internal/compare/testdata, whose old.txt and new.txt hold six samples a
side of a few benchmarks, the mutex counter 23% slower in new.txt:

	$ syncbench compare -filter '.unit:sec/op /impl:(mutex OR atomic-add OR channel)' old.txt new.txt
	name                                    unit    old old.txt   new new.txt  change   p      p (adj)  verdict
	Counter/impl=mutex/goroutines=4-2       sec/op  51.70n ± 2%   63.69n ± 2%  +23.19%  0.000  0.000    slower
	Counter/impl=atomic-add/goroutines=4-2  sec/op  12.470n ± 4%  9.820n ± 2%  -21.25%  0.000  0.000    faster
	Counter/impl=channel/goroutines=4-2     sec/op  300.5n ± 2%   307.5n ± 1%  +2.33%   0.003  0.003    no change
	1 slower, 1 faster, 1 no change, 0 not enough data (threshold 5% either way, false discovery rate 0.05 over 3 tests in 1 families: sec/op 1; 1 selected)
	exit status 1

The channel counter's 2.33% is significant but under the threshold: no
change. With a threshold of 25% the 23% is no change either, and compare
exits 0:

	$ syncbench compare -threshold 25% -filter '.unit:sec/op /impl:(mutex OR atomic-add OR channel)' old.txt new.txt
	name                                    unit    old old.txt   new new.txt  change   p      p (adj)  verdict
	Counter/impl=mutex/goroutines=4-2       sec/op  51.70n ± 2%   63.69n ± 2%  +23.19%  0.000  0.000    no change
	Counter/impl=atomic-add/goroutines=4-2  sec/op  12.470n ± 4%  9.820n ± 2%  -21.25%  0.000  0.000    faster
	Counter/impl=channel/goroutines=4-2     sec/op  300.5n ± 2%   307.5n ± 1%  +2.33%   0.003  0.003    no change
	0 slower, 1 faster, 2 no change, 0 not enough data (threshold 25% either way, false discovery rate 0.05 over 3 tests in 1 families: sec/op 1; 1 selected)

The examples show standard output, and the exit status when it is not 0;
TestManualExamples (cmd/syncbench) runs them and checks both. Diagnostics
(the note that these samples were taken back to back, the regression named
in one line) go to standard error.

# Files

OLD and NEW are Go benchmark format, as `go test -bench` and `syncbench run`
write them; results of differing file configuration (two packages, a note) are
kept apart as benchstat keeps them, unless -ignore pools them; files from
different kinds of machine are refused unless -allow-machine-mismatch. With -by,
FILE... holds results of several values of a configuration key (a cross-release
run: -by go-version), each compared with -baseline.
*/
package compare
