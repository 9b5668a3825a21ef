"""Reliability of the answer file: killed writers, concurrent savers, damaged files, backups,
and folders read as a stream.

The crash test forks writers from this process (workshop is already imported, so a child starts
in about a millisecond) and kills each with SIGKILL at a random moment inside its save loop.
"""

from __future__ import annotations

import json
import mmap
import multiprocessing
import os
import random
import re
import signal
import struct
import time
import traceback
from pathlib import Path

import pytest

from workshop import answers, session

PARTICIPANT = "river-42"
KILLS = 200
PAD = "x" * 2000  # each save writes a few kB, so a torn write would be easy to see


def temporaries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if ".tmp-" in p.name}


def counter_change(n: int):
    """Write counter n in two places; a file holding one state has them agree."""
    def change(data: dict) -> None:
        data["exercises"]["crash"] = {"counter": n}
        data["reflections"]["crash-pad"] = f"{n}:{PAD}"
    return change


def counter_of(data: dict) -> int:
    n = data["exercises"]["crash"]["counter"]
    assert data["reflections"]["crash-pad"] == f"{n}:{PAD}", "the file mixes two saves"
    return n


def _saver_child(path: Path, start: int, shared: mmap.mmap, log: Path) -> None:
    """In a forked child: save start+1, start+2, ... forever, announcing each save in `shared`
    (slot 0: the save being attempted, slot 1: the last save that returned)."""
    try:
        n = start
        while True:
            n += 1
            struct.pack_into("q", shared, 0, n)
            answers.update(path, counter_change(n), participant=PARTICIPANT)
            struct.pack_into("q", shared, 8, n)
    except BaseException:  # noqa: BLE001 - anything that stops the loop is reported
        log.write_text(traceback.format_exc())
        os._exit(3)
    finally:
        os._exit(4)


@pytest.mark.slow
def test_killed_writers_never_leave_a_broken_file(tmp_path):
    folder = tmp_path / "answers"
    path = folder / f"{PARTICIPANT}.json"
    child_log = tmp_path / "child-error.txt"
    answers.update(path, counter_change(0), participant=PARTICIPANT)
    shared = mmap.mmap(-1, 16)
    rng = random.Random(20261121)
    started = time.monotonic()
    left_behind = 0      # kills after which a temporary file was on disk
    seen_cleaned = 0     # times those leftovers were then removed by the next save
    pending: set[str] = set()
    for kill in range(KILLS):
        start = counter_of(answers.load(path))
        struct.pack_into("qq", shared, 0, start, start)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            _saver_child(path, start, shared, child_log)
        time.sleep(rng.uniform(0.001, 0.030))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), (child_log.read_text() if child_log.exists()
                                        else f"child exited with {status}")
        attempting, done = struct.unpack_from("qq", shared, 0)

        # The file on disk is valid and holds the previous answers or the new ones.
        data = answers.load(path)
        assert counter_of(data) in {done, attempting}, (kill, counter_of(data), done, attempting)
        # The backup, if any, is valid and never ahead of the file.
        bak = answers.backup_path(path)
        if bak.exists():
            assert counter_of(answers.load(bak)) <= counter_of(data)

        # Leftovers from the kill before were removed by this child's first save.
        now = temporaries(folder)
        if pending and done > start:
            assert not pending & now, f"not cleaned by the next save: {pending & now}"
            seen_cleaned += 1
        if now:
            left_behind += 1
        pending = now  # what the next save must clean up
    elapsed = time.monotonic() - started

    # One more save cleans up whatever the last kill left.
    answers.update(path, counter_change(counter_of(answers.load(path)) + 1),
                   participant=PARTICIPANT)
    assert temporaries(folder) == set()
    assert set(os.listdir(folder)) == {f"{PARTICIPANT}.json", f"{PARTICIPANT}.json.bak",
                                       f".{PARTICIPANT}.json.lock"}
    # The test did what it claims: many kills landed mid-save, and cleanup was exercised.
    assert left_behind >= 10 and seen_cleaned >= 5, (left_behind, seen_cleaned)
    assert elapsed < 30, f"{KILLS} kills took {elapsed:.1f} s"


def test_leftover_temporaries_are_removed_by_the_next_save(answers_dir):
    path = answers.path_for(PARTICIPANT)
    answers.update(path, lambda d: None)
    # what a writer killed during write_atomic leaves: a temporary for the file or its backup
    for name in (f".{PARTICIPANT}.json.tmp-abc123", f".{PARTICIPANT}.json.bak.tmp-def456"):
        (answers_dir / name).write_text('{"half": ')
    other = answers_dir / ".calm-heron-7.json.tmp-zzz"  # someone else's: not ours to touch
    other.write_text("{")
    answers.update(path, lambda d: d["reflections"].__setitem__("walls-notice", "hi"))
    assert temporaries(answers_dir) == {other.name}


# ----------------------------------------------------------------------------- concurrency

SAVERS = 2
SAVES_EACH = 250  # 500 in all


def _concurrent_saver(folder: str, worker: int, barrier) -> None:
    """One kernel's session saving its own answers while the others save theirs."""
    s = session.Session(Path(folder))
    s.participant = PARTICIPANT  # as if chosen earlier; no marker race between the workers
    barrier.wait(timeout=60)
    for i in range(SAVES_EACH):
        if i % 5 == 0:
            ok = s.set("reflections", f"worker-{worker}-note-{i}", None, f"note {i} from {worker}")
        else:
            ok = s.set("exercises", f"worker-{worker}-{i // 100}", f"k{i:03d}", i)
        if not ok:
            raise SystemExit(f"worker {worker}: save {i} failed")


@pytest.mark.slow
def test_concurrent_savers_lose_nothing(tmp_path):
    folder = tmp_path / "answers"
    answers.ensure_dir(folder)
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(SAVERS)
    procs = [ctx.Process(target=_concurrent_saver, args=(str(folder), w, barrier))
             for w in range(SAVERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * SAVERS
    final = answers.load(folder / f"{PARTICIPANT}.json")
    saved = 0
    for w in range(SAVERS):
        for i in range(SAVES_EACH):
            if i % 5 == 0:
                assert final["reflections"][f"worker-{w}-note-{i}"] == f"note {i} from {w}"
            else:
                assert final["exercises"][f"worker-{w}-{i // 100}"][f"k{i:03d}"] == i
            saved += 1
    assert saved == SAVERS * SAVES_EACH == 500
    assert temporaries(folder) == set()


# ----------------------------------------------------------------------------- damaged files

def _good_session(folder: Path) -> tuple[session.Session, list[bytes]]:
    """A participant who chose a pseudonym and saved three answers; returns the file's bytes
    after each save."""
    s = session.Session(folder)
    s.choose(PARTICIPANT)
    versions = []
    for item, value in (("walls-01", 4), ("walls-02", 2), ("walls-03", 5)):
        assert s.set("instruments", "walls", item, value)
        versions.append((folder / f"{PARTICIPANT}.json").read_bytes())
    return s, versions


DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not JSON": lambda raw: b"this is not an answer file\n",
    "empty": lambda raw: b"",
    "binary": lambda raw: bytes(range(256)) * 4,
    "JSON list": lambda raw: b"[]",
    "answer out of range": lambda raw: raw.replace(b'"walls-01": 4', b'"walls-01": 40'),
}
ASIDE_RE = re.compile(rf"{PARTICIPANT}\.corrupt-\d{{8}}T\d{{6}}\d*Z\.json")


@pytest.mark.parametrize("kind", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_file_is_explained_kept_aside_and_never_overwritten(kind, tmp_path):
    folder = tmp_path / "answers"
    _, versions = _good_session(folder)
    path = folder / f"{PARTICIPANT}.json"
    damaged = DAMAGE[kind](versions[-1])
    assert damaged != versions[-1]
    path.write_bytes(damaged)

    s = session.Session(folder)  # the next notebook opens: it resumes the same pseudonym
    assert s.participant == PARTICIPANT and s.data is None
    # told in plain words: one sentence or two, no traceback or exception names
    assert s.problem and "could not be read" in s.problem
    assert "\n" not in s.problem
    for jargon in ("Traceback", "Error", "Exception", "errno"):
        assert jargon not in s.problem
    # the damaged file is kept aside, byte for byte, under a name that says so
    assert s.damaged is not None and ASIDE_RE.fullmatch(s.damaged.name), s.damaged
    assert s.damaged.name in s.problem
    assert s.damaged.read_bytes() == damaged
    assert not path.exists()

    # nothing is saved while the last good copy waits for a decision (it would be replaced)
    assert not s.set("reflections", "walls-notice", None, "too early")
    # choosing to start fresh starts a new file and never touches the damaged copy
    aside = s.damaged
    s.start_fresh()
    assert s.recovery is None
    assert s.set("reflections", "walls-notice", None, "starting again")
    assert aside.read_bytes() == damaged
    assert answers.load(path)["reflections"] == {"walls-notice": "starting again"}
    # and scan() (so `workshop scores` and `reports`) ignores the damaged copy
    assert [p.name for p, _, _ in answers.scan(folder)] == [path.name]


def test_the_last_good_copy_can_be_restored(tmp_path):
    folder = tmp_path / "answers"
    _, versions = _good_session(folder)
    path = folder / f"{PARTICIPANT}.json"
    bak = answers.backup_path(path)
    assert bak.name == f"{PARTICIPANT}.json.bak"
    assert bak.read_bytes() == versions[-2]      # the copy before the last save
    path.write_bytes(versions[-1][:40])           # damaged

    s = session.Session(folder)
    assert s.problem
    assert s.restore_backup() is True
    assert s.problem is None
    assert s.data == json.loads(versions[-2])
    assert answers.load(path) == json.loads(versions[-2])
    # the damaged copy is still kept aside
    assert [p.read_bytes() for p in folder.glob("*.corrupt-*.json")] == [versions[-1][:40]]


def test_two_damaged_files_are_both_kept(tmp_path):
    folder = tmp_path / "answers"
    _good_session(folder)
    path = folder / f"{PARTICIPANT}.json"
    kept = []
    for junk in (b"{ first", b"{ second"):
        path.write_bytes(junk)
        s = session.Session(folder)
        assert s.problem
        kept.append(s.damaged)
        s.set("reflections", "walls-notice", None, "again")
    assert len(set(kept)) == 2
    assert sorted(p.read_bytes() for p in kept) == [b"{ first", b"{ second"]


def test_one_backup_is_kept_on_each_save(answers_dir):
    path = answers.path_for(PARTICIPANT)
    previous = None
    for n in range(1, 6):
        answers.update(path, lambda d, n=n: d["exercises"].__setitem__("step", {"n": n}))
        if previous is not None:
            assert answers.backup_path(path).read_bytes() == previous
        previous = path.read_bytes()
    assert sorted(p.name for p in answers_dir.iterdir() if not p.name.startswith(".")) == [
        f"{PARTICIPANT}.json", f"{PARTICIPANT}.json.bak"]
    assert os.stat(answers.backup_path(path)).st_mode & 0o777 == 0o600


# ----------------------------------------------------------------------------- streaming

def _cohort(folder: Path, n: int) -> None:
    for k in range(n):
        data = answers.new(f"stream-{k}")
        data["consent"]["group_report"] = True
        data["instruments"]["walls"] = {"walls-01": 1 + k % 5, "walls-02": 2}
        answers.save(data, folder / f"stream-{k}.json")


def test_scan_reads_one_file_at_a_time(tmp_path, monkeypatch):
    _cohort(tmp_path, 5)
    loaded = []
    real_load = answers.load
    monkeypatch.setattr(answers, "load", lambda p: loaded.append(Path(p).name) or real_load(p))
    files = answers.scan(tmp_path)
    assert loaded == []                                  # a generator: nothing read yet
    assert next(files)[0].name == "stream-0.json" and len(loaded) == 1
    assert next(files)[0].name == "stream-1.json" and len(loaded) == 2
    assert len(list(files)) == 3 and len(loaded) == 5


def test_scores_and_the_group_report_consume_the_folder_as_a_stream(tmp_path, monkeypatch):
    """When the k-th participant is scored, only k files have been read: nobody is held back
    to be processed at the end, so memory does not grow with the cohort."""
    from workshop import cli, scoring
    from workshop.reports import group

    _cohort(tmp_path / "c", 6)
    loaded, seen_at = [], []
    real_load, real_rows, real_score_all = answers.load, scoring.csv_rows, scoring.score_all
    monkeypatch.setattr(answers, "load", lambda p: loaded.append(p) or real_load(p))
    monkeypatch.setattr(scoring, "csv_rows", lambda d: seen_at.append(len(loaded)) or
                        real_rows(d))
    count, errors = cli.write_scores(tmp_path / "c", tmp_path / "scores.csv")
    assert (count, errors, seen_at) == (6, [], [1, 2, 3, 4, 5, 6])

    loaded.clear(), seen_at.clear()
    monkeypatch.setattr(scoring, "score_all", lambda d: seen_at.append(len(loaded)) or
                        real_score_all(d))
    g = group.GroupData.collect(tmp_path / "c")
    assert g.consented == 6 and seen_at == [1, 2, 3, 4, 5, 6]
