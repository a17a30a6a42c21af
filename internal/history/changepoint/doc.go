// Package changepoint finds the change points of many benchmark series at
// once, with the false discovery rate controlled over every series
// screened.
//
// # The series
//
// A series is one configuration of one benchmark on one machine, in one
// unit, as points in position order (commits in git order, or releases).
// A point is one run: all the samples of that run. The detector works on
// each point's median of the logarithm of its samples, so that a step is a
// ratio and a point of six rounds counts for what it is, a run. The point
// is the unit of replication: the samples of one run share that run's
// machine state, and a test that took them as independent across points
// would find change points in run-to-run noise (the run-to-run variation
// of this suite is measured in results/replication.md). The samples also
// give each segment's center and the step's interval.
//
// # The test
//
// A segment of L points is split where the two sides differ most, by the
// Mann–Whitney statistic of their point medians, standardized, over every
// split that leaves at least MinSegment points on each side (Pettitt's
// rank CUSUM). Its p-value is that of the maximum over the splits, not of
// one split: the standardized rank CUSUM is asymptotically a standardized
// Brownian bridge, and the tail of its maximum over [t0, t1] is
// approximately b·φ(b)·log(t1(1−t0)/(t0(1−t1))) + 2(1−Φ(b)) (Siegmund's
// approximation through the Ornstein–Uhlenbeck process; conservative for a
// discrete maximum). Ranks make the test indifferent to the distribution
// of the points and to outliers, which a t-test on the points (Otava's) is
// not.
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
// it separates, the Hodges–Lehmann estimate of the ratio of their points,
// reaches Threshold (a ratio both ways: 1.05 and 1/1.05 at 5%): a step
// below it is real but not worth a reader's time. The interval is the
// distribution-free one of that estimate at 95%. The change's position is
// the split of least absolute deviation near the one the test picked.
// MinSegment also confirms the newest change: one that places fewer than
// MinSegment points after it is not reported until more points come.
package changepoint
