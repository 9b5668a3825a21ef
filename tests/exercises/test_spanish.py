"""The exercises in Spanish: on a page whose header set "es", every widget is built with Spanish
words (its own labels from the catalog, its data from the Spanish files), and nothing keeps the
language it was imported in."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import ipywidgets as w
import pytest
from babel.messages.extract import extract_from_dir

from exercise_helpers import (WHO, _all_html, _find, guardado, on_disk, s, saved_status,  # noqa: F401
                              shown, spanish, started)
from workshop import content, curriculum, exercises, feedback, i18n, instruments, resources
from workshop.exercises import frontend, panel, practice
from workshop.exercises import sharing as together
from workshop.exercises.frontend import DownloadButton, TextBox

pytestmark = pytest.mark.usefixtures("fresh_session")

EXERCISES_DIR = Path(exercises.__file__).parent


def visible_text(widget) -> str:
    """Every word under a widget that a person sees or hears: HTML, labels, buttons, options."""
    parts, stack = [], [widget]
    while stack:
        node = stack.pop()
        for name in ("value", "description", "placeholder", "label", "label_html",
                     "legend_html"):
            value = getattr(node, name, None)
            if isinstance(value, str):
                parts.append(value)
        for option in getattr(node, "options", ()) or ():
            parts.append(option[0] if isinstance(option, tuple) else str(option))
        stack.extend(getattr(node, "children", ()))
    return "\n".join(parts)


# --------------------------------------------------------------------------- the catalog

def msgids() -> list[str]:
    found = extract_from_dir(str(EXERCISES_DIR), method_map=[("**.py", "python")],
                             keywords={"_": None, "N_": None, "ngettext": (1, 2)})
    return sorted({m if isinstance(m, str) else m[0] for _f, _l, m, _c, _x in found})


def test_every_string_of_the_exercises_has_spanish_with_the_same_placeholders():
    i18n.translations.cache_clear()
    catalog = i18n.translations("es")
    ids = msgids()
    assert len(ids) > 80 and "Saved at {time}" in ids  # extraction really found them
    for msgid in ids:
        spanish_text = catalog.gettext(msgid)
        assert spanish_text != msgid or msgid == "No", f"no Spanish for {msgid!r}"
        assert sorted(re.findall(r"{\w+}", spanish_text)) == \
            sorted(re.findall(r"{\w+}", msgid)), msgid


def test_no_script_holds_words_a_person_reads():
    """Text in the browser widgets comes from Python traits, so Python translates it."""
    for script in EXERCISES_DIR.glob("*.js"):
        code = re.sub(r"//[^\n]*", "", script.read_text(encoding="utf-8"))
        for text in re.findall(r'"([^"]*)"', code):
            assert not re.search(r"[A-Za-z]+ [A-Za-z]+", text), (script.name, text)
        assert "textContent = \"" not in code and "innerHTML = \"" not in code


# --------------------------------------------------------------------------- each exercise

def test_a_reflection_asks_the_spanish_question_and_says_guardado(answers_dir, s, spanish):
    ex = exercises.ReflectionExercise("walls-notice", session=s)
    question = content.reflection_prompt("walls-notice", "es")
    assert question != content.reflection_prompt("walls-notice", "en")
    assert ex.text.label_html == f"<b>Reflexiona:</b> {html.escape(question)}"
    assert ex.text.placeholder == "Escribe tanto o tan poco como quieras..."
    assert "Tus respuestas se guardan" in ex.status.widget.value
    ex.text.value = "El muro del trabajo"
    assert guardado(ex) and not saved_status(ex)
    assert re.search(r"Guardado a las \d\d:\d\d:\d\d", ex.status.widget.value)
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "El muro del trabajo"}


def test_without_a_pseudonym_the_status_asks_in_spanish(answers_dir, spanish):
    from workshop.session import Session

    ex = exercises.ReflectionExercise("walls-notice", session=Session(answers_dir))
    assert "elige un seudónimo" in ex.status.widget.value


def test_a_quiz_gives_spanish_feedback(answers_dir, s, spanish):
    ex = exercises.QuizExercise("listening-quiz", session=s)
    data = content.quiz("listening-quiz")  # the page's language: the Spanish file
    assert data["title"] != "Listening or fixing?" and data["title"] in visible_text(ex.widget)
    assert "Situación 1." in visible_text(ex.widget)
    q1 = data["questions"][0]
    for option in q1["options"]:
        ex.choices[q1["id"]].value = option["id"]
        shown = ex.feedback[q1["id"]].value
        assert html.escape(option["feedback"]) in shown
        head = "Una buena elección." if option.get("best") else "Vale la pena pensarlo."
        assert head in shown and "También puedes probar las otras opciones." in shown
        assert "strong choice" not in shown and "Worth thinking" not in shown
    assert guardado(ex)


def test_a_self_assessment_in_spanish_with_its_chart_caption(answers_dir, s, spanish):
    ex = exercises.InstrumentExercise("walls", session=s)
    inst = instruments.get("walls", "es")
    assert ex.buttons["walls-01"].options == list(inst.labels)
    assert inst.labels != instruments.get("walls", "en").labels
    assert "Tu gráfico aparece aquí" in ex.chart.value
    assert ex.clear_button.description == "Borrar mis respuestas aquí"
    ex.buttons["walls-01"].value = 4
    assert "Los puntajes van de 0 a 100" in ex.chart.value and "diagnóstico" in ex.chart.value
    assert guardado(ex)


def test_a_checklist_counts_in_spanish(answers_dir, s, spanish):
    ex = exercises.ChecklistExercise("safe-space-habits", session=s)
    first = next(iter(ex.boxes))
    ex.boxes[first].value = True
    assert f"Marcaste 1 de {len(ex.boxes)}." in ex.after.value
    assert html.escape(content.checklist("safe-space-habits")["after"]) in ex.after.value


def test_the_deck_and_the_plan_in_spanish(answers_dir, s, spanish):
    deck = exercises.DeckExercise("curiosity", session=s)
    assert deck.depth.options == ["Preguntas ligeras", "Preguntas más profundas"]
    assert html.escape("¿Qué preguntas?") in deck.depth.legend_html
    assert deck.deal_button.description == "Sacar una pregunta"
    assert "Presiona el botón" in deck.card.value
    question = deck.deal()
    assert question in {c["text"] if isinstance(c, dict) else c
                        for c in content.deck("curiosity")["questions"]}
    plan = exercises.ActionPlanExercise(session=s)
    for key, label in content.action_plan_fields("es"):
        assert plan.fields[key].label_html == f"<b>{html.escape(label)}</b>"
    assert "Mi plan de acción" in visible_text(plan.widget)


def test_the_i_feel_practice_asks_the_checker_in_the_page_language(s, spanish, monkeypatch):
    asked = []
    monkeypatch.setattr(feedback, "check_i_feel",
                        lambda text, **kw: asked.append(kw) or [feedback.Note("good", "Bien")])
    ex = exercises.IFeelExercise(session=s)
    assert ex.text.placeholder == "Me siento ..." and ex.check_button.description == \
        "Revisar mi frase"
    assert "Practica una frase con “me siento”" in visible_text(ex.widget)
    ex.text.value = "Me siento sola."
    ex.check()
    s.save(("country",), "MX")
    ex.check()
    assert asked == [{"language": "es", "country": None}, {"language": "es", "country": "MX"}]


def test_the_i_feel_checker_answers_in_spanish(answers_dir, s, spanish):
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "Me siento sola."
    notes = ex.check()
    assert notes == feedback.check_i_feel("Me siento sola.", language="es")
    assert notes and all(html.escape(n.message) in ex.result.value for n in notes)
    assert on_disk(answers_dir)["exercises"]["ifeel-practice"]["last"] == "Me siento sola."
    ex.text.value = "   "
    ex.check()
    assert "Write a short sentence" not in ex.result.value and ex.result.value
    danger = "Me siento triste y quiero morir"
    ex.text.value = danger
    assert [n.kind for n in ex.check()] == ["safety"]
    assert "Tu seguridad importa más que este ejercicio." in ex.result.value
    assert danger not in str(on_disk(answers_dir))  # never kept in the file


def test_the_panels_speak_spanish(answers_dir, shown, spanish):
    for call in (exercises.welcome_setup, exercises.participant_bar, exercises.my_data,
                 exercises.report_button):
        call()
    welcome, bar, data, report = shown
    assert "Tu seudónimo" in visible_text(welcome)
    assert _find(welcome, w.Dropdown, description="País").options[0] == \
        ("Elige un país (opcional)", "none")
    assert ("México", "MX") in _find(welcome, w.Dropdown, description="País").options
    assert "Antes de empezar" in visible_text(bar)
    assert "¿Necesitas ayuda ahora?" in visible_text(bar)
    assert _find(data, DownloadButton).label == "Descargar mis respuestas"
    assert "Restaurar desde un archivo" in visible_text(data)
    assert _find(report, DownloadButton).label == "Crear y descargar mi informe personal"
    consent = exercises.ConsentBoxes(started(answers_dir))
    consent.boxes["group_report"].value = True
    assert guardado(consent) and "Mis puntajes pueden contarse" in visible_text(consent.widget)


def test_no_english_words_on_a_spanish_page(answers_dir, shown, spanish):
    started(answers_dir)
    for call in (exercises.welcome_setup, exercises.participant_bar, exercises.my_data,
                 lambda: exercises.instrument("walls"), lambda: exercises.quiz("ifeel-quiz"),
                 lambda: exercises.checklist("unavailability-signs"), exercises.ifeel_practice,
                 exercises.question_deck, lambda: exercises.reflection("walls-notice"),
                 exercises.action_plan, exercises.report_button):
        call()
    text = "\n".join(visible_text(widget) for widget in shown)
    text = text.replace("Language / Idioma", "").replace("English", "")  # the choice itself
    words = re.findall(r"[a-zñáéíóú]+", re.sub(r"<[^>]+>", " ", text).lower())
    english = {"the", "your", "you", "and", "of", "is", "are", "save", "saved", "choose", "my"}
    assert not english & set(words), sorted(english & set(words))


# --------------------------------------------------------------------------- module 09

def test_the_share_step_in_spanish(answers_dir, spanish):
    s = started(answers_dir)
    s.save(("reflections", "walls-notice"), "algo")
    s.save(("country",), "MX")
    step = together.ShareStep(s)
    assert step.safe.options == ["Sí, siento seguridad y libertad para elegir", "No",
                                 "Tengo dudas"]
    module = curriculum.module("walls", "es")
    label = step.picks[("reflections", "walls-notice")].description
    assert label == f"Mi reflexión del módulo {module.number}: {module.title}"
    step.safe.value = "unsure"
    assert "No se creará ningún archivo para compartir" in step.stop.value
    assert resources.help_html("MX") in step.stop.value
    step.safe.value = "yes"
    assert "Todavía no elegiste nada" in step.preview.value


def test_the_conversation_report_is_asked_for_in_the_page_language(spanish, monkeypatch):
    asked = []

    def run(args, **kwargs):
        asked.append(args)
        out = Path(args[args.index("--out") + 1])
        out.mkdir()
        (out / "together.html").write_text("<html lang='es'></html>", encoding="utf-8")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(together.share, "write", lambda data, path: Path(path).write_text("{}"))
    monkeypatch.setattr(together.subprocess, "run", run)
    assert together.render_together({}, {}) == "<html lang='es'></html>"
    [args] = asked
    assert args[args.index("--lang") + 1] == "es"


# --------------------------------------------------------------------------- never cached

def test_nothing_keeps_the_language_it_was_first_built_in(answers_dir, s):
    english = exercises.ReflectionExercise("walls-notice", session=s)
    with i18n.using("es"):
        i18n.translations.cache_clear()
        spanish_box = exercises.ReflectionExercise("safe-space-fear", session=s)
        deck = exercises.DeckExercise("curiosity", session=s)
        consent = exercises.ConsentBoxes(s)
    again = exercises.ReflectionExercise("safe-space-fear", session=s)
    assert english.text.label_html.startswith("<b>Reflect:</b>")
    assert spanish_box.text.label_html.startswith("<b>Reflexiona:</b>")
    assert again.text.label_html.startswith("<b>Reflect:</b>")
    assert deck.depth.options[0] == "Preguntas ligeras"
    assert exercises.DeckExercise("curiosity", session=s).depth.options[0] == "Light questions"
    assert consent.boxes["group_report"].description.startswith("Mis puntajes")
    assert panel.ConsentBoxes.LABELS["group_report"].startswith("My scores")  # marked, not cached
    assert practice.DEPTHS[0][0] == "Light questions"


def test_each_widget_names_its_language_for_screen_readers(spanish):
    for widget in (TextBox(), frontend.Live(), DownloadButton("x", lambda: None),
                   frontend.Choices("", [("a", 1)])):
        assert widget.lang == "es"
        assert 'model.get("lang")' in widget._esm
    with i18n.using("en"):
        assert frontend.Live().lang == "en"
