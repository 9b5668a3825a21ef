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

from workshop import PACKAGE_DIR, i18n, instruments, scoring
from workshop.i18n import N_, _

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
        raise AnswerFileError(None, "participant", _("a pseudonym is needed"))
    if len(name) > 40:
        raise AnswerFileError(None, "participant", _("a pseudonym has at most 40 characters"))
    if not PSEUDONYM_RE.fullmatch(name):
        raise AnswerFileError(None, "participant",
                              _("use lower-case letters a-z, digits and '-', starting with a "
                                "letter or digit (for example river-42)"))
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
    return ".".join(str(p) for p in path_parts) or _("(top level)")


def _kind(value: Any) -> str:
    """What a JSON value is, in the words a participant would use (not Python's type names)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("true/false")
    kinds = {int: N_("a whole number"), float: N_("a decimal number"), str: N_("text"),
             list: N_("a list"), dict: N_("an object")}
    return _(kinds[type(value)]) if type(value) in kinds else type(value).__name__


def either(words) -> str:
    """'a or b or c' in the current language (the alternatives a field may take)."""
    words = list(words)
    text = words[0] if words else ""
    for word in words[1:]:
        text = _("{first} or {second}").format(first=text, second=word)
    return text


def _schema_reason(err: jsonschema.ValidationError) -> tuple[str, str]:
    """A short field name and reason for a schema error, never quoting the (maybe huge) value."""
    field = _field(err.absolute_path)
    v, arg = err.validator, err.validator_value
    if v == "required":
        missing = [k for k in arg if isinstance(err.instance, dict) and k not in err.instance]
        return _field([*err.absolute_path, missing[0] if missing else "?"]), _("is missing")
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return _field([*err.absolute_path, extra[0] if extra else "?"]), _("is not a known field")
    if v == "type":
        kinds = arg if isinstance(arg, list) else [arg]
        names = {"object": N_("an object"), "integer": N_("a whole number"), "string": N_("text"),
                 "boolean": N_("true or false"), "array": N_("a list")}
        return field, _("must be {kinds} (got {got})").format(
            kinds=either(_(names[k]) if k in names else k for k in kinds), got=_kind(err.instance))
    if v == "anyOf":
        return field, _("must be text, true/false or a whole number")
    if v == "maxLength":
        return field, _("is too long ({n} characters; at most {limit})").format(
            n=len(err.instance), limit=arg)
    if v == "maxProperties":
        return field, _("has too many entries ({n}; at most {limit})").format(
            n=len(err.instance), limit=arg)
    if v == "propertyNames":
        return field, bad_key()
    if v == "pattern" and list(err.absolute_path) == ["country"]:
        return field, bad_country()
    if v == "enum":
        return field, _("must be {value}").format(value=either(json.dumps(x) for x in arg))
    if v == "pattern" and err.absolute_path and err.absolute_path[-1] == "participant":
        return field, bad_pseudonym()
    if v == "pattern":
        return field, _("is not in the expected form")
    if v == "const":
        return field, _("must be {value}").format(value=json.dumps(arg))
    return field, _("is not valid ({rule})").format(rule=v)


def validate(data: Any, path: Path | str | None = None) -> dict:
    """Check a parsed answer file against the schema and the instruments; return it unchanged."""
    if not isinstance(data, dict):
        raise AnswerFileError(path, _("(top level)"),
                              _("must be a JSON object, not {kind}").format(kind=_kind(data)))
    if data.get("format") == "closer-share":
        raise AnswerFileError(path, "format", _("this is a share file, not an answer file (share "
                                                "files are read by `workshop together` and "
                                                "`workshop reports`)"))
    if data.get("format") != FORMAT:
        raise AnswerFileError(path, "format", _("must be \"{format}\" (is this a Closer answer "
                                                "file?)").format(format=FORMAT))
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise AnswerFileError(path, "version", _("{version} is newer than this Closer reads "
                                                 "({known}); please update Closer").format(
                                                     version=version, known=VERSION))
    if version != VERSION or type(version) is not int:  # not true, not 1.0
        raise AnswerFileError(path, "version", _("must be {value}").format(value=VERSION))
    err = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(data))
    if err is not None:
        raise AnswerFileError(path, *_schema_reason(err))
    _check_names(data, path)
    _check_text(data, path)
    known = instruments.load_all()
    for iid, given in data["instruments"].items():
        if iid not in known:
            raise AnswerFileError(path, f"instruments.{iid}", _("is not a known instrument"))
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
        raise AnswerFileError(path, "participant", _("is not a valid pseudonym (1-40 lower-case "
                                                     "letters, digits and '-')"))
    if "country" in data and not _COUNTRY_RE.fullmatch(data["country"]):
        raise AnswerFileError(path, "country", bad_country())
    for stamp in ("created", "updated"):
        if stamp in data and not _STAMP_RE.fullmatch(data[stamp]):
            raise AnswerFileError(path, stamp, _("is not in the expected form"))
    for section in ("instruments", "exercises", "reflections"):
        for key, value in data.get(section, {}).items():
            names = [(key, section)]
            if isinstance(value, dict):
                names += [(k, f"{section}.{key}") for k in value]
            for name, where in names:
                if not _KEY_RE.fullmatch(name):
                    raise AnswerFileError(path, where, bad_key())


def _check_text(data: dict, path: Path | str | None) -> None:
    """Refuse text with an unpaired surrogate (JSON allows "\\ud800"): it cannot be written
    back as UTF-8, so the file could be read but never saved, and no report could show it."""
    todo = [((), data)]
    while todo:
        where, value = todo.pop()
        if isinstance(value, dict):
            todo.extend(((*where, k), v) for k, v in value.items())
        elif isinstance(value, str) and _SURROGATE_RE.search(value):
            raise AnswerFileError(path, _field(where), _("holds a broken character (an unpaired "
                                                         "surrogate) that cannot be saved as "
                                                         "UTF-8"))


def _no_duplicates(pairs):
    keys = [key for key, _value in pairs]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise AnswerFileError(None, _short(dup), _("appears twice in the same object"))
    return dict(pairs)


def _short(text: str, limit: int = 40) -> str:
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[:limit] + "..."


def parse(raw: bytes, path: Path | str | None = None) -> dict:
    """Parse and validate the bytes of an answer file."""
    if len(raw) > MAX_BYTES:
        raise CorruptAnswerFile(path, "", too_big(len(raw)))
    if not raw.strip():
        raise CorruptAnswerFile(path, "", _("is empty"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CorruptAnswerFile(path, "", bom())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptAnswerFile(path, "", not_utf8(exc)) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except AnswerFileError as exc:
        raise CorruptAnswerFile(path, exc.field, exc.reason) from None
    except RecursionError:
        raise CorruptAnswerFile(path, "", _("is nested too deeply to be an answer file")) from None
    except json.JSONDecodeError as exc:
        raise CorruptAnswerFile(path, "", not_json(exc)) from None
    except ValueError:  # e.g. a number too long for int() (sys.get_int_max_str_digits)
        raise CorruptAnswerFile(path, "", not_json()) from None
    return validate(data, path)


# ----------------------------------------------------------------------------- shared reasons
# The same refusals for answer files and share files, in the current language.

def bad_key() -> str:
    return _("has a key that is not lower-case letters, digits and '-'")


def bad_country() -> str:
    return _("must be a two-letter country code in capitals, such as GB")


def bad_pseudonym() -> str:
    return _("is not a valid pseudonym (1-40 lower-case letters, digits and '-', starting with "
             "a letter or digit)")


def too_big(size: int, share: bool = False) -> str:
    limit = MAX_BYTES // (1024 * 1024)
    if share:
        return _("is {size} MB; share files are at most {limit} MB").format(
            size=i18n.number(size / 1e6), limit=limit)
    return _("is {size} MB; answer files are at most {limit} MB").format(
        size=i18n.number(size / 1e6), limit=limit)


def bom() -> str:
    return _("starts with a byte-order mark (BOM); save it as plain UTF-8")


def not_utf8(exc: UnicodeDecodeError) -> str:
    return _("is not UTF-8 text (bad byte at position {position})").format(position=exc.start)


def not_json(exc: json.JSONDecodeError | None = None) -> str:
    """Python's own words for the JSON problem stay as they are (they name the character)."""
    if exc is None:
        return _("is not valid JSON (a number is too long)")
    return _("is not valid JSON ({problem} at line {line}, column {column})").format(
        problem=exc.msg, line=exc.lineno, column=exc.colno)
