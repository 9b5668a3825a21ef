"""Reports in Spanish: each report follows its participant's language (or the one asked for),
with Spanish headings, data, help lines, numbers and dates, still escaped behind the same CSP.

Every test starts and ends in English: a report sets its language only while it is built."""

from __future__ import annotations

import glob
import html
import re
from collections import Counter

import pytest
from babel.messages.extract import extract_from_file
from report_helpers import (
    HOSTILE,
    HOSTILE_STEP,
    Tags,
    assert_escaped,
    assert_no_code,
    assert_self_contained,
    expected_rows,
    make_answers,
    once,
    run_in_process,
    score_rows,
    text_of,
    write,
)

from workshop import PACKAGE_DIR, content, i18n, instruments, resources, share
from workshop.i18n import _
from workshop.reports import batch, build, group, personal, together


@pytest.fixture(autouse=True)
def english():
    i18n.use("en")
    yield
    i18n.use("en")


def lang_of(page: str) -> str:
    return re.match(r"<!DOCTYPE html>\n<html lang=\"(\w+)\">", page).group(1)


def h2s(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]


def spanish(*section_headings: tuple) -> list[str]:
    with i18n.using("es"):
        return [_(title) for title, _intro in section_headings]


# ----------------------------------------------------------------------------- the catalog

def test_every_report_and_chart_text_has_its_spanish():
    i18n.translations.cache_clear()  # the catalog as it is on disk now
    catalog = i18n.translations("es")
    files = sorted(glob.glob(str(PACKAGE_DIR / "reports" / "*.py"))) + [
        str(PACKAGE_DIR / "charts.py")]
    missing = []
    for path in files:
        for _line, msg, _comments, _context in extract_from_file(
                "python", path, keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
            if isinstance(msg, tuple):
                found = catalog.ngettext(msg[0], msg[1], 2) != msg[1]
            else:
                found = catalog.gettext(msg) != msg
            if not found:
                missing.append(msg)
    assert not missing


# ----------------------------------------------------------------------------- personal report

@pytest.fixture
def es_personal(tmp_path_factory):
    """A Spanish answer file with hostile free text, and its report, made in this process."""
    def make():
        folder = tmp_path_factory.mktemp("es-personal")
        data = make_answers("rio-42", reflections=dict(HOSTILE), plan={"step": HOSTILE_STEP},
                            language="es", country="MX")
        path = write(folder, data)
        return data, build.participant_html(path, "2026-11-21")[1], path
    return once("es-personal", make)


def test_a_spanish_answer_file_gives_a_spanish_personal_report(es_personal):
    data, page, _path = es_personal
    assert i18n.current() == "en"  # the builder put the process's language back
    assert lang_of(page) == "es"
    assert "<title>Informe de Closer: rio-42</title>" in page
    text = " ".join(text_of(page).split())
    assert h2s(page) == spanish(*personal.SECTION_HEADINGS.values())
    assert h2s(page)[0] == "Tus autoevaluaciones"
    for english in ("Your self-assessments", "What you might try next", "Help and resources",
                    "Made on", "Pseudonym", "A higher score means"):
        assert english not in text
    assert "Hecho el 21 de noviembre de 2026" in text and "Seudónimo: rio-42" in text
    for iid, inst in instruments.load_all(language="es").items():
        assert f"<h3>{html.escape(inst.title)}</h3>" in page
        assert instruments.get(iid, "en").title not in text
    with i18n.using("es"):
        rows = expected_rows(data)  # Spanish labels and band words
        help_lines = resources.help_html("MX")
        step = dict(content.action_plan_fields())["step"]
    assert score_rows(page) == rows
    assert rows != expected_rows(data)
    # the help lines as text (the exporter writes attributes in its own order)
    assert " ".join(text_of(help_lines).split()) in text
    assert " ".join(text_of(resources.help_html("MX")).split()) not in text
    assert step in text and "Un puntaje más alto significa" in text
    assert "notebooks/es/" in page and "Módulo" in text
    alt = [html.unescape(a["alt"]) for t, a in Tags(page).tags if t == "img"]
    assert alt and all(re.search(r"\w: \d+", a) for a in alt)
    assert instruments.get("walls", "es").subscales[0].label in " ".join(alt)


def test_the_spanish_personal_report_is_escaped_and_self_contained(es_personal):
    page = es_personal[1]
    assert_escaped(page)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert_self_contained(page)
    assert_no_code(page)


def test_the_language_argument_overrides_the_answer_file(tmp_path, es_personal):
    _data, _page, es_path = es_personal
    _, page = build.participant_html(es_path, "2026-11-21", language="en")
    assert lang_of(page) == "en" and "Your self-assessments" in text_of(page)
    assert "Made on 21 November 2026" in " ".join(text_of(page).split())
    en_path = write(tmp_path, make_answers("alder-11"))
    _, page = build.participant_html(en_path, "2026-11-21", language="es")
    assert lang_of(page) == "es" and "Tus autoevaluaciones" in text_of(page)
    assert i18n.current() == "en"


def test_the_personal_rule():
    assert personal.language_for({}) == "en"
    assert personal.language_for({"language": "es"}) == "es"
    assert personal.language_for({"language": "es"}, "en") == "en"
    assert personal.language_for({}, "es") == "es"


@pytest.mark.slow
def test_module_08s_button_follows_the_answer_files_language(es_personal):
    page = batch.render_file(es_personal[2])
    assert lang_of(page) == "es" and "Tus autoevaluaciones" in text_of(page)


# ----------------------------------------------------------------------------- a whole run

COUNTED_ES = ["ash-1", "beech-2", "cherry-3"]
COUNTED_EN = ["dogwood-4", "elm-5"]
NOT_COUNTED_EN = ["fig-6", "gum-7"]


@pytest.fixture
def mixed_folder(tmp_path_factory):
    """Counted: three in Spanish, two in English; not counted: two more in English (so the
    whole folder leans English, and only the counted people decide the group's language)."""
    def make():
        folder = tmp_path_factory.mktemp("mixed") / "answers"
        for name in COUNTED_ES:
            write(folder, make_answers(name, language="es"))
        for name in COUNTED_EN:
            write(folder, make_answers(name, language="en"))
        for name in NOT_COUNTED_EN:
            write(folder, make_answers(name, consent=False))
        return folder
    return once("mixed-folder", make)


def pages(out) -> dict[str, str]:
    found = {p.stem: p.read_text(encoding="utf-8") for p in (out / "participants").glob("*.html")}
    found["__group__"] = (out / "group.html").read_text(encoding="utf-8")
    return found


@pytest.mark.slow
def test_without_lang_each_report_follows_its_participant(mixed_folder, tmp_path):
    code, _, stderr, _ = run_in_process([str(mixed_folder), "--out", str(tmp_path / "out"),
                                         "--workers", "2", "--min-group-size", "3", "-q"])
    assert code == 0, stderr
    made = pages(tmp_path / "out")
    for name in COUNTED_ES:
        assert lang_of(made[name]) == "es" and "Tus autoevaluaciones" in text_of(made[name])
    for name in COUNTED_EN + NOT_COUNTED_EN:
        assert lang_of(made[name]) == "en" and "Your self-assessments" in text_of(made[name])
    assert lang_of(made["__group__"]) == "es"  # three of the five counted chose Spanish
    assert h2s(made["__group__"])[0] == "Cómo respondió el grupo"
    assert_self_contained(made["__group__"])


@pytest.mark.slow
def test_lang_puts_every_report_in_that_language(mixed_folder, tmp_path):
    code, _, stderr, _ = run_in_process([str(mixed_folder), "--out", str(tmp_path / "out"),
                                         "--workers", "2", "--min-group-size", "3", "-q",
                                         "--lang", "en"])
    assert code == 0, stderr
    assert {lang_of(page) for page in pages(tmp_path / "out").values()} == {"en"}
    assert i18n.current() == "en"


# ----------------------------------------------------------------------------- group report

def test_the_group_follows_the_most_counted_people_and_english_on_a_tie(mixed_folder):
    data = group.GroupData.collect(mixed_folder)
    assert data.languages == Counter(es=3, en=2)  # the two not counted are not asked
    assert data.language() == "es"
    assert group.language_for(data, "en") == "en"
    assert group.GroupData(languages=Counter(es=2, en=2)).language() == "en"
    assert group.GroupData(languages=Counter(es=1)).language() == "es"
    assert group.GroupData().language() == "en"


@pytest.fixture
def es_group(tmp_path_factory):
    """Ten counted people in Spanish (enough for the reliability appendix), one quoting the
    hostile reflections; the report made in this process."""
    def make():
        folder = tmp_path_factory.mktemp("es-group") / "answers"
        for i in range(10):
            write(folder, make_answers(f"grupo-{i}", language="es", quote=i == 0,
                                       reflections=dict(HOSTILE) if i == 0 else None))
        return folder, build.group_html(folder, 5, "2026-11-21")
    return once("es-group", make)


def test_a_spanish_group_report(es_group):
    page = es_group[1]
    assert i18n.current() == "en"
    assert lang_of(page) == "es" and "<title>Informe del grupo de Closer</title>" in page
    assert h2s(page) == spanish(*group.SECTION_HEADINGS.values())
    text = " ".join(text_of(page).split())
    assert "Hecho el 21 de noviembre de 2026" in text
    assert "10 personas participaron" in text
    for inst in instruments.load_all(language="es").values():
        assert html.escape(inst.title) in page
    # decimal commas: the usual alpha (0,7) and every alpha in the appendix
    assert "alrededor de 0,7 o más" in text
    alphas = re.findall(r"<td class=[\"']num[\"']>(-?\d+[.,]\d\d)</td></tr>", page)
    assert alphas and all("," in a for a in alphas)
    assert_escaped(page)
    assert_self_contained(page)
    assert_no_code(page)


def test_lang_overrides_the_groups_language(es_group):
    page = build.group_html(es_group[0], 5, "2026-11-21", language="en")
    assert lang_of(page) == "en" and "How the group answered" in text_of(page)
    assert "around 0.7 or above" in " ".join(text_of(page).split()).lower()


# ----------------------------------------------------------------------------- conversation report

def partner(name: str, language: str, fixed: int, reflections: dict | None = None) -> dict:
    data = make_answers(name, fixed=fixed, reflections=reflections, language=language)
    return share.make(data, "partner", ["walls"], list(reflections or {}))


def together_page(tmp_path, a: dict, b: dict, lang: str = "") -> str:
    paths = share.write(a, tmp_path / "a.json"), share.write(b, tmp_path / "b.json")
    return build.together_html(*paths, generated="2026-11-21", lang=lang)


def test_partners_who_both_work_in_spanish_get_a_spanish_conversation_report(tmp_path):
    a = partner("alder-11", "es", 1, dict(HOSTILE))
    b = partner("birch-12", "es", 5, {"walls-notice": "me siento sola"})
    page = together_page(tmp_path, a, b)
    assert i18n.current() == "en"
    assert lang_of(page) == "es"
    assert "<title>Informe para conversar de Closer: alder-11 y birch-12</title>" in page
    assert h2s(page) == spanish(*together.SECTION_HEADINGS.values())
    text = " ".join(text_of(page).split())
    walls = instruments.get("walls", "es")
    assert html.escape(walls.title) in page and "The walls I put up" not in text
    # the statements answered far apart: Spanish item texts and scale words
    assert html.escape(walls.items[0].text) in page
    assert "Nunca (1 de 5)" in text and "Casi siempre (5 de 5)" in text
    assert "Hecho el 21 de noviembre de 2026" in text and "Esto es educación, no terapia." in text
    assert "idiomas distintos" not in text and "<blockquote>me siento sola</blockquote>" in page
    assert "Si necesitan apoyo" in text and re.search(r"<h2 id=[\"']help[\"']>", page)
    assert_escaped(page)
    assert_self_contained(page)
    assert_no_code(page)


def test_partners_in_two_languages_get_english_unless_they_ask(tmp_path):
    a = partner("alder-11", "es", 2, {"walls-notice": "me siento sola"})
    b = partner("birch-12", "en", 3)
    page = together_page(tmp_path, a, b)
    assert lang_of(page) == "en"
    assert "You work in different languages, so this report is in English" in text_of(page)
    assert re.search(r"<blockquote lang=[\"']es[\"']>me siento sola</blockquote>", page)
    asked = together_page(tmp_path, a, b, lang="es")
    assert lang_of(asked) == "es" and "idiomas distintos" not in text_of(asked)
    assert "Sus puntajes, uno junto al otro" in text_of(asked)
    assert "<blockquote>me siento sola</blockquote>" in asked
    with i18n.using("es"):  # the note itself has its Spanish, for a page shown in Spanish
        assert _("You work in different languages, so this report is in English, and each "
                 "reflection is shown as it was written.").startswith("Trabajan en idiomas")
