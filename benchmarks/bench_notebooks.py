"""How long each curriculum notebook takes to open, run top to bottom in a fresh kernel.

A participant waits for this every time they open a module (Voila runs the whole notebook before
showing the page), so the target is under 5 seconds. Two columns: with the kernel's start-up
included (what a participant waits for) and excluded (what our own code costs).

    python benchmarks/bench_notebooks.py [--runs N] [--returning] [NOTEBOOK ...]

`--returning` runs as a participant who already answered everything, so saved answers are
loaded and charts drawn; by default the participant is new. Answers go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from workshop import answers, curriculum, instruments

TARGET_SECONDS = 5.0


def returning_participant(folder: Path) -> None:
    """Someone who answered every instrument in an earlier session."""
    data = answers.new("river-42")
    for inst in instruments.load_all().values():
        data["instruments"][inst.id] = {item.id: inst.min + n % (inst.max - inst.min + 1)
                                        for n, item in enumerate(inst.items)}
    data["reflections"]["welcome-hopes"] = "To feel closer."
    answers.save(data, folder / "river-42.json")
    (folder / ".current").write_text("river-42")


def run_once(path: Path, returning: bool) -> tuple[float, float]:
    """(seconds including kernel start, seconds after the kernel was ready) for one run."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="closer-bench-") as tmp:
        folder = answers.ensure_dir(Path(tmp) / "answers")
        if returning:
            returning_participant(folder)
        marks: dict[str, float] = {}

        def ready(**_):
            marks["ready"] = time.perf_counter()

        def executed(cell, cell_index, execute_reply):
            marks["done"] = time.perf_counter()
            if execute_reply["content"].get("status") != "ok":
                raise RuntimeError(f"{path.name}: cell {cell_index} failed")

        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                on_notebook_start=ready, on_cell_executed=executed)
        env = {**os.environ, "WORKSHOP_ANSWERS_DIR": str(folder)}
        start = time.perf_counter()
        client.execute(env=env, cwd=tmp)
    return marks["done"] - start, marks["done"] - marks["ready"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook (default 3)")
    parser.add_argument("--returning", action="store_true",
                        help="run as a participant with saved answers")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to time (default: every module in the manifest)")
    args = parser.parse_args(argv)
    paths = args.notebooks or [curriculum.REPO_ROOT / m.notebook for m in curriculum.load()]

    who = "returning participant" if args.returning else "new participant"
    print(f"Median of {args.runs} runs per notebook, fresh kernel each run, {who}; "
          f"target < {TARGET_SECONDS:.0f} s.")
    header = (f"{'notebook':36} {'with kernel start':>18} {'< 5 s':>6} "
              f"{'kernel start excl.':>19} {'< 5 s':>6}")
    print(header)
    print("-" * len(header))
    slow = 0
    for path in paths:
        runs = [run_once(path, args.returning) for _ in range(args.runs)]
        total = statistics.median(r[0] for r in runs)
        body = statistics.median(r[1] for r in runs)
        slow += total >= TARGET_SECONDS
        print(f"{path.name:36} {total:17.2f}s {'yes' if total < TARGET_SECONDS else 'NO':>6} "
              f"{body:18.2f}s {'yes' if body < TARGET_SECONDS else 'NO':>6}", flush=True)
    print(f"\n{len(paths) - slow} of {len(paths)} notebooks open in under "
          f"{TARGET_SECONDS:.0f} s including kernel start (machine: {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
