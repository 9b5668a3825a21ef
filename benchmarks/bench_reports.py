"""How fast is `workshop reports`, against the loop a facilitator would write by hand?

    .venv/bin/python benchmarks/bench_reports.py [--n 30] [--big-n 200] [--repeat 3]

In the same run, on the same synthetic cohort (`workshop demo-cohort`):

1. `workshop reports COHORT --out OUT` in its own process (start-up included);
2. the hand-written loop: for one participant after the other, `papermill.execute_notebook` on
   the participant template with papermill's default engine (a real `python3` Jupyter kernel),
   then `jupyter nbconvert --to html --no-input` as a separate process.

Both are repeated and the medians compared (the machine is shared and noisy, so runs alternate
between the two methods). The score tables parsed from both sets of HTML pages must be equal,
and equal to `workshop.scoring`. Then a bigger cohort runs through `workshop reports` while the
whole process tree is sampled from /proc, for peak memory and time per participant.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from treesampler import TreeSampler

from workshop import answers, demo, scoring
from workshop.reports import PARTICIPANT_TEMPLATE

PYTHON = sys.executable
JUPYTER = str(Path(sys.executable).with_name("jupyter"))
MEMORY_LIMIT = 1.5 * 1024**3
TARGET_SPEEDUP = 5.0


# ----------------------------------------------------------------------------- the two methods

def run_workshop_reports(cohort: Path, out: Path, workers: int | None) -> tuple[float, dict]:
    """`workshop reports` in a fresh process; returns (seconds, memory peaks of the tree)."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [PYTHON, "-m", "workshop", "reports", str(cohort), "--out", str(out), "-q"]
    if workers:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with TreeSampler(proc.pid) as sampler:
        _, stderr = proc.communicate()
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"workshop reports failed ({proc.returncode}):\n{stderr}")
    return seconds, sampler.peaks()


def run_hand_loop(cohort: Path, out: Path, generated: str) -> float:
    """What a user would write: papermill with a real kernel, then nbconvert, one by one."""
    import papermill

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    with kernel_chatter_to(out.with_suffix(".log")):
        for path in sorted(cohort.glob("*.json")):
            executed = out / f"{path.stem}.ipynb"
            papermill.execute_notebook(
                str(PARTICIPANT_TEMPLATE), str(executed), kernel_name="python3",
                parameters={"answers_path": str(path.resolve()), "generated": generated},
                progress_bar=False)
            subprocess.run([JUPYTER, "nbconvert", "--to", "html", "--no-input", str(executed)],
                           check=True, capture_output=True)
    return time.perf_counter() - start


@contextlib.contextmanager
def kernel_chatter_to(log: Path):
    """Send what the kernels print on stderr (start-up warnings) to a log, not the table."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "ab") as f:
        os.dup2(f.fileno(), 2)
    try:
        yield
    except BaseException:
        os.dup2(saved, 2)
        print(f"the hand-written loop failed; kernel output:\n{log.read_text(errors='replace')}",
              file=sys.stderr)
        raise
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# ----------------------------------------------------------------------------- same scores?

TABLE = re.compile(r"<table class=[\"']closer-scores[\"']>(.*?)</table>", re.S)
ROW = re.compile(r"<tr><th scope=[\"']row[\"']>(.*?)</th><td class=[\"']num[\"']>(.*?)</td>"
                 r"<td>(.*?)</td></tr>", re.S)


def score_rows(page: str) -> list[tuple[str, ...]]:
    """(pattern, score, band words) of every score table on a report page."""
    return [tuple(html.unescape(cell).strip() for cell in row)
            for table in TABLE.findall(page) for row in ROW.findall(table)]


def expected_rows(data: dict) -> list[tuple[str, ...]]:
    rows = []
    for results in scoring.score_all(data).values():
        if any(r.score is not None for r in results):
            rows += [(r.label, "\u2013" if r.score is None else f"{r.score:.0f}",
                      "Not enough answers yet" if r.score is None else r.band) for r in results]
    return rows


def compare(cohort: Path, fast_out: Path, hand_out: Path) -> tuple[int, list[str]]:
    """Participants whose score tables agree in both outputs and with scoring; problems."""
    agree, problems = 0, []
    for path in sorted(cohort.glob("*.json")):
        data = answers.load(path)
        name = data["participant"]
        fast = score_rows((fast_out / "participants" / f"{name}.html").read_text("utf-8"))
        hand = score_rows((hand_out / f"{path.stem}.html").read_text("utf-8"))
        want = expected_rows(data)
        if not want:
            problems.append(f"{name}: no scores at all (cannot compare)")
        elif fast == hand == want:
            agree += 1
        else:
            problems.append(f"{name}: workshop reports {fast == want}, hand loop {hand == want}")
    return agree, problems


# ----------------------------------------------------------------------------- main

def mib(n: int) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="cohort for the comparison (30)")
    parser.add_argument("--big-n", type=int, default=200, help="cohort for memory (200)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each method (3)")
    parser.add_argument("--workers", type=int, default=None,
                        help="workshop reports --workers (default: its own, the cores)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    if args.n < 1 or args.big_n < 1 or args.repeat < 1:
        parser.error("--n, --big-n and --repeat must be at least 1")

    tmp = Path(tempfile.mkdtemp(prefix="closer-bench-"))
    try:
        small, big = tmp / "cohort-small", tmp / "cohort-big"
        demo.write_cohort(args.n, args.seed, small)
        demo.write_cohort(args.big_n, args.seed + 1, big)
        generated = time.strftime("%Y-%m-%d")
        print(f"Closer report benchmark: {os.cpu_count()} cores, Python "
              f"{sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
        print(f"cohort of {args.n} (seed {args.seed}), {args.repeat} run(s) of each method, "
              "alternating\n", flush=True)

        fast_times, hand_times, small_peaks = [], [], []
        for i in range(args.repeat):
            seconds, peaks = run_workshop_reports(small, tmp / "fast", args.workers)
            fast_times.append(seconds)
            small_peaks.append(peaks)
            print(f"  run {i + 1}: workshop reports {seconds:7.1f} s", flush=True)
            seconds = run_hand_loop(small, tmp / "hand", generated)
            hand_times.append(seconds)
            print(f"  run {i + 1}: hand-written loop {seconds:7.1f} s", flush=True)
        agree, problems = compare(small, tmp / "fast", tmp / "hand")

        big_times, big_peaks = [], []
        for i in range(args.repeat):
            seconds, peaks = run_workshop_reports(big, tmp / "big", args.workers)
            big_times.append(seconds)
            big_peaks.append(peaks)
            print(f"  run {i + 1}: workshop reports, {args.big_n} participants {seconds:7.1f} s",
                  flush=True)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    fast, hand = statistics.median(fast_times), statistics.median(hand_times)
    big_time = statistics.median(big_times)
    ratio = hand / fast
    peak_rss = max(p["rss"] for p in big_peaks)
    peak_pss = max(p["pss"] for p in big_peaks)
    width = 46
    print()
    print(f"{'':{width}}{'median':>10}{'per person':>12}")
    print(f"{f'hand loop (papermill kernel + nbconvert), n={args.n}':{width}}"
          f"{hand:>9.1f}s{hand / args.n:>11.2f}s")
    print(f"{f'workshop reports, n={args.n}':{width}}{fast:>9.1f}s{fast / args.n:>11.2f}s")
    print(f"{f'workshop reports, n={args.big_n}':{width}}"
          f"{big_time:>9.1f}s{big_time / args.big_n:>11.2f}s")
    print()
    verdict = "meets" if ratio >= TARGET_SPEEDUP else "MISSES"
    print(f"speed-up, n={args.n}: {ratio:.1f}x  ({verdict} the {TARGET_SPEEDUP:.0f}x target; "
          f"runs: hand {', '.join(f'{t:.1f}' for t in hand_times)} s; "
          f"workshop {', '.join(f'{t:.1f}' for t in fast_times)} s)")
    print(f"time per participant, n={args.n} vs n={args.big_n}: {fast / args.n:.2f} s vs "
          f"{big_time / args.big_n:.2f} s")
    print(f"same scores in both outputs and in workshop.scoring: {agree} of {args.n} "
          "participants" + ("" if not problems else f"; DIFFERENCES: {problems}"))
    verdict = "under" if peak_rss < MEMORY_LIMIT else "OVER"
    print(f"peak memory, whole process tree, n={args.big_n}: {mib(peak_pss)} PSS, "
          f"{mib(peak_rss)} summed RSS ({verdict} {mib(int(MEMORY_LIMIT))}); "
          f"largest single child process of this benchmark {mib(children)}; "
          f"up to {max(p['processes'] for p in big_peaks)} processes at once")
    print(f"peak memory, n={args.n}: {mib(max(p['pss'] for p in small_peaks))} PSS, "
          f"{mib(max(p['rss'] for p in small_peaks))} summed RSS")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
