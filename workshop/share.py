"""Share files: what a participant gives to one other person, and nothing more.

A share file is made by its owner from their answer file and holds only what they chose for one
audience: their partner (signed with their pseudonym) or the facilitator's group report (unsigned,
with a random id so a copy handed in twice counts once, and only with the matching consent).
Nothing is chosen by default. Share files are checked by the same rules as answer files, and every
refusal is one plain line that names the file.
"""

from __future__ import annotations

import json
import secrets
import stat
from pathlib import Path
from typing import Any

from workshop import PACKAGE_DIR, answer_format, answers, curriculum, files, resources, scoring
from workshop import instruments as catalogue
from workshop.answer_format import AnswerFileError, jsonschema
from workshop.i18n import N_, _, ngettext

FORMAT = "closer-share"
VERSION = 1
AUDIENCES = ("partner", "facilitator")
MAX_BYTES = answer_format.MAX_BYTES
PREVIEW_CHARS = 80
LANGUAGES = {"en": N_("English"), "es": N_("Spanish")}  # shown with _()
SCHEMA_PATH = PACKAGE_DIR / "share.schema.json"
_VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
_ID_CHARS = frozenset("0123456789abcdef")
NOTHING_ELSE = N_("Nothing else from your answer file: no consents, exercises, action plan, "
                   "or anything you did not choose.")  # shown with _()


MISSING = {"partner": N_("is missing (a share file for the partner needs it)"),
           "facilitator": N_("is missing (a share file for the facilitator needs it)")}
NOT_HERE = {"partner": N_("does not belong in a share file for the partner"),
            "facilitator": N_("does not belong in a share file for the facilitator")}


class ShareError(ValueError):
    """A share file that cannot be made, read or paired. `str()` is one line, naming the file
    when there is one: `FILE: field: reason`."""

    def __init__(self, reason: str, path: Path | str | None = None, field: str = ""):
        self.reason = answer_format._one_line(reason, 400)
        self.path, self.field = path, answer_format._one_line(field, 80)
        where = f"{answer_format._one_line(path)}: " if path is not None else ""
        super().__init__(f"{where}{self.field}: {self.reason}" if self.field
                         else f"{where}{self.reason}")


# ----------------------------------------------------------------------------- making

def _unique(chosen) -> list[str]:
    if isinstance(chosen, str):  # a single id, not a list of its characters
        chosen = [chosen]
    return list(dict.fromkeys(str(c).strip() for c in chosen or () if str(c).strip()))


def make(data: dict, audience: str, instruments: list[str], reflections: list[str]) -> dict:
    """A share file from a validated answer file: only the chosen instruments and reflections.

    Refused (ShareError) when nothing is chosen, when a choice has no answers, when a
    facilitator share lacks its consent, or when the answer file is not a valid one.
    """
    if audience not in AUDIENCES:
        raise ShareError(_("a share file is for your partner or for the facilitator, not "
                           "'{audience}'").format(audience=audience))
    chosen_inst, chosen_refl = _unique(instruments), _unique(reflections)
    if not chosen_inst and not chosen_refl:
        raise ShareError(_("nothing is chosen: a share file holds only what you choose, and "
                           "nothing is chosen by default"))
    consent = data.get("consent", {})
    if audience == "facilitator" and not consent.get("group_report"):
        raise ShareError(_("you have not agreed to be counted in the group report, so no share "
                           "file for the facilitator can be made (you can change this in the "
                           "consent box of the welcome module)"))
    if audience == "facilitator" and chosen_refl and not consent.get("reflections_in_group_report"):
        raise ShareError(_("you have not agreed to have your reflections quoted in the group "
                           "report, so a share file for the facilitator cannot hold reflections"))
    known = catalogue.load_all()
    given_inst = data.get("instruments", {})
    for iid in chosen_inst:
        if iid not in known:
            raise ShareError(_("'{id}' is not a self-assessment in Closer (there are: {known})")
                             .format(id=iid, known=", ".join(known)))
        if not given_inst.get(iid):
            raise ShareError(_("you have not answered '{title}' yet, so it cannot be shared")
                             .format(title=known[iid].title))
    given_refl = data.get("reflections", {})
    for rid in chosen_refl:
        if not isinstance(given_refl.get(rid), str) or not given_refl[rid].strip():
            raise ShareError(_("you have not written the reflection '{id}', so it cannot be "
                               "shared").format(id=rid))
    obj: dict[str, Any] = {"format": FORMAT, "version": VERSION, "audience": audience}
    if audience == "partner":
        obj["from"] = data["participant"]
    else:
        obj["id"] = secrets.token_hex(16)
    obj["created"] = answer_format.now()
    obj["language"] = data.get("language", "en")
    if audience == "partner" and data.get("country"):
        obj["country"] = data["country"]  # so the report shows help lines for where they live
    obj["instruments"] = {iid: dict(given_inst[iid]) for iid in chosen_inst}
    obj["reflections"] = {rid: given_refl[rid] for rid in chosen_refl}
    try:
        return validate(obj)
    except ShareError as exc:  # the answer file itself was not valid
        raise ShareError(_("your answer file cannot be shared: {problem}").format(
            problem=exc)) from None


# ----------------------------------------------------------------------------- checking

def _reason(err) -> tuple[str, str]:
    """The field and plain reason of a schema error, in the words answer files use."""
    field, reason = answer_format._schema_reason(err)
    if err.validator == "minProperties":
        reason = _("holds no answers")
    elif err.validator == "minLength":
        reason = _("is empty")
    elif "propertyNames" in err.absolute_schema_path:
        reason = answer_format.bad_key()
    elif err.validator == "pattern" and list(err.absolute_path) == ["from"]:
        reason = answer_format.bad_pseudonym()
    elif err.validator == "pattern" and list(err.absolute_path) == ["id"]:
        reason = _("is not a random id of hexadecimal digits")
    return field, reason


def validate(obj: Any, path: Path | str | None = None) -> dict:
    """Check a parsed share file; return it unchanged or raise ShareError (one line)."""
    if not isinstance(obj, dict):
        raise ShareError(_("must be a JSON object, not {kind}").format(
            kind=answer_format._kind(obj)), path, _("(top level)"))
    if obj.get("format") == answer_format.FORMAT:
        raise ShareError(_("is a full answer file, not a share file: make a share file with "
                           "`workshop share` or in module 09"), path)
    if obj.get("format") != FORMAT:
        raise ShareError(_("must be \"{format}\" (is this a Closer share file?)").format(
            format=FORMAT), path, "format")
    version = obj.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ShareError(_("version {version} is newer than this Closer reads ({known}); please "
                           "update Closer").format(version=version, known=VERSION), path)
    if version != VERSION or type(version) is not int:
        raise ShareError(_("must be {value}").format(value=VERSION), path, "version")
    audience = obj.get("audience")
    for key, needed in (("from", "partner"), ("id", "facilitator")):
        if audience == needed and key not in obj:
            raise ShareError(_(MISSING[needed]), path, key)
        if audience in AUDIENCES and audience != needed and key in obj:
            raise ShareError(_(NOT_HERE[audience]), path, key)
    if audience == "facilitator" and "country" in obj:
        raise ShareError(_(NOT_HERE[audience]), path, "country")
    err = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(obj))
    if err is not None:
        field, reason = _reason(err)
        raise ShareError(reason, path, field)
    _check_names(obj, path)
    known = catalogue.load_all()
    for iid, given in obj["instruments"].items():
        if iid not in known:
            raise ShareError(_("is not a known instrument"), path, f"instruments.{iid}")
        for item_id, value in given.items():
            problem = scoring.answer_problem(known[iid], item_id, value)
            if problem:
                raise ShareError(problem, path, f"instruments.{iid}.{item_id}")
    if not obj["instruments"] and not obj["reflections"]:
        raise ShareError(_("holds nothing: no self-assessment and no reflection"), path)
    return obj


def _check_names(obj: dict, path) -> None:
    """Patterns again with fullmatch (a schema pattern's `$` also matches before a final
    newline), the random id, and no broken characters anywhere."""
    if "from" in obj and not answer_format.PSEUDONYM_RE.fullmatch(obj["from"]):
        raise ShareError(_("is not a valid pseudonym"), path, "from")
    if "id" in obj and not set(obj["id"]) <= _ID_CHARS:
        raise ShareError(_("is not a random id of hexadecimal digits"), path, "id")
    if not answer_format._STAMP_RE.fullmatch(obj["created"]):
        raise ShareError(_("is not in the expected form"), path, "created")
    if "country" in obj and not answer_format._COUNTRY_RE.fullmatch(obj["country"]):
        raise ShareError(answer_format.bad_country(), path, "country")
    for section in ("instruments", "reflections"):
        for key, value in obj[section].items():
            names = [(key, section)] + [(k, f"{section}.{key}") for k in
                                        (value if isinstance(value, dict) else ())]
            bad = [w for n, w in names if not answer_format._KEY_RE.fullmatch(n)]
            if bad:
                raise ShareError(answer_format.bad_key(), path, bad[0])
    try:
        answer_format._check_text(obj, path)
    except AnswerFileError as exc:
        raise ShareError(exc.reason, path, exc.field) from None


def parse(raw: bytes, path: Path | str | None = None) -> dict:
    """Parse and validate the bytes of a share file."""
    if len(raw) > MAX_BYTES:
        raise ShareError(answer_format.too_big(len(raw), share=True), path)
    if not raw.strip():
        raise ShareError(_("is empty"), path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ShareError(answer_format.bom(), path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ShareError(answer_format.not_utf8(exc), path) from None
    try:
        obj = json.loads(text, object_pairs_hook=answer_format._no_duplicates)
    except AnswerFileError as exc:  # a key that appears twice
        raise ShareError(exc.reason, path, exc.field) from None
    except RecursionError:
        raise ShareError(_("is nested too deeply to be a share file"), path) from None
    except json.JSONDecodeError as exc:
        raise ShareError(answer_format.not_json(exc), path) from None
    except ValueError:  # a number too long for int()
        raise ShareError(answer_format.not_json(), path) from None
    return validate(obj, path)


def load(path: Path | str) -> dict:
    """Read and validate a share file; the size is checked before anything is read."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ShareError(_("does not exist"), path) from None
    except OSError as exc:
        raise ShareError(answers.unreadable(exc), path) from None
    if stat.S_ISDIR(info.st_mode):
        raise ShareError(_("is a folder, not a share file"), path)
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise ShareError(_("is not a regular file"), path)
    if info.st_size > MAX_BYTES:
        raise ShareError(answer_format.too_big(info.st_size, share=True), path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ShareError(answers.unreadable(exc), path) from None
    return parse(raw, path)


def is_share(path: Path | str) -> bool:
    """Is this a valid share file (for either audience)?"""
    try:
        load(path)
    except ShareError:
        return False
    return True


def split_ids(text: str | None) -> list[str]:
    """Ids given as "walls, fears" on a command line."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def dumps(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write(obj: dict, path: Path | str) -> Path:
    """Validate and write a share file atomically, readable by its owner only (0600)."""
    path = Path(path)
    validate(obj, path)
    files.write_atomic(path, dumps(obj))
    return path


def facilitator_share(path: Path | str, refused: AnswerFileError) -> dict:
    """A file in a reports folder that was refused as an answer file for its `format`: return it
    if it is a facilitator share. A partner share is refused by name; anything else keeps the
    answer file's own refusal."""
    try:
        obj = load(path)
    except ShareError as exc:
        if exc.field == "format":
            raise refused from None
        raise
    if obj["audience"] != "facilitator":
        raise ShareError(_("is a share file for {pseudonym}'s partner, not for the group report "
                           "(it belongs with `workshop together`); not used").format(
                               pseudonym=obj["from"]), path)
    return obj


def read_either(path: Path | str) -> dict:
    """An answer file or a facilitator share file, validated; its `format` says which."""
    try:
        return answers.load(path)
    except AnswerFileError as exc:
        if exc.field != "format":
            raise
        return facilitator_share(path, exc)


# ----------------------------------------------------------------------------- reading

def _preview(text: str) -> str:
    flat = answer_format._one_line(" ".join(text.split()))
    return flat if len(flat) <= PREVIEW_CHARS else flat[:PREVIEW_CHARS].rstrip() + "…"


def describe(obj: dict) -> list[str]:
    """Exactly what a share file holds, in plain words, one line each (the preview)."""
    if obj["audience"] == "partner":
        lines = [_("For your partner, signed with your pseudonym '{pseudonym}'. Your partner can "
                   "read everything listed here, down to each single answer.").format(
                       pseudonym=obj["from"])]
    else:
        lines = [_("For the facilitator's group report, without your pseudonym: it counts in the "
                   "group's figures with no name, and a random number (not linked to you) lets "
                   "the facilitator count it once.")]
    known = catalogue.load_all()
    for iid, given in obj["instruments"].items():
        inst = known[iid]
        lines.append(ngettext("Your answers to '{title}' ({n} of {total} statement).",
                              "Your answers to '{title}' ({n} of {total} statements).",
                              len(inst.items)).format(title=inst.title, n=len(given),
                                                      total=len(inst.items)))
    for rid, text in obj["reflections"].items():
        lines.append(_("Your reflection from {place}: \"{text}\"").format(
            place=curriculum.reflection_place(rid), text=_preview(text)))
    language = _(LANGUAGES.get(obj.get("language", "en"), LANGUAGES["en"]))
    if obj.get("country"):
        entry = resources.for_country(obj["country"])
        lines.append(_("When it was made, and the language you work in ({language}) and your "
                       "country ({country}), so the report shows help lines for it.").format(
                           language=language,
                           country=entry["name"] if entry else obj["country"]))
    else:
        lines.append(_("When it was made, and the language you work in ({language}).").format(
            language=language))
    lines.append(_(NOTHING_ELSE))
    return lines


def pair(a: dict, b: dict, names: tuple[str, str] | None = None) -> None:
    """Refuse two share files that cannot make a conversation report (ShareError).

    Partners who work in different languages are not refused: the report shows each
    reflection as written and says which language the report itself is in.
    """
    names = names or (_("the first share file"), _("the second share file"))
    for obj, name in zip((a, b), names):
        if obj.get("audience") != "partner":
            raise ShareError(_("{name} is a share file for the facilitator's group report, not "
                               "for a partner: make one with `workshop share --for partner`")
                             .format(name=name))
    if a["from"] == b["from"]:
        raise ShareError(_("both share files come from '{pseudonym}': a conversation report "
                           "needs your share file and your partner's").format(pseudonym=a["from"]))
