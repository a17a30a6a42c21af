#!/usr/bin/python3
"""Runs Apache Otava's change-point detection on series written by
internal/history/changepoint/historyeval, for scripts/history-eval.sh.

Otava is not part of this repository: --otava-src names a directory that
holds its otava/ package (exported from its git repository by the script).
Only its core is imported, otava.analysis (numpy and scipy) and the
otava.change_point_divisive package it uses; for each job it calls
otava.analysis.compute_change_points(values, window_len, max_pvalue), as
Otava's own analysis does, with min_magnitude left at its default, 0.

Input files (read in order): lines "s ID V1 V2 ..." define series ID;
lines "j ID L" are jobs: detect the change points of the first L values of
series ID. Output, one line per job in input order: "r ID L I1 I2 ...",
the indices of the change points reported (each the first point after a
change), then "t SECONDS JOBS": the time of the detection loop alone
(parsing excluded).
"""

import argparse
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--otava-src", required=True, help="directory holding otava/")
    ap.add_argument("--window", type=int, default=50, help="Otava's window length")
    ap.add_argument("--pvalue", type=float, default=0.001, help="Otava's max p-value")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.otava_src, "otava", "analysis.py")):
        print(f"otava_run: --otava-src {a.otava_src}: no otava/analysis.py in it", file=sys.stderr)
        sys.exit(2)
    sys.path.insert(0, a.otava_src)
    from otava.analysis import compute_change_points

    series, jobs = {}, []
    for name in a.files:
        with open(name) as f:
            for n, line in enumerate(f, 1):
                p = line.split()
                if not p:
                    continue
                try:
                    if p[0] == "s":
                        series[p[1]] = [float(x) for x in p[2:]]
                    elif p[0] == "j":
                        jobs.append((p[1], int(p[2])))
                    else:
                        raise ValueError(p[0])
                except (ValueError, IndexError):
                    print(f"otava_run: {name}:{n}: not an 's ID V...' or 'j ID L' line", file=sys.stderr)
                    sys.exit(2)
    for sid, length in jobs:
        if sid not in series or not 2 <= length <= len(series[sid]):
            print(f"otava_run: job {sid} {length}: no such series or prefix", file=sys.stderr)
            sys.exit(2)

    out = []
    t0 = time.perf_counter()
    for sid, length in jobs:
        cps, _ = compute_change_points(series[sid][:length], window_len=a.window, max_pvalue=a.pvalue)
        out.append((sid, length, [cp.index for cp in cps]))
    secs = time.perf_counter() - t0
    w = sys.stdout
    for sid, length, idx in out:
        w.write("r %s %d %s\n" % (sid, length, " ".join(str(i) for i in idx)))
    w.write("t %.6f %d\n" % (secs, len(jobs)))


if __name__ == "__main__":
    main()
