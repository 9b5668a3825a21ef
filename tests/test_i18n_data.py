"""Spanish data has the same ids and the same shape as the English it translates.

Instruments, content files and the curriculum manifest each have a Spanish copy in an `es/`
folder beside them. Only the words may differ: ids, keys, list lengths, numbers, flags and the
codes that scoring and tests rely on must be identical, or a Spanish participant's answers would
be scored differently, or a page would miss an item.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workshop import PACKAGE_DIR, content, curriculum, i18n, instruments

# Strings that are codes, not words: they must be identical in every language.
CODES = {"id", "subscale", "module", "direction", "depth", "default_depth", "sources", "kind",
         "phone", "web", "sms", "code"}
# Words that may stay the same: the names of help services are their own, in any language.
PROPER = {"name"}
# Files that are not translated as copies: feelings.toml holds each language's checker data in
# its own table; characters.toml is an authors' register, never shown to participants.
NOT_COPIED = {"feelings.toml", "characters.toml"}

ENGLISH = sorted([*(PACKAGE_DIR / "instruments").glob("*.toml"),
                  *(p for p in (PACKAGE_DIR / "content").glob("*.toml") if p.name not in NOT_COPIED),
                  PACKAGE_DIR / "curriculum.toml"])


def read(path: Path) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def differences(en, es, where: str = "") -> list[str]:
    """Where two parsed TOML trees differ in anything but their words."""
    if isinstance(en, dict):
        if not isinstance(es, dict) or set(en) != set(es):
            return [f"{where or 'top'}: keys differ: "
                    f"{sorted(set(en) ^ set(es if isinstance(es, dict) else {}))}"]
        return [d for k in en for d in differences(en[k], es[k], f"{where}.{k}".lstrip("."))]
    if isinstance(en, list):
        if not isinstance(es, list) or len(en) != len(es):
            return [f"{where}: {len(en)} entries in English, "
                    f"{len(es) if isinstance(es, list) else 'none'} in Spanish"]
        ids = [e.get("id") if isinstance(e, dict) else None for e in en]
        label = lambda n: f"{where}[{ids[n]}]" if ids[n] else f"{where}[{n}]"  # noqa: E731
        return [d for n, (a, b) in enumerate(zip(en, es)) for d in differences(a, b, label(n))]
    if isinstance(en, str) and isinstance(es, str):
        key = where.rsplit(".", 1)[-1].split("[")[0]
        if key in CODES and en != es:
            return [f"{where}: code {en!r} became {es!r}"]
        if key not in CODES | PROPER and len(en.split()) >= 4 and en == es:
            return [f"{where}: not translated: {en[:60]!r}"]
        return []
    if type(en) is not type(es) or en != es:
        return [f"{where}: {en!r} in English, {es!r} in Spanish"]
    return []


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.relative_to(PACKAGE_DIR).as_posix())
def test_the_spanish_copy_has_the_same_ids_and_shape(english):
    spanish = i18n.localized(english, "es")
    assert spanish.is_file(), f"no Spanish copy of {english.name}: expected {spanish}"
    assert differences(read(english), read(spanish)) == []


def test_the_comparison_finds_each_kind_of_difference():
    en = {"id": "walls", "title": "Five walls we build",
          "items": [{"id": "w-1", "text": "I keep busy to avoid thinking", "reverse": True},
                    {"id": "w-2", "text": "I ask for help when I need it"}]}
    es = {"id": "muros", "title": "Five walls we build",
          "items": [{"id": "w-1", "text": "Me mantengo ocupado para no pensar", "reverse": False}]}
    found = differences(en, es)
    assert any("code 'walls' became 'muros'" in f for f in found)
    assert any("title: not translated" in f for f in found)
    assert any("2 entries in English, 1 in Spanish" in f for f in found)
    es["items"].append({"id": "w-2", "text": "Pido ayuda cuando la necesito"})
    assert any("items[w-1].reverse: True in English, False in Spanish" in f
               for f in differences(en, es))


def test_every_spanish_file_translates_an_english_one():
    spanish = {p.relative_to(PACKAGE_DIR).as_posix() for p in PACKAGE_DIR.rglob("es/*.toml")}
    expected = {i18n.localized(p, "es").relative_to(PACKAGE_DIR).as_posix()
                for p in [*ENGLISH, *(PACKAGE_DIR / "content").glob("*.toml")]}
    assert spanish <= expected


def test_spanish_instruments_load_and_score_like_the_english():
    english, spanish = instruments.load_all(language="en"), instruments.load_all(language="es")
    assert list(english) == list(spanish)
    for iid, inst in english.items():
        other = spanish[iid]
        assert [(i.id, i.subscale, i.reverse) for i in inst.items] == \
               [(i.id, i.subscale, i.reverse) for i in other.items]
        assert (inst.min, inst.max, inst.min_answered, inst.direction) == \
               (other.min, other.max, other.min_answered, other.direction)
        assert [b for b, _ in inst.bands] == [b for b, _ in other.bands]
        assert all(s.higher_means for s in other.subscales)


def test_the_spanish_manifest_points_at_spanish_notebooks_with_the_same_numbers():
    english = curriculum.packaged("en")
    spanish = curriculum.load(i18n.localized(curriculum.MANIFEST_PATH, "es"))
    assert [m.id for m in english] == [m.id for m in spanish]
    for en, es in zip(english, spanish):
        assert es.notebook.startswith("notebooks/es/") and es.number == en.number
        assert (curriculum.REPO_ROOT / es.notebook).is_file(), es.notebook
        assert (es.minutes, es.sources, es.short_minutes) == (en.minutes, en.sources,
                                                              en.short_minutes)


def test_the_page_language_picks_the_data():
    with i18n.using("es"):
        assert curriculum.module("walls").title != curriculum.module("walls", "en").title
        assert content.reflection_prompt("walls-notice").startswith("¿")
        assert instruments.get("walls").title == instruments.get("walls", "es").title
    assert content.reflection_prompt("walls-notice") == content.reflection_prompt("walls-notice",
                                                                                   "en")
