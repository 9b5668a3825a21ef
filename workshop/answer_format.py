"""What a valid answer file is: the JSON Schema, the instruments' scales, and plain-words errors.

Nothing here touches the disk: `answers` reads and writes files and calls these checks, and share
files and uploads are checked by the same rules.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path
from typing import Any

from workshop import PACKAGE_DIR, instruments, scoring

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
_COUNTRY_RE = re.compile(r"[A-Z]{2}", re.ASCII)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
SCHEMA_PATH = PACKAGE_DIR / "answers.schema.json"
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
    if v == "pattern" and list(err.absolute_path) == ["country"]:
        return field, "must be a two-letter country code in capitals, such as GB"
    if v == "enum":
        return field, "must be " + " or ".join(json.dumps(x) for x in arg)
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
    if data.get("format") == "closer-share":
        raise AnswerFileError(path, "format", "this is a share file, not an answer file (share "
                                              "files are read by `workshop together` and "
                                              "`workshop reports`)")
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
            reason = scoring.answer_problem(inst, item_id, value)
            if reason:
                raise AnswerFileError(path, f"instruments.{iid}.{item_id}", reason)
    return data


TOP_LEVEL_ANSWERS = ("instruments", "exercises", "reflections", "consent", "country", "language")


def put(data: dict, where: tuple[str, ...], value: Any) -> None:
    """Set one answer inside an answer file's dict; `None` or empty text removes it.

    `where` names the entry from the top: `("instruments", "walls", "walls-01")`,
    `("reflections", "walls-notice")`, `("consent", "group_report")`, `("country",)`.
    The caller validates the whole file afterwards.
    """
    if not where or where[0] not in TOP_LEVEL_ANSWERS:
        raise ValueError(f"not a place for an answer: {where!r}")
    *parents, last = where
    target = data
    for key in parents:
        target = target.setdefault(key, {})
        if not isinstance(target, dict):
            raise ValueError(f"not a place for an answer: {where!r}")
    if value is None or value == "":
        target.pop(last, None)
    else:
        target[last] = value


def _check_names(data: dict, path: Path | str | None) -> None:
    """Re-check the pseudonym and every key with fullmatch.

    jsonschema runs the schema's patterns with Python's `re.search`, where `$` also matches just
    before a final newline, so "river-42\\n" would otherwise pass as a pseudonym or a key.
    """
    if not PSEUDONYM_RE.fullmatch(data["participant"]):
        raise AnswerFileError(path, "participant", "is not a valid pseudonym (1-40 lower-case "
                                                   "letters, digits and '-')")
    if "country" in data and not _COUNTRY_RE.fullmatch(data["country"]):
        raise AnswerFileError(path, "country", "must be a two-letter country code in capitals, "
                                               "such as GB")
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


