#!/usr/bin/env python3
"""Time how soon a command writes its first line, and when it exits.

Starts the command with a pipe on its standard output (stderr discarded), reads one line,
then the rest, RUNS times; prints the medians (and min/max) of both, in milliseconds. The
figures of BENCHMARKS.md's "first line" rows:

    scripts/first_line.py 20 target/release/cables --cache-dir C -a ARCHIVE list --limit 1
"""
import subprocess, sys, time, statistics
runs = int(sys.argv[1]); argv = sys.argv[2:]
firsts, ends = [], []
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.readline(); t1 = time.perf_counter()
    p.stdout.read(); p.wait(); t2 = time.perf_counter()
    firsts.append((t1 - t0) * 1000); ends.append((t2 - t0) * 1000)
print(f"first line median {statistics.median(firsts):.1f} ms (min {min(firsts):.1f}, max {max(firsts):.1f}); exit median {statistics.median(ends):.1f} ms, n={runs}")
