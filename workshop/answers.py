"""The participant's answer file on disk: one JSON file per pseudonym, the only place answers live.

Three promises shape this module:
- a file is never half-written: saves go through `files.write_atomic`, and the previous good copy
  is kept as `<name>.bak`;
- two kernels saving the same participant lose nothing: every save takes a file lock, re-reads
  the file on disk, applies its change and writes the result;
- nothing is trusted: every file is checked by `answer_format` before use, and every rejection is
  one line naming the file and the field.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import json
import os
import stat
from pathlib import Path
from typing import Callable, Iterator

from workshop.answer_format import (  # noqa: F401  (the names callers use with answers.*)
    FORMAT, MAX_BYTES, VERSION, AnswerFileError, CorruptAnswerFile, check_pseudonym, new, now,
    parse, put, too_big, validate,
)
from workshop.files import locked, private_dir as ensure_dir, tmp_prefix, write_atomic  # noqa: F401
from workshop import files
from workshop.i18n import _

ENV_DIR = "WORKSHOP_ANSWERS_DIR"


# ----------------------------------------------------------------------------- paths

def answers_dir() -> Path:
    """Where answer files live: $WORKSHOP_ANSWERS_DIR, else `answers/` in the working folder."""
    return Path(os.environ.get(ENV_DIR) or Path.cwd() / "answers")


def path_for(participant: str, directory: Path | None = None) -> Path:
    return (directory or answers_dir()) / f"{check_pseudonym(participant)}.json"


def backup_path(path: Path) -> Path:
    """The last good copy of an answer file, kept beside it."""
    return path.with_name(path.name + ".bak")


def candidates(directory: Path | str) -> list[Path]:
    """The files in a folder that count as answer files, in name order.

    Backups, damaged copies set aside and hidden files (locks, temporaries, `.current`) do not.
    """
    return [p for p in sorted(Path(directory).glob("*.json"))
            if not p.name.startswith(".") and ".corrupt-" not in p.name]


def check_output_folder(answers_folder: Path | str, out: Path | str) -> None:
    """Reports and tables never go inside the answers folder (they would be read as answers)."""
    if files.inside(Path(answers_folder), Path(out)):
        raise ValueError(_("--out must not be inside the answers folder"))


def load(path: Path | str) -> dict:
    """Read and validate an answer file; the size is checked before anything is parsed."""
    path = Path(path)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
            raise AnswerFileError(path, "", _("is a link that leads nowhere or loops; "
                                              "refused")) from None
        if target.parent != path.parent.resolve():
            raise AnswerFileError(path, "", _("is a link to a file outside its folder; refused"))
    if path.is_dir():
        raise AnswerFileError(path, "", _("is a folder, not an answer file"))
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AnswerFileError(path, "", _("does not exist")) from None
    except OSError as exc:
        raise AnswerFileError(path, "", unreadable(exc)) from None
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise AnswerFileError(path, "", _("is not a regular file"))
    size = info.st_size
    if size > MAX_BYTES:
        raise CorruptAnswerFile(path, "", too_big(size))
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AnswerFileError(path, "", unreadable(exc)) from None
    return parse(raw, path)


def unreadable(exc: OSError) -> str:
    """The system's own words for why (they follow the machine's language, not Closer's)."""
    return _("cannot be read ({problem})").format(problem=exc.strerror)


# ----------------------------------------------------------------------------- saving

def _clean_temporaries(path: Path) -> None:
    """Remove temporary files a killed writer left behind; safe because we hold the lock.

    Both the file's and its backup's temporaries: each holds a whole copy of the answers."""
    for prefix in (tmp_prefix(path), tmp_prefix(backup_path(path))):
        for leftover in path.parent.glob(prefix + "*"):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def dumps(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def save(data: dict, path: Path | str) -> None:
    """Validate and write a whole answer file atomically, keeping the previous copy as `.bak`."""
    path = Path(path)
    validate(data, path)
    with locked(path):
        _save_unlocked(data, path)


def _save_unlocked(data: dict, path: Path, previous: bytes | None = None) -> None:
    """Write `data`, first keeping the file on disk as the backup if it is a good one.

    `previous` is the on-disk content when the caller has just read and validated it, which
    spares parsing it a second time.
    """
    _clean_temporaries(path)
    if previous is None and path.is_file() and not path.is_symlink():
        try:
            raw = path.read_bytes()
            parse(raw, path)
            previous = raw
        except AnswerFileError:
            pass  # never let a bad file replace the last good backup
    if previous is not None:
        write_atomic(backup_path(path), previous)
    write_atomic(path, dumps(data))


def update(path: Path | str, change: Callable[[dict], None], participant: str | None = None) -> dict:
    """Apply `change` to the file on disk under the lock, so concurrent savers merge.

    The file is created if it does not exist. A corrupt file is never overwritten: it raises
    CorruptAnswerFile and the caller decides (see `set_aside`).
    """
    path = Path(path)
    with locked(path):
        previous = None
        if path.exists():
            data = load(path)
            previous = path.read_bytes()  # unchanged since load: we hold the lock
        else:
            data = new(participant or path.stem)
        change(data)
        data["updated"] = now()
        validate(data, path)
        _save_unlocked(data, path, previous)
        return data


def set_aside(path: Path | str) -> Path:
    """Move a damaged file out of the way, as `<name>.corrupt-<time>.json`, and return its path."""
    path = Path(path)
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.stem}.corrupt-{stamp}.json")
    with locked(path):
        os.replace(path, aside)
        if aside.is_file() and not aside.is_symlink():
            os.chmod(aside, 0o600)  # it may have been written by another program, 0644
    return aside


def restore_backup(path: Path | str) -> dict:
    """Put the last good copy (`.bak`) back in place and return it."""
    path = Path(path)
    bak = backup_path(path)
    data = load(bak)
    with locked(path):
        write_atomic(path, dumps(data))
    return data


def erase(path: Path | str) -> list[Path]:
    """Delete the answer file and every copy of it: backup, damaged copies, lock, temporaries."""
    path = Path(path)
    removed = []
    with locked(path):
        _clean_temporaries(path)
        damaged = list(path.parent.glob(f"{path.stem}.corrupt-*.json"))
        for p in (path, backup_path(path), *damaged):
            if p.exists() or p.is_symlink():
                p.unlink()
                removed.append(p)
    with contextlib.suppress(FileNotFoundError):
        files.lock_path(path).unlink()
    return removed


def import_bytes(raw: bytes, directory: Path | None = None) -> tuple[Path, dict]:
    """Restore an uploaded answer file: validate it, then save it under its own pseudonym."""
    data = parse(raw, _("uploaded file"))
    path = path_for(data["participant"], directory)
    with locked(path):
        _save_unlocked(copy.deepcopy(data), path)
    return path, data


def scan(directory: Path | str) -> Iterator[tuple[Path, dict | None, AnswerFileError | None]]:
    """Every answer file in a folder (see `candidates`) as (path, data, None) or
    (path, None, error). One file is held at a time, so a cohort of any size streams through."""
    for path in candidates(directory):
        try:
            yield path, load(path), None
        except AnswerFileError as exc:
            yield path, None, exc
