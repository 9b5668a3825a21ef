"""A Spanish-speaking participant in Chromium: the Spanish welcome page and module 04 answered
and saved in Voila, checked by axe-core on a page that says lang="es"; then their personal
report, in Spanish, made by `workshop reports` and read in the browser.

Labels are looked up in the Spanish catalog (`es()`), so the test follows the translation.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import axe_support as axe
from browser_support import open_voila, read_json, screenshot, settle, wait_for
from test_browser import browser, chromium_path, context, page, suite_clock, voila  # noqa: F401
from workshop import i18n, instruments, resources
from workshop.i18n import _

pytestmark = pytest.mark.browser

ME = "rio-27"
REFLECTION = "Me doy cuenta de que me pongo a limpiar cuando algo me preocupa."
# Words that give away English: a string nobody translated.
ENGLISH = re.compile(r"\b(?:the|you|your|and|with|this|that|what|when|is|are|of|to)\b")


def es(message: str) -> str:
    with i18n.using("es"):
        return _(message)


@pytest.fixture(scope="module")
def walls_in_spanish():
    return instruments.get("walls", "es")


def test_a_spanish_module_is_answered_and_saved_in_voila(voila, page,  # noqa: F811
                                                         walls_in_spanish):
    file = voila.answers / f"{ME}.json"
    open_voila(page, voila.base, "es/00-bienvenida.ipynb", ".closer-pseudonym input")
    assert page.evaluate("() => document.documentElement.lang") == "es"
    assert page.locator(".closer-language select").input_value() == i18n.NAMES["es"]
    page.fill(".closer-pseudonym input", ME)
    page.get_by_role("button", name=es("Use this pseudonym")).click()
    saved = wait_for(lambda: (d := read_json(file)) and d.get("language") == "es" and d,
                     "a new answer file in Spanish")
    assert saved["participant"] == ME
    page.locator(".closer-country select").select_option(label=i18n.country_name("MX", "es"))
    wait_for(lambda: read_json(file).get("country") == "MX", "the country on disk")

    walls = walls_in_spanish
    open_voila(page, voila.base, "es/04-muros.ipynb", "fieldset.closer-scale", len(walls.items))
    assert page.evaluate("() => document.documentElement.lang") == "es"
    assert page.title() == f"Módulo 04: {_title('walls')} · Closer"
    legends = page.locator("fieldset.closer-scale legend").all_inner_texts()
    assert [walls.items[0].text in legend for legend in legends[:1]] == [True], legends[:1]
    labels = page.locator("fieldset.closer-scale").first.locator("label").all_inner_texts()
    assert [label.strip() for label in labels] == list(walls.labels)
    # the third answer of every statement, clicked as a person would
    scales = page.locator("fieldset.closer-scale")
    for i in range(scales.count()):
        scales.nth(i).locator("input[type=radio]").nth(2).click()
    page.locator(".closer-exercise input[type=checkbox]").first.check()
    box = page.locator("textarea").first
    box.fill(REFLECTION)
    box.blur()
    data = wait_for(lambda: (d := read_json(file)) and
                    len(d["instruments"].get("walls", {})) == len(walls.items) and
                    d["reflections"].get("walls-notice") == REFLECTION and d,
                    "every walls answer and the reflection on disk")
    assert set(data["instruments"]["walls"].values()) == {walls.min + 2}
    assert any(data["exercises"]["walls-noticing"].values()), data["exercises"]
    assert data["language"] == "es"
    settle(page, 800)
    saved_at = es("Saved at {time}").split("{")[0].strip()  # "Guardado a las"
    assert saved_at != "Saved at" and page.get_by_text(saved_at).count() >= 1, \
        "no Spanish save status"
    chart_text = page.locator(".closer-exercise").filter(has=page.locator("img")).first
    assert chart_text.count() == 1
    violations = axe.scan(page)
    assert violations == [], axe.format_violations(violations, "es/04-muros.ipynb answered")
    english = [line for line in page.evaluate("() => document.body.innerText").splitlines()
               if ENGLISH.search(line)]
    assert english == [], english[:5]
    screenshot(page, "voila-es-04-muros-answered")


def _title(module_id: str) -> str:
    from workshop import curriculum

    return curriculum.module(module_id, "es").title


@pytest.fixture(scope="module")
def spanish_report(tmp_path_factory):
    """A demo participant who works in Spanish and lives in Mexico, through `workshop reports`."""
    from workshop import answers, demo

    root = tmp_path_factory.mktemp("es-report")
    folder = root / "answers"
    demo.write_cohort(1, 7, folder)
    path = next(folder.glob("*.json"))
    data = answers.load(path)
    data.update(language="es", country="MX")
    answers.save(data, path)
    out = root / "reports"
    done = subprocess.run([sys.executable, "-m", "workshop", "reports", str(folder), "--out",
                           str(out), "--quiet", "--workers", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out / "participants" / f"{data['participant']}.html", data


def test_a_spanish_personal_report_reads_in_spanish(browser, spanish_report):  # noqa: F811
    report, data = spanish_report
    # axe-core is injected as a script, which the report's CSP rightly refuses: bypass it here
    context = browser.new_context(viewport={"width": 1000, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        assert page.evaluate("() => document.documentElement.lang") == "es"
        text = page.evaluate("() => document.body.innerText")
        for iid in data["instruments"]:
            assert instruments.get(iid, "es").title in text
        with i18n.using("es"):
            mexico = resources.for_country("MX")
        phones = [line["phone"] for line in mexico["lines"] if line.get("phone")]
        assert phones and all(phone in text for phone in phones), phones
        assert re.search(r"\b\d{1,2} de [a-z]+ de \d{4}\b", text), "a date as Spanish writes it"
        own = json.dumps(data, ensure_ascii=False)  # the participant's words, as written
        cells = [cell.strip() for line in text.splitlines() for cell in line.split("\t")]
        english = [cell for cell in cells if ENGLISH.search(cell)
                   and data["participant"] not in cell and cell not in own]
        assert english == [], english[:5]
        violations = axe.scan(page, rules=None)
        assert violations == [], axe.format_violations(violations, "Spanish personal report")
        screenshot(page, "report-es-personal", width=1000)
    finally:
        context.close()


def test_the_spanish_ifeel_practice_answers_in_spanish(voila, page):  # noqa: F811
    """Module 07 in Spanish: a full "me siento" sentence is praised, "siento que..." gets a
    tip, and fear of a partner gets only the safety note, with Mexico's lines in Spanish, and
    is not saved."""
    me = "practica-es"
    file = voila.answers / f"{me}.json"
    open_voila(page, voila.base, "es/00-bienvenida.ipynb", ".closer-pseudonym input")
    page.fill(".closer-pseudonym input", me)
    page.get_by_role("button", name=es("Use this pseudonym")).click()
    wait_for(lambda: (d := read_json(file)) and d.get("language") == "es", "a Spanish file")
    page.locator(".closer-country select").select_option(label=i18n.country_name("MX", "es"))
    wait_for(lambda: read_json(file).get("country") == "MX", "the country on disk")

    open_voila(page, voila.base, "es/07-vulnerabilidad.ipynb", "textarea.closer-ifeel-input")
    result = page.locator(".closer-ifeel-result")
    check = es("Check my sentence")
    clear = ("Me siento sola cuando cenamos con el celular en la mano, y me gustaría que lo "
             "dejemos en la cocina.")
    page.fill("textarea.closer-ifeel-input", clear)
    page.get_by_role("button", name=check).click()
    result.locator("li.closer-good").first.wait_for()
    assert "sola" in result.inner_text()
    wait_for(lambda: read_json(file)["exercises"].get("ifeel-practice", {}).get("last") == clear,
             "the sentence saved")

    page.fill("textarea.closer-ifeel-input", "Siento que nunca me escuchas.")
    page.get_by_role("button", name=check).click()
    result.locator("li.closer-tip").first.wait_for()
    assert result.locator("li.closer-good").count() == 0

    page.fill("textarea.closer-ifeel-input", "Le tengo miedo a mi pareja.")
    page.get_by_role("button", name=check).click()
    note = result.locator(".closer-safety-note")
    note.wait_for()
    assert result.locator("li.closer-good").count() == 0
    said = note.inner_text()
    assert "800 911 2000" in said or "079" in said, said  # Mexico's lines
    assert not ENGLISH.search(said), said
    not_saved = es("This sentence was not saved: it is only on your screen, and you can delete "
                   "it from the box.")
    page.get_by_text(not_saved).wait_for()
    last = read_json(file)["exercises"]["ifeel-practice"].get("last")
    assert last == "Siento que nunca me escuchas."  # the danger sentence was not kept
    screenshot(page, "practice-es-07-me-siento")
    assert page.errors == []
