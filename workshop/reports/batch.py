"""`workshop reports`: every participant's report, the group report and scores.csv, fast.

How it stays fast and private at once:
- the parent imports matplotlib, IPython, nbconvert and the package once, then forks a pool
  whose workers each make exactly ONE report and exit (`maxtasksperchild=1`); the parent only
  ever lists file names, so a worker starts from a process that held no participant's data;
- each worker runs the papermill template with the in-process engine and exports HTML with a
  reused exporter, instead of a kernel start and an nbconvert process per participant;
- results stream back in order and are written as they come, so memory stays flat.
"""

from __future__ import annotations

import datetime as _dt
import gc
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from workshop import answers

PROBE_ENV = "CLOSER_ISOLATION_PROBE"  # tests: where workers record what data they can see


@dataclass
class Result:
    reports: int = 0
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pids: dict[str, int] = field(default_factory=dict)


def _today() -> str:
    return _dt.date.today().isoformat()


def execute(template: Path, parameters: dict):
    """Run a report template with papermill in this process and return the executed notebook."""
    import papermill

    from workshop.reports.engine import register

    register()
    return papermill.execute_notebook(
        str(template), None, parameters=parameters, engine_name="closer-inprocess",
        kernel_name="python3", progress_bar=False, log_output=False,
        request_save_on_cell_execute=False)


def participant_html(path: Path, generated: str = "", module_url: str = "") -> tuple[dict, str]:
    """Validate one answer file and return (data, report page)."""
    from workshop.reports import PARTICIPANT_TEMPLATE, render

    data = answers.load(path)
    nb = execute(PARTICIPANT_TEMPLATE, {"answers_path": str(Path(path).resolve()),
                                        "generated": generated or _today(),
                                        "module_url": module_url})
    return data, render.page(nb, f"Closer report: {data['participant']}")


def group_html(directory: Path, min_group_size: int, generated: str = "") -> str:
    from workshop.reports import GROUP_TEMPLATE, render

    nb = execute(GROUP_TEMPLATE, {"answers_dir": str(Path(directory).resolve()),
                                  "min_group_size": int(min_group_size),
                                  "generated": generated or _today()})
    return render.page(nb, "Closer group report")


def _probe(label: str) -> None:
    """Record every participant marker this process can still see (isolation test)."""
    target = os.environ.get(PROBE_ENV)
    if not target:
        return
    # The collector does not track dicts and tuples that hold only atoms (such as a
    # participant's {"reflection-id": "text"}), so they are reached through their holders.
    gc.unfreeze()  # objects frozen before the fork are not listed by get_objects otherwise
    todo = gc.get_objects()  # before making our own sets, which must not be walked
    containers = (dict, list, tuple, set, frozenset)
    seen, visited = set(), set()
    while todo:
        found = []
        for obj in todo:
            if not isinstance(obj, containers) or id(obj) in visited:
                continue
            visited.add(id(obj))
            for value in (obj.values() if isinstance(obj, dict) else obj):
                if isinstance(value, str):
                    if value.startswith("canary-"):
                        seen.add(value)
                elif isinstance(value, containers) and not gc.is_tracked(value):
                    found.append(value)
        todo = found
    with open(Path(target) / f"{label}.json", "w", encoding="utf-8") as f:
        json.dump({"pid": os.getpid(), "seen": sorted(seen)}, f)


def _participant_job(job: tuple) -> tuple:
    """Worker: one participant's report. Returns (path, participant, csv rows, error, pid)."""
    path, out_dir, generated, module_url = job
    from workshop import scoring
    from workshop.reports import render

    try:
        data, page = participant_html(Path(path), generated, module_url)
    except answers.AnswerFileError as exc:
        return path, None, [], str(exc), os.getpid(), False
    except Exception as exc:  # a broken template must not stop the other reports
        return path, None, [], f"{path}: report failed: {type(exc).__name__}: {exc}", \
            os.getpid(), True
    target = Path(out_dir) / f"{data['participant']}.html"
    try:
        render.write_private(target, page, exclusive=True)
    except FileExistsError:
        return path, None, [], (f"{path}: participant '{data['participant']}' appears in more "
                                "than one file; this file was not used"), os.getpid(), False
    _probe(data["participant"])
    return path, data["participant"], scoring.csv_rows(data), None, os.getpid(), False


def _group_job(job: tuple) -> tuple:
    directory, out, min_group_size, generated = job
    from workshop.reports import render

    try:
        render.write_private(Path(out), group_html(Path(directory), min_group_size, generated))
    except Exception as exc:
        return f"group report failed: {type(exc).__name__}: {exc}"
    _probe("__group__")
    return None


def candidates(directory: Path) -> list[Path]:
    """Names only: the parent never opens an answer file."""
    return [p for p in sorted(Path(directory).glob("*.json"))
            if not p.name.startswith(".") and ".corrupt-" not in p.name]


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def build_all(directory: Path, out: Path, workers: int | None = None, min_group_size: int = 5,
              pdf: bool = False, progress: bool = True, generated: str = "",
              module_url: str = "") -> Result:
    """Write OUT/participants/<participant>.html, OUT/group.html and OUT/scores.csv."""
    from tqdm import tqdm

    from workshop import scoring
    from workshop.reports import engine

    directory, out = Path(directory), Path(out)
    if out.resolve() == directory.resolve() or directory.resolve() in out.resolve().parents:
        raise ValueError("--out must not be inside the answers folder")
    generated = generated or _today()
    workers = workers or os.cpu_count() or 1
    _private_dir(out)
    staging = Path(tempfile.mkdtemp(prefix=".participants-", dir=out))
    os.chmod(staging, 0o700)
    paths = candidates(directory)
    result = Result()
    engine.warm_up()
    # Workers inherit the warm heap. Freezing it keeps their garbage collections (IPython's reset
    # runs one per report) from walking, and so copying, every inherited object.
    gc.collect()
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    bar = tqdm(total=len(paths) + 1, unit="report", disable=not progress, file=sys.stderr,
               desc="Reports", dynamic_ncols=True)
    csv_path = out / "scores.csv"
    fd = os.open(csv_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the mode above applies only to a new file, not one being replaced
    import csv

    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f, \
                ctx.Pool(processes=workers, maxtasksperchild=1) as pool:
            writer = csv.DictWriter(f, fieldnames=scoring.CSV_COLUMNS)
            writer.writeheader()
            group = pool.apply_async(_group_job, ((str(directory), str(out / "group.html"),
                                                   min_group_size, generated),))
            jobs = [(str(p), str(staging), generated, module_url) for p in paths]
            for path, who, rows, error, pid, crashed in pool.imap(_participant_job, jobs):
                if error:
                    (result.failed if crashed else result.errors).append(error)
                else:
                    writer.writerows(rows)
                    result.reports += 1
                    result.pids[who] = pid
                bar.update(1)
            group_error = group.get()
            bar.update(1)
            if group_error:
                result.failed.append(group_error)
    finally:
        bar.close()
        gc.unfreeze()
    if (out / "group.html").exists():
        os.chmod(out / "group.html", 0o600)
    final = out / "participants"
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging, final)
    if pdf:
        from workshop.reports import pdf as pdf_mod

        result.notes.extend(pdf_mod.convert_all(out))
    return result


def main(argv: list[str]) -> int:
    """`python -m workshop.reports.batch one ANSWERS.json OUT.html`: one report, one process."""
    if len(argv) != 3 or argv[0] != "one":
        print("usage: python -m workshop.reports.batch one ANSWERS.json OUT.html", file=sys.stderr)
        return 2
    try:
        _, page = participant_html(Path(argv[1]))
    except answers.AnswerFileError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    from workshop.reports import render

    render.write_private(Path(argv[2]), page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
