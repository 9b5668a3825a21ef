"""Load: a large synthetic cohort through `workshop scores` and `workshop reports`.

    .venv/bin/python benchmarks/bench_load.py [--n 1000] [--small 250] [--workers N]

For a small and a large cohort (`workshop demo-cohort`), each command runs in its own process
while a sampler reads VmRSS from /proc/<pid>/status for the command and every process below it
(the forked report workers) every 50 ms. Printed per command: wall time, time per participant,
the peak VmRSS of the command's own (parent) process, the peak of the whole tree summed, the most
processes alive at once, and the largest single process of the tree as the kernel counted it
(`ru_maxrss` from wait4). At the end: `getrusage` RUSAGE_SELF and RUSAGE_CHILDREN maxrss.

Memory should stay flat because the work is streamed: answer files are read one at a time, the
CSV is written as results arrive, and each report is made in a worker that exits. The last table
compares the parent's peak for the two cohort sizes: if it held every participant, it would grow
with the cohort; streamed, the growth per extra participant is close to zero.

A full run of 1,000 reports takes a few minutes on two cores; it is not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from treesampler import TreeSampler

PYTHON = sys.executable
MB = 1024 * 1024


def run(label: str, args: list[str], n: int) -> dict:
    """One `workshop` command in a fresh process, sampled; returns its measurements."""
    cmd = [PYTHON, "-m", "workshop", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeSampler(proc.pid) as sampler:
        # wait4 gives this child's own rusage: ru_maxrss is the largest process in its subtree
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"{label} failed ({proc.returncode}):\n{stderr}")
    return {"label": label, "n": n, "seconds": seconds, "per": seconds / n,
            "parent": sampler.parent_peak, "tree": sampler.rss,
            "processes": sampler.processes, "maxrss": usage.ru_maxrss * 1024}


def cohort_run(n: int, seed: int, workers: int | None, root: Path) -> list[dict]:
    cohort, out = root / f"cohort-{n}", root / f"out-{n}"
    results = [run(f"demo-cohort {n}", ["demo-cohort", "--n", str(n), "--seed", str(seed),
                                        "--out", str(cohort)], n)]
    assert len(list(cohort.glob("*.json"))) == n
    results.append(run(f"scores {n}", ["scores", str(cohort), "--out", str(root / "s.csv")], n))
    report_args = ["reports", str(cohort), "--out", str(out), "-q"]
    if workers:
        report_args += ["--workers", str(workers)]
    results.append(run(f"reports {n}", report_args, n))
    made = len(list((out / "participants").glob("*.html")))
    if made != n:
        sys.exit(f"reports {n}: {made} personal reports instead of {n}")
    shutil.rmtree(out)
    return results


def table(rows: list[dict]) -> str:
    lines = [("| command | time | per participant | parent peak | tree peak (sum) | processes "
              "| largest process |"), "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['label']} | {r['seconds']:.1f} s | {r['per'] * 1000:.1f} ms "
                     f"| {r['parent'] / MB:.0f} MB | {r['tree'] / MB:.0f} MB | {r['processes']} "
                     f"| {r['maxrss'] / MB:.0f} MB |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="the large cohort (default 1000)")
    parser.add_argument("--small", type=int, default=250, help="the small cohort (default 250)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None,
                        help="report workers (default: the number of cores)")
    args = parser.parse_args()
    print(f"Closer load benchmark: {args.small} and {args.n} participants, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="closer-bench-load-") as tmp:
        for n in (args.small, args.n):
            rows += cohort_run(n, args.seed, args.workers, Path(tmp))
            print(table([r for r in rows if r["n"] == n]) + "\n", flush=True)

    print("Does memory grow with the cohort? (parent = the command's own process)\n")
    print(f"| command | parent peak, {args.small} | parent peak, {args.n} | ratio "
          f"| growth per extra participant | verdict |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    flat = True
    for command in ("scores", "reports"):
        small = next(r for r in rows if r["label"] == f"{command} {args.small}")
        large = next(r for r in rows if r["label"] == f"{command} {args.n}")
        ratio = large["parent"] / small["parent"]
        per = (large["parent"] - small["parent"]) / (args.n - args.small)
        # Linear growth would multiply the data-dependent part by n/small; allow noise of 15%.
        ok = ratio < 1.15
        flat &= ok
        print(f"| {command} | {small['parent'] / MB:.0f} MB | {large['parent'] / MB:.0f} MB "
              f"| {ratio:.2f} | {per / 1024:.1f} kB | {'flat' if ok else 'GROWS'} |")
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"\ngetrusage maxrss: RUSAGE_SELF (this benchmark) {self_rss / MB:.0f} MB, "
          f"RUSAGE_CHILDREN (largest single descendant of all runs) {children_rss / MB:.0f} MB")
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
