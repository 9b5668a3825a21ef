"""The participant's answer file: one JSON file per pseudonym, the only place answers live.

Three promises shape this module:
- a file is never half-written: saves go to a temporary file, are fsynced, then replace the old
  file atomically, and the previous good copy is kept as `<name>.bak`;
- two kernels saving the same participant lose nothing: every save takes a file lock, re-reads
  the file on disk, applies its change and writes the result;
- nothing is trusted: every file is checked against the JSON Schema and the instruments before
  use, and every rejection is one line naming the file and the field.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import fcntl
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

from workshop import PACKAGE_DIR, instruments


def _import_jsonschema():
    """Import jsonschema without its optional "iri" format checker.

    jsonschema imports every format library it can find; rfc3987_syntax (installed alongside
    Jupyter) builds a grammar at import and costs about a second of every notebook's start-up.
    Our schema checks no formats, so the library is hidden while jsonschema loads.
    """
    import sys

    hide = "rfc3987_syntax" not in sys.modules
    if hide:
        sys.modules["rfc3987_syntax"] = None  # makes `import rfc3987_syntax` an ImportError
    try:
        import jsonschema
    finally:
        if hide and sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


jsonschema = _import_jsonschema()

FORMAT = "closer-answers"
VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
PSEUDONYM_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}", re.ASCII)
_KEY_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}", re.ASCII)  # the schema's propertyNames
_STAMP_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z",
                       re.ASCII)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
SCHEMA_PATH = PACKAGE_DIR / "answers.schema.json"
ENV_DIR = "WORKSHOP_ANSWERS_DIR"
_SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)


class AnswerFileError(ValueError):
    """A rejected answer file. `str()` is one line: `FILE: field: reason`."""

    def __init__(self, path: Path | str | None, field: str, reason: str):
        # A key or a value from the file can hold a newline or be huge: keep the message one line.
        field, reason = _one_line(field, 80), _one_line(reason, 300)
        self.path, self.field, self.reason = path, field, reason
        where = f"{_one_line(path)}: " if path is not None else ""
        super().__init__(f"{where}{field}: {reason}" if field else f"{where}{reason}")


class CorruptAnswerFile(AnswerFileError):
    """The file on disk exists but cannot be read as an answer file."""


def _one_line(text: Any, limit: int | None = None) -> str:
    """Escape control and other unprintable characters; shorten to `limit` characters."""
    text = "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace")
                   .decode("ascii") for c in str(text))
    return text if limit is None or len(text) <= limit else text[:limit] + "..."


# ----------------------------------------------------------------------------- paths

def answers_dir() -> Path:
    """Where answer files live: $WORKSHOP_ANSWERS_DIR, else `answers/` in the working folder."""
    return Path(os.environ.get(ENV_DIR) or Path.cwd() / "answers")


def check_pseudonym(name: Any) -> str:
    """Return the pseudonym if it is valid, else raise AnswerFileError with a plain reason."""
    if not isinstance(name, str) or not name:
        raise AnswerFileError(None, "participant", "a pseudonym is needed")
    if len(name) > 40:
        raise AnswerFileError(None, "participant", "a pseudonym has at most 40 characters")
    if not PSEUDONYM_RE.fullmatch(name):
        raise AnswerFileError(None, "participant",
                              "use lower-case letters a-z, digits and '-', starting with a letter "
                              "or digit (for example river-42)")
    return name


def path_for(participant: str, directory: Path | None = None) -> Path:
    return (directory or answers_dir()) / f"{check_pseudonym(participant)}.json"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


def ensure_dir(directory: Path) -> Path:
    """Create the folder private to its owner (0700)."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    return directory


# ----------------------------------------------------------------------------- validation

def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new(participant: str) -> dict:
    """A fresh, empty answer file for a pseudonym."""
    stamp = now()
    return {
        "format": FORMAT, "version": VERSION, "participant": check_pseudonym(participant),
        "created": stamp, "updated": stamp,
        "consent": {"group_report": False, "reflections_in_group_report": False},
        "instruments": {}, "exercises": {}, "reflections": {},
    }


def _field(path_parts) -> str:
    return ".".join(str(p) for p in path_parts) or "(top level)"


def _kind(value: Any) -> str:
    """What a JSON value is, in the words a participant would use (not Python's type names)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {int: "a whole number", float: "a decimal number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _schema_reason(err: jsonschema.ValidationError) -> tuple[str, str]:
    """A short field name and reason for a schema error, never quoting the (maybe huge) value."""
    field = _field(err.absolute_path)
    v, arg = err.validator, err.validator_value
    if v == "required":
        missing = [k for k in arg if isinstance(err.instance, dict) and k not in err.instance]
        return _field([*err.absolute_path, missing[0] if missing else "?"]), "is missing"
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return _field([*err.absolute_path, extra[0] if extra else "?"]), "is not a known field"
    if v == "type":
        kinds = arg if isinstance(arg, list) else [arg]
        got = _kind(err.instance)
        names = {"object": "an object", "integer": "a whole number", "string": "text",
                 "boolean": "true or false", "array": "a list"}
        return field, f"must be {' or '.join(names.get(k, k) for k in kinds)} (got {got})"
    if v == "anyOf":
        return field, "must be text, true/false or a whole number"
    if v == "maxLength":
        return field, f"is too long ({len(err.instance)} characters; at most {arg})"
    if v == "maxProperties":
        return field, f"has too many entries ({len(err.instance)}; at most {arg})"
    if v == "propertyNames":
        return field, "has a key that is not lower-case letters, digits and '-'"
    if v == "pattern" and err.absolute_path and err.absolute_path[-1] == "participant":
        return field, ("is not a valid pseudonym (1-40 lower-case letters, digits and '-', "
                       "starting with a letter or digit)")
    if v == "pattern":
        return field, "is not in the expected form"
    if v == "const":
        return field, f"must be {json.dumps(arg)}"
    return field, f"is not valid ({v})"


def validate(data: Any, path: Path | str | None = None) -> dict:
    """Check a parsed answer file against the schema and the instruments; return it unchanged."""
    if not isinstance(data, dict):
        raise AnswerFileError(path, "(top level)",
                              f"must be a JSON object, not {_kind(data)}")
    if data.get("format") != FORMAT:
        raise AnswerFileError(path, "format", f"must be \"{FORMAT}\" (is this a Closer answer file?)")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise AnswerFileError(path, "version", f"{version} is newer than this Closer reads "
                                               f"({VERSION}); please update Closer")
    if version != VERSION or type(version) is not int:  # not true, not 1.0
        raise AnswerFileError(path, "version", f"must be {VERSION}")
    err = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(data))
    if err is not None:
        raise AnswerFileError(path, *_schema_reason(err))
    _check_names(data, path)
    _check_text(data, path)
    known = instruments.load_all()
    for iid, given in data["instruments"].items():
        if iid not in known:
            raise AnswerFileError(path, f"instruments.{iid}", "is not a known instrument")
        inst = known[iid]
        for item_id, value in given.items():
            where = f"instruments.{iid}.{item_id}"
            if item_id not in inst.item_ids:
                raise AnswerFileError(path, where, f"is not an item of '{iid}'")
            if isinstance(value, bool) or not isinstance(value, int):
                raise AnswerFileError(path, where, "must be a whole number")
            if not inst.min <= value <= inst.max:
                raise AnswerFileError(path, where,
                                      f"{value} is outside the scale {inst.min}-{inst.max}")
    return data


def _check_names(data: dict, path: Path | str | None) -> None:
    """Re-check the pseudonym and every key with fullmatch.

    jsonschema runs the schema's patterns with Python's `re.search`, where `$` also matches just
    before a final newline, so "river-42\\n" would otherwise pass as a pseudonym or a key.
    """
    if not PSEUDONYM_RE.fullmatch(data["participant"]):
        raise AnswerFileError(path, "participant", "is not a valid pseudonym (1-40 lower-case "
                                                   "letters, digits and '-')")
    for stamp in ("created", "updated"):
        if stamp in data and not _STAMP_RE.fullmatch(data[stamp]):
            raise AnswerFileError(path, stamp, "is not in the expected form")
    for section in ("instruments", "exercises", "reflections"):
        for key, value in data.get(section, {}).items():
            names = [(key, section)]
            if isinstance(value, dict):
                names += [(k, f"{section}.{key}") for k in value]
            for name, where in names:
                if not _KEY_RE.fullmatch(name):
                    raise AnswerFileError(path, where, "has a key that is not lower-case letters, "
                                                       "digits and '-'")


def _check_text(data: dict, path: Path | str | None) -> None:
    """Refuse text with an unpaired surrogate (JSON allows "\\ud800"): it cannot be written
    back as UTF-8, so the file could be read but never saved, and no report could show it."""
    todo = [((), data)]
    while todo:
        where, value = todo.pop()
        if isinstance(value, dict):
            todo.extend(((*where, k), v) for k, v in value.items())
        elif isinstance(value, str) and _SURROGATE_RE.search(value):
            raise AnswerFileError(path, _field(where), "holds a broken character (an unpaired "
                                                       "surrogate) that cannot be saved as UTF-8")


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise AnswerFileError(None, _short(dup), "appears twice in the same object")
    return dict(pairs)


def _short(text: str, limit: int = 40) -> str:
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[:limit] + "..."


def parse(raw: bytes, path: Path | str | None = None) -> dict:
    """Parse and validate the bytes of an answer file."""
    if len(raw) > MAX_BYTES:
        raise CorruptAnswerFile(path, "", f"is {len(raw) / 1e6:.1f} MB; answer files are at most "
                                          f"{MAX_BYTES // (1024 * 1024)} MB")
    if not raw.strip():
        raise CorruptAnswerFile(path, "", "is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CorruptAnswerFile(path, "", "starts with a byte-order mark (BOM); save it as plain "
                                          "UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptAnswerFile(path, "", f"is not UTF-8 text (bad byte at position "
                                          f"{exc.start})") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except AnswerFileError as exc:
        raise CorruptAnswerFile(path, exc.field, exc.reason) from None
    except RecursionError:
        raise CorruptAnswerFile(path, "", "is nested too deeply to be an answer file") from None
    except json.JSONDecodeError as exc:
        raise CorruptAnswerFile(path, "", f"is not valid JSON ({exc.msg} at line {exc.lineno}, "
                                          f"column {exc.colno})") from None
    except ValueError:  # e.g. a number too long for int() (sys.get_int_max_str_digits)
        raise CorruptAnswerFile(path, "", "is not valid JSON (a number is too long)") from None
    return validate(data, path)


def load(path: Path | str) -> dict:
    """Read and validate an answer file; the size is checked before anything is parsed."""
    path = Path(path)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
            raise AnswerFileError(path, "", "is a link that leads nowhere or loops; "
                                            "refused") from None
        if target.parent != path.parent.resolve():
            raise AnswerFileError(path, "", "is a link to a file outside its folder; refused")
    if path.is_dir():
        raise AnswerFileError(path, "", "is a folder, not an answer file")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AnswerFileError(path, "", "does not exist") from None
    except OSError as exc:
        raise AnswerFileError(path, "", f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise AnswerFileError(path, "", "is not a regular file")
    size = info.st_size
    if size > MAX_BYTES:
        raise CorruptAnswerFile(path, "", f"is {size / 1e6:.1f} MB; answer files are at most "
                                          f"{MAX_BYTES // (1024 * 1024)} MB")
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AnswerFileError(path, "", f"cannot be read ({exc.strerror})") from None
    return parse(raw, path)


# ----------------------------------------------------------------------------- saving

@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for this participant's file (advisory, between our own writers)."""
    ensure_dir(path.parent)
    fd = os.open(_lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_atomic(path: Path, payload: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(path), dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _clean_temporaries(path: Path) -> None:
    """Remove temporary files a killed writer left behind; safe because we hold the lock.

    Both the file's and its backup's temporaries: each holds a whole copy of the answers."""
    for prefix in (_tmp_prefix(path), _tmp_prefix(backup_path(path))):
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
        _lock_path(path).unlink()
    return removed


def import_bytes(raw: bytes, directory: Path | None = None) -> tuple[Path, dict]:
    """Restore an uploaded answer file: validate it, then save it under its own pseudonym."""
    data = parse(raw, "uploaded file")
    path = path_for(data["participant"], directory)
    with locked(path):
        _save_unlocked(copy.deepcopy(data), path)
    return path, data


def scan(directory: Path | str) -> Iterator[tuple[Path, dict | None, AnswerFileError | None]]:
    """Every `*.json` in a folder, in name order, as (path, data, None) or (path, None, error).

    Backups, corrupt copies and hidden files are skipped. One file is held at a time, so a
    cohort of any size streams through.
    """
    directory = Path(directory)
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith(".") or ".corrupt-" in path.name:
            continue
        try:
            yield path, load(path), None
        except AnswerFileError as exc:
            yield path, None, exc

