// Package changepoint finds the change points of many benchmark series at
// once, with the false discovery rate controlled over every series
// screened.
//
// # The series
//
// A series is one configuration of one benchmark on one machine, in one
// unit, as points in position order (commits in git order, or releases).
// A point is one run: all the samples of that run. The detector works on
// the logarithm of the samples, so that a step is a ratio.
//
// # The test
//
// A segment of L points is split where the two sides differ most, over
// every split that leaves at least MinSegment points on each side (a rank
// CUSUM, as Pettitt's). Every sample of the segment is ranked, and the
// statistic of a split is the sum of the first side's ranks about their
// expectation, standardized.
//
// Its variance is that of independent samples times a design effect. The
// samples of one run share that run's machine state: between separate
// runs of this suite the points differ by more than their samples do (the
// run-to-run variation measured in results/replication.md), and a test
// that took the samples as independent would find change points in that
// noise. The design effect is the ratio of the mean square between points
// (about their side's mean rank) to the mean square within points, from
// the one-way analysis of variance of the ranks, at least 1 and at most
// the points' size (when every point counts as one observation). Where
// the points were measured interleaved in one run, as the releases of a
// cross-release run are, they differ little more than their samples, and
// every sample counts: sixteen releases of five samples find a step that
// sixteen point medians could not make significant among a hundred series.
// Where the runs are separate, the points count for about what they are,
// runs. The test's p-values stay valid under run-to-run noise a quarter
// to one and a half times the noise within a run on series as short as
// eight points (TestScreenPValid).
//
// The p-value is that of the maximum over the splits, not of one split:
// the standardized rank CUSUM is asymptotically a standardized Brownian
// bridge, and the tail of its maximum over [t0, t1] is approximately
// b·φ(b)·log(t1(1−t0)/(t0(1−t1))) + 2(1−Φ(b)) (Siegmund's approximation
// through the Ornstein–Uhlenbeck process; conservative for a discrete
// maximum). Ranks make the test indifferent to the distribution of the
// samples and to outliers, which a t-test on one number a point (Otava's)
// is not.
//
// # Error control
//
// Every series is screened by the test of its whole length, and the
// screening p-values are adjusted together with Benjamini–Hochberg at
// Alpha. A selected series is split recursively (binary segmentation):
// each segment is split again while its own test passes at the level the
// screening used, Alpha·R/N for R series selected of N (Yekutieli's
// hierarchical scheme, as compare uses for families and rows). A change's
// adjusted p-value is the larger of its series' and its own test's scaled
// by N/R.
//
// # What is reported
//
// A change point is reported only when the step between the two segments
// it separates, the Hodges–Lehmann estimate of the ratio of their points'
// medians,
// reaches Threshold (a ratio both ways: 1.05 and 1/1.05 at 5%): a step
// below it is real but not worth a reader's time. The interval is the
// distribution-free one of that estimate at 95%. The change's position is
// the split of least absolute deviation near the one the test picked.
// MinSegment also confirms the newest change: one that places fewer than
// MinSegment points after it is not reported until more points come.
package changepoint
