"""Translation: the language setting, and gettext catalogs that cover every string in the code.

The catalog checks read the source the way `make catalogs` (pybabel extract) does, so a new
`_()` string without a Spanish translation fails here, and so does a fuzzy or stale entry.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from workshop import PACKAGE_DIR, i18n
from workshop.i18n import _

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


def source_messages() -> dict[str, tuple | str]:
    """Every msgid in the package's Python code, as pybabel extract finds it."""
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            PACKAGE_DIR, method_map=[("**.py", "python")], keywords=KEYWORDS):
        found[message[0] if isinstance(message, tuple) else message] = message
    return found


def read_catalog(path) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f)


def problems(catalog: Catalog, wanted: dict) -> list[str]:
    """What is wrong with a language's catalog against the code: missing, untranslated, fuzzy,
    stale, or placeholders that differ from the English."""
    out = []
    entries = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    for key in wanted:
        entry = entries.get(key)
        if entry is None:
            out.append(f"missing: {key[:70]!r}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            out.append(f"untranslated: {key[:70]!r}")
        elif entry.fuzzy:
            out.append(f"fuzzy: {key[:70]!r}")
        else:
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            if any(sorted(PLACEHOLDER.findall(ids[-1 if n else 0])) != sorted(PLACEHOLDER.findall(s))
                   for n, s in enumerate(strings)):
                out.append(f"placeholders differ: {key[:70]!r}")
    out += [f"stale (no longer in the code): {key[:70]!r}" for key in entries if key not in wanted]
    return out


@pytest.fixture(scope="module")
def wanted():
    return source_messages()


def test_the_code_has_strings_to_translate(wanted):
    assert len(wanted) > 300  # every participant-facing module marks its strings
    assert "Key points" in wanted


@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT])
def test_every_string_in_the_code_is_translated_and_none_is_fuzzy(wanted, language):
    found = problems(read_catalog(i18n.po_path(language)), wanted)
    assert not found, f"{len(found)} problem(s) in {i18n.po_path(language).name}; run `make " \
        f"catalogs` and translate:\n" + "\n".join(found[:40])


def test_the_template_matches_the_code(wanted):
    template = read_catalog(i18n.LOCALE_DIR / "closer.pot")
    assert {(m.id[0] if isinstance(m.id, tuple) else m.id) for m in template if m.id} == set(wanted)


def test_the_catalog_check_catches_each_kind_of_problem():
    wanted = {"Saved": "Saved", "Key points": "Key points", "Hi {name}": "Hi {name}",
              "Done": "Done"}
    catalog = Catalog(locale="es")
    catalog.add("Saved", "")                                  # untranslated
    catalog.add("Key points", "Puntos clave", flags=["fuzzy"])
    catalog.add("Hi {name}", "Hola {nombre}")                 # placeholder renamed
    catalog.add("Gone", "Ya no")                              # stale
    found = problems(catalog, wanted)
    assert [f.split(":")[0] for f in found] == [
        "untranslated", "fuzzy", "placeholders differ", "missing", "stale (no longer in the code)"]


def test_fuzzy_entries_are_not_used_at_run_time(tmp_path, monkeypatch):
    po = tmp_path / "es" / "LC_MESSAGES" / "closer.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  '#, fuzzy\nmsgid "Saved"\nmsgstr "Salvado"\n\nmsgid "Next:"\nmsgstr "Siguiente:"\n',
                  encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        with i18n.using("es"):
            assert (_("Saved"), _("Next:")) == ("Saved", "Siguiente:")
    finally:
        i18n.translations.cache_clear()


# --------------------------------------------------------------------------- the language setting

def test_using_switches_and_restores_the_language():
    assert i18n.current() == "en"
    with i18n.using("es"):
        assert _("Key points") == "Puntos clave"
        with i18n.using("en"):
            assert _("Key points") == "Key points"
        assert i18n.current() == "es"
    assert i18n.current() == "en" and _("Key points") == "Key points"


def test_an_error_inside_using_still_restores_the_language():
    with pytest.raises(RuntimeError), i18n.using("es"):
        raise RuntimeError("boom")
    assert i18n.current() == "en"


@pytest.mark.parametrize("bad", ["fr", "ES", "spanish", "en-GB"])
def test_unknown_languages_are_refused(bad):
    with pytest.raises(ValueError, match="unknown language"):
        i18n.check(bad)


def test_no_language_means_english():
    assert i18n.check(None) == i18n.check("") == "en"


def test_spanish_data_lives_beside_the_english(tmp_path):
    english = tmp_path / "content" / "quizzes.toml"
    assert i18n.localized(english, "en") == english
    assert i18n.localized(english, "es") == tmp_path / "content" / "es" / "quizzes.toml"
    with i18n.using("es"):
        assert i18n.localized(english) == tmp_path / "content" / "es" / "quizzes.toml"


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "es_MX.UTF-8"}, "es"), ({"LANG": "en_GB.UTF-8"}, "en"), ({}, "en"),
    ({"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}, "es"), ({"LC_ALL": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "C.UTF-8"}, "en"), ({"LC_MESSAGES": "es_ES", "LANG": "en_US"}, "es"),
])
def test_the_terminal_language_is_read_as_gettext_does(environ, expected):
    assert i18n.from_environment(environ) == expected


def test_numbers_and_country_names_follow_the_language():
    assert i18n.number(3.5) == "3.5" and i18n.number(72, 0) == "72"
    assert i18n.country_name("MX") == "Mexico"
    with i18n.using("es"):
        assert i18n.number(3.5) == "3,5" and i18n.number(1234.25, 2) == "1234,25"
        assert i18n.country_name("MX") == "México" and i18n.country_name("ES") == "España"
    assert i18n.country_name("PE", "es") == "Perú"


def test_each_language_names_itself():
    assert set(i18n.NAMES) == set(i18n.LANGUAGES)
    assert i18n.NAMES["es"] == "Español"
