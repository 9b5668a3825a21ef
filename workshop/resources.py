"""Help lines by country and the standard safety box, from content/resources.toml and safety.toml.

Advice to open up can be dangerous for someone whose partner is controlling, so every page that
invites sharing also says where help is. The lines are data, checked and updated without touching
code, and validated on first use so that a broken entry fails in the tests, not on a screen.
Each language has its own copy of both files (`content/es/...`, same ids and numbers); the page's
language (`i18n.current()`) picks the copy, and the few sentences built here go through `_()`.
"""

from __future__ import annotations

import copy
import functools
import html
import re
import tomllib
import unicodedata
from pathlib import Path

from workshop import PACKAGE_DIR, i18n
from workshop.i18n import N_, _

CONTENT_DIR = PACKAGE_DIR / "content"
REQUIRED_KINDS = ("emergency", "crisis", "abuse")
KINDS = {  # display order, and the words shown above each group (never colour alone)
    "emergency": N_("If you are in danger now"),
    "crisis": N_("If you are struggling, or thinking about suicide"),
    "abuse": N_("If someone close to you is hurting, controlling or frightening you"),
    "men": N_("Support for men"),
    "lgbtq": N_("Support for LGBTQ+ people"),
}
GENERAL_KEYS = ("title", "emergency", "directory", "doctor", "choose_country")
SAFETY_KEYS = ("title", "intro", "contrast_caption", "healthy_heading", "controlling_heading",
               "if_familiar", "counselling", "privacy", "help_heading")
# Digits, spaces and dashes; a leading '*' for short codes dialled that way (Chile's *4141).
_PHONE_RE = re.compile(r"\*?[0-9]([0-9 \-]*[0-9])?", re.ASCII)


class ResourcesError(ValueError):
    """A help-line or safety file is malformed; the message names the file and the entry."""


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _read(name: str, language: str | None = None) -> dict:
    """A content file, parsed, in `language` (default: the page's)."""
    return _parse(i18n.localized(CONTENT_DIR / f"{name}.toml", language))


@functools.cache
def _parse(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def validate(data: dict, path="resources.toml") -> tuple[dict, dict]:
    """Check parsed resources data; return (general, countries) or raise ResourcesError."""
    general = data.get("general")
    if not isinstance(general, dict) or not all(_text(general.get(k)) for k in GENERAL_KEYS):
        raise ResourcesError(f"{path}: [general] needs {', '.join(GENERAL_KEYS)}")
    countries = data.get("countries")
    if not isinstance(countries, dict) or not countries:
        raise ResourcesError(f"{path}: no [countries.XX] entries")
    for code, entry in countries.items():
        where = f"{path}: country {code}"
        if not re.fullmatch(r"[A-Z]{2}", code, re.ASCII):
            raise ResourcesError(f"{where}: the code must be two capital letters (ISO 3166-1)")
        if not isinstance(entry, dict) or not _text(entry.get("name")):  # `place`: optional,
            raise ResourcesError(f"{where}: needs a name")  # e.g. "the United Kingdom"
        lines = entry.get("lines") if isinstance(entry.get("lines"), list) else []
        for i, line in enumerate(lines, 1):
            _check_line(line, f"{where}, line {i}")
        for kind in REQUIRED_KINDS:
            if kind not in {line["kind"] for line in lines}:
                raise ResourcesError(f"{where}: has no '{kind}' line (with a name and a way to "
                                     "reach it)")
    return general, countries


def _check_line(line, where: str) -> None:
    if not isinstance(line, dict) or not _text(line.get("name")):
        raise ResourcesError(f"{where}: needs a name")
    if line.get("kind") not in KINDS:
        raise ResourcesError(f"{where}: kind must be one of {', '.join(KINDS)}")
    if not any(_text(line.get(k)) for k in ("phone", "text", "web")):
        raise ResourcesError(f"{where} ({line['name']}): needs a phone, text or web to reach it")
    if any(not isinstance(v, str) for v in line.values()) or not _PHONE_RE.fullmatch(
            line.get("phone", "0")):
        raise ResourcesError(f"{where} ({line['name']}): every value must be text, and a phone "
                             "only digits, spaces and '-' (after an optional '*')")
    if line["kind"] == "emergency" and "phone" not in line:
        raise ResourcesError(f"{where} ({line['name']}): an emergency line needs a phone number")


def _resources(language: str | None = None) -> tuple[dict, dict]:
    return _validated(i18n.localized(CONTENT_DIR / "resources.toml", language))


@functools.cache
def _validated(path: Path) -> tuple[dict, dict]:
    return validate(_parse(path), path)


def _safety(language: str | None = None) -> dict:
    return _safety_file(i18n.localized(CONTENT_DIR / "safety.toml", language))


@functools.cache
def _safety_file(path: Path) -> dict:
    data = _parse(path)
    pairs = data.get("pairs", [])
    if not all(_text(data.get(k)) for k in SAFETY_KEYS) or not 5 <= len(pairs) <= 7 or not all(
            _text(p.get("healthy")) and _text(p.get("controlling")) for p in pairs):
        raise ResourcesError(f"{path}: needs {', '.join(SAFETY_KEYS)} "
                             "and 5-7 [[pairs]], each with 'healthy' and 'controlling'")
    return data


def _sort_key(name: str) -> str:
    """Accents ignored, so "Perú" sorts among the Ps and "España" before "Estados Unidos"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def countries() -> list[tuple[str, str]]:
    """(code, name in the page's language) for every country with lines, sorted by name."""
    return sorted(((c, e["name"]) for c, e in _resources()[1].items()),
                  key=lambda x: _sort_key(x[1]))


def for_country(code: str | None) -> dict | None:
    """The country's entry (name, lines) in the page's language, or None for None or an unknown
    code."""
    entry = _resources()[1].get(code.strip().upper()) if isinstance(code, str) else None
    return copy.deepcopy(entry)  # a copy, so no caller can change the cached data


def help_text(code: str | None) -> str:
    """A few plain sentences: where to get help now, for the country or anywhere."""
    general, entry = _resources()[0], for_country(code)
    if entry is None:
        return " ".join(general[k] for k in ("emergency", "directory", "doctor", "choose_country"))
    first = {k: next(ln for ln in entry["lines"] if ln["kind"] == k) for k in REQUIRED_KINDS}
    return " ".join((
        _("If you are in danger now, call {number}.").format(number=first["emergency"]["phone"]),
        _("To talk to someone: {line}, {reach}.").format(
            line=_name(first["crisis"]), reach=_reach_words(first["crisis"])),
        _("If someone close to you is hurting, controlling or frightening you: {line}, "
          "{reach}.").format(line=_name(first["abuse"]), reach=_reach_words(first["abuse"]))))


def help_html(code: str | None) -> str:
    """An escaped, accessible HTML block of the country's lines, or the general pointer."""
    return render_help(for_country(code), _resources()[0])


def safety_html(code: str | None) -> str:
    """The standard caveat: for safe relationships only, signs of control, and the help lines."""
    return render_safety(_safety(), for_country(code), _resources()[0])


def _e(value: str) -> str:
    return html.escape(str(value), quote=True)


def _name(line: dict) -> str:
    return f"{line['name']} ({line['gloss']})" if line.get("gloss") else line["name"]


def _in_spanish(line: dict) -> bool:
    """Spanish pages give a line's own way to reach it in Spanish (`spanish`), where it has one."""
    return i18n.current() == "es" and _text(line.get("spanish"))


def _reach_words(line: dict) -> str:
    if _in_spanish(line):
        return line["spanish"]
    dial = f", {line['dial_note']}" if line.get("dial_note") else ""
    ways = [_("call {number}").format(number=line["phone"]) + dial] if line.get("phone") else []
    ways += [line["text"]] if line.get("text") else []
    if len(ways) == 2:
        return _("{one} or {other}").format(one=ways[0], other=ways[1])
    return ways[0] if ways else _("see {website}").format(website=line["web"])


def _line_html(line: dict) -> str:
    digits = re.sub(r"[^0-9*]", "", line.get("phone", ""))
    dial = f", {_e(line['dial_note'])}" if line.get("dial_note") else ""
    link = f'<a href="tel:{digits}">{_e(line.get("phone", ""))}</a>'
    ways = [_e(_("call {number}")).format(number=link) + dial] if digits else []
    ways += [_e(line["text"])] if line.get("text") else []
    ways += [_e(_("website: {website}")).format(website=_e(line["web"]))] if line.get("web") else []
    ways_html = "; ".join(ways)
    gloss = f" ({_e(line['gloss'])})" if line.get("gloss") else ""
    parts = [f"<strong>{_e(line['name'])}</strong>{gloss}:",
             f'<span class="closer-help-reach">{ways_html[:1].upper()}{ways_html[1:]}.</span>']
    if line.get("spanish"):
        spanish = _e(_("In Spanish: {how}.")).format(how=_e(line["spanish"]))
        parts.append(f'<span class="closer-help-spanish">{spanish}</span>')
    if line.get("hours"):
        hours = _e(_("Open: {hours}.")).format(hours=_e(line["hours"]))
        parts.append(f'<span class="closer-help-hours">{hours}</span>')
    if line.get("note"):
        parts.append(f'<span class="closer-help-note">{_e(line["note"])}</span>')
    return f'<li class="closer-help-line">{" ".join(parts)}</li>'


def render_help(entry: dict | None, general: dict, level: int = 3, heading: str = "") -> str:
    """The help block for a country entry (or the general pointer when None); all text escaped."""
    h = f"h{level}"
    if entry is None:
        items = "".join(f"<li>{_e(general[k])}</li>" for k in ("emergency", "directory", "doctor"))
        return (f'<section class="closer-help" aria-label="{_e(general["title"])}">'
                f'<{h} class="closer-help-title">{_e(heading or general["title"])}</{h}>'
                f'<ul class="closer-help-general">{items}</ul>'
                f'<p class="closer-help-choose">{_e(general["choose_country"])}</p></section>')
    title = _("{heading} in {place}").format(heading=heading or _("Where to get help"),
                                             place=entry.get("place", entry["name"]))
    groups = "".join(
        f'<li class="closer-help-group"><strong>{_e(_(label))}</strong><ul>'
        f'{"".join(_line_html(ln) for ln in entry["lines"] if ln["kind"] == kind)}</ul></li>'
        for kind, label in KINDS.items() if any(ln["kind"] == kind for ln in entry["lines"]))
    return (f'<section class="closer-help" aria-label="{_e(title)}">'
            f'<{h} class="closer-help-title">{_e(title)}</{h}>'
            f'<ul class="closer-help-groups">{groups}</ul>'
            f'<p class="closer-help-elsewhere">{_e(general["directory"])}</p></section>')


def render_safety(safety: dict, entry: dict | None, general: dict) -> str:
    """The safety box around the help block; every string escaped."""
    rows = "".join(f'<tr><td>{_e(p["healthy"])}</td><td>{_e(p["controlling"])}</td></tr>'
                   for p in safety["pairs"])
    return (f'<section class="closer-safety" aria-label="{_e(safety["title"])}">'
            f'<h3 class="closer-safety-title">{_e(safety["title"])}</h3>'
            f'<p class="closer-safety-intro">{_e(safety["intro"])}</p>'
            f'<table class="closer-safety-contrast"><caption>{_e(safety["contrast_caption"])}'
            f'</caption><thead><tr><th scope="col">{_e(safety["healthy_heading"])}</th>'
            f'<th scope="col">{_e(safety["controlling_heading"])}</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>'
            f'<p class="closer-safety-important"><strong>{_e(safety["if_familiar"])}</strong></p>'
            f'<p class="closer-safety-counselling">{_e(safety["counselling"])}</p>'
            f'<p class="closer-safety-privacy">{_e(safety["privacy"])}</p>'
            f'{render_help(entry, general, level=4, heading=safety["help_heading"])}</section>')
