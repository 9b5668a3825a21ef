"""The languages Closer speaks, and the one a page or report is in right now.

Every string the package shows a person is written in English inside `_()` and translated from
the gettext catalogs in `workshop/locale/` (made and checked with Babel: see
`facilitator_guide/spanish.md`). Lessons, instruments and other content are data: their Spanish
copies sit in a `es/` folder beside the English file, with the same ids.

A notebook's header sets the page language once (`use`); a report is built inside `using(...)`.
The language is one setting per process, not passed through every call, because a kernel shows
one page and each report is rendered in a process of its own.
"""

from __future__ import annotations

import functools
import io
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from workshop import PACKAGE_DIR

LANGUAGES = ("en", "es")
DEFAULT = "en"
DOMAIN = "closer"
LOCALE_DIR = PACKAGE_DIR / "locale"
NAMES = {"en": "English", "es": "Español"}  # each language in its own words, for choosers

_current = DEFAULT


def check(language: str | None) -> str:
    """A supported language code; None or "" is the default. Anything else is a ValueError."""
    if not language:
        return DEFAULT
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    return language


def current() -> str:
    return _current


def use(language: str | None) -> None:
    """Set the language of everything shown from now on in this process (one page, one kernel)."""
    global _current
    _current = check(language)


@contextmanager
def using(language: str | None) -> Iterator[str]:
    """Show everything inside the block in `language`, then go back."""
    global _current
    before, _current = _current, check(language)
    try:
        yield _current
    finally:
        _current = before


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str):
    """The catalog for `language`, compiled from its .po file in memory (nothing stale to ship)."""
    import gettext

    if check(language) == DEFAULT:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with open(po_path(language), "rb") as f:
        catalog = read_po(f, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _(message: str) -> str:
    """`message` in the current language (English if it has no translation)."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for the catalog without translating it yet (module-level constants):
    translate it with `_()` where it is shown."""
    return message


def localized(path: Path | str, language: str | None = None) -> Path:
    """The data file for `language`: `content/quizzes.toml` in Spanish is `content/es/quizzes.toml`."""
    path = Path(path)
    language = check(language or _current)
    return path if language == DEFAULT else path.parent / language / path.name


def from_environment(environ: dict | None = None) -> str:
    """The language the terminal asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), as gettext does:
    command-line messages follow it unless a command is given --lang."""
    environ = os.environ if environ is None else environ
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(key, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT


def number(value: float, digits: int = 1) -> str:
    """A number as this language writes it: 3.5 in English, 3,5 in Spanish."""
    from babel.numbers import format_decimal

    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, format=pattern, locale=_current)


def country_name(code: str, language: str | None = None) -> str:
    """A country's name in the language (Babel's CLDR data): "MX" is "Mexico" or "México"."""
    from babel import Locale

    return Locale.parse(check(language or _current)).territories.get(code.upper(), code)
