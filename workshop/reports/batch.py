"""Launch reports: `workshop reports` (every participant's report, the group report and
scores.csv, fast) and one report in a fresh process for module 08's button. `build` builds them.

How it stays fast and private at once:
- the parent imports matplotlib, IPython, nbconvert and the package once, then forks a pool
  whose workers each make exactly ONE report and exit (`maxtasksperchild=1`); the parent only
  ever lists file names, so a worker starts from a process that held no participant's data;
- each worker runs the papermill template with the in-process engine and exports HTML with a
  reused exporter, instead of a kernel start and an nbconvert process per participant;
- results stream back in order and are written as they come, so memory stays flat.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from workshop import answers, files, scoring, share
from workshop.i18n import _
from workshop.reports import build

PROBE_ENV = "CLOSER_ISOLATION_PROBE"  # tests: where workers record what data they can see


@dataclass
class Result:
    reports: int = 0
    shares: set[str] = field(default_factory=set)  # facilitator shares' ids (group report only)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pids: dict[str, int] = field(default_factory=dict)


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
    """Worker: one participant's report. Returns (path, participant, csv rows, error, pid,
    crashed, share id); a facilitator share file, which counts in the group report only,
    comes back with its id and no participant or error."""
    path, out_dir, generated, module_url, language = job
    try:
        data, page = build.participant_html(Path(path), generated, module_url, language)
    except answers.AnswerFileError as exc:
        if exc.field == "format":  # perhaps a share file: a facilitator's counts, a partner's not
            try:
                found = share.facilitator_share(path, exc)
            except (answers.AnswerFileError, share.ShareError) as refused:
                return path, None, [], str(refused), os.getpid(), False, None
            return path, None, [], None, os.getpid(), False, found["id"]
        return path, None, [], str(exc), os.getpid(), False, None
    except Exception as exc:  # a broken template must not stop the other reports
        failed = _("{path}: report failed: {error}").format(
            path=path, error=f"{type(exc).__name__}: {exc}")
        return path, None, [], failed, os.getpid(), True, None
    target = Path(out_dir) / f"{data['participant']}.html"
    try:
        files.write_private(target, page, exclusive=True)
    except FileExistsError:
        twice = _("{path}: participant '{participant}' appears in more than one file; this "
                  "file was not used").format(path=path, participant=data["participant"])
        return path, None, [], twice, os.getpid(), False, None
    _probe(data["participant"])
    return path, data["participant"], scoring.csv_rows(data), None, os.getpid(), False, None


def _group_job(job: tuple) -> tuple:
    directory, out, min_group_size, generated, language = job
    try:
        files.write_private(Path(out), build.group_html(Path(directory), min_group_size,
                                                        generated, language))
    except Exception as exc:
        return _("group report failed: {error}").format(error=f"{type(exc).__name__}: {exc}")
    _probe("__group__")
    return None


def build_all(directory: Path, out: Path, workers: int | None = None, min_group_size: int = 5,
              pdf: bool = False, progress: bool = True, generated: str = "",
              module_url: str = "", language: str | None = None) -> Result:
    """Write OUT/participants/<participant>.html, OUT/group.html and OUT/scores.csv.

    With `language`, every report is in it; without, each personal report follows its
    participant's language and the group report the language most counted people chose."""
    from tqdm import tqdm

    directory, out = Path(directory), Path(out)
    answers.check_output_folder(directory, out)
    generated = generated or build.today()
    workers = workers or os.cpu_count() or 1
    files.private_dir(out)
    staging = Path(tempfile.mkdtemp(prefix=".participants-", dir=out))
    os.chmod(staging, 0o700)
    paths = answers.candidates(directory)  # names only: the parent never opens an answer file
    result = Result()
    build.warm_up()
    # Workers inherit the warm heap. Freezing it keeps their garbage collections (IPython's reset
    # runs one per report) from walking, and so copying, every inherited object.
    gc.collect()
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    bar = tqdm(total=len(paths) + 1, unit="report", disable=not progress, file=sys.stderr,
               desc=_("Reports"), dynamic_ncols=True)
    try:
        with scoring.csv_writer(out / "scores.csv") as writer, \
                ctx.Pool(processes=workers, maxtasksperchild=1) as pool:
            group = pool.apply_async(_group_job, ((str(directory), str(out / "group.html"),
                                                   min_group_size, generated, language),))
            jobs = [(str(p), str(staging), generated, module_url, language) for p in paths]
            for path, who, rows, error, pid, crashed, share_id in pool.imap(_participant_job,
                                                                            jobs):
                if error:
                    (result.failed if crashed else result.errors).append(error)
                elif share_id is not None:
                    result.shares.add(share_id)  # a copy handed in twice counts once
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
        _, page = build.participant_html(Path(argv[1]))
    except answers.AnswerFileError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    files.write_private(Path(argv[2]), page)
    return 0


def render_file(path: Path | str, timeout: float = 120) -> str:
    """Make one participant's report in a fresh process and return the HTML.

    Used by module 08's button, so the report never runs inside the participant's notebook
    kernel and the same code as `workshop reports` makes it.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        proc = subprocess.run([sys.executable, "-m", "workshop.reports.batch", "one", str(path),
                               str(out)], capture_output=True, text=True, timeout=timeout,
                              env=dict(os.environ))
        if proc.returncode != 0 or not out.exists():
            reason = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise RuntimeError(reason)
        return out.read_text(encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
