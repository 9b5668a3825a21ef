"""Exercise widgets, in-process: every change is on disk at once, and comes back on rebuild.

Each widget is built with an explicit Session on a private answers folder. Setting a widget's
value is what a participant's click does; the test then reads the answer file itself.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w
import pytest

from workshop import content, exercises, feedback, instruments, scoring, session
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")

WHO = "river-42"



@pytest.fixture
def s(answers_dir) -> Session:
    """A session whose participant has been chosen, as after the welcome notebook."""
    new = Session(answers_dir)
    new.choose(WHO)
    return new


def on_disk(folder: Path, who: str = WHO) -> dict:
    return json.loads((folder / f"{who}.json").read_text(encoding="utf-8"))


def saved_status(exercise) -> bool:
    return "Saved at" in exercise.status.widget.value


# --------------------------------------------------------------------------- self-assessment

def test_instrument_saves_each_answer_at_once(answers_dir, s):
    ex = exercises.InstrumentExercise("walls", session=s)
    assert "Your chart appears here" in ex.chart.value
    assert not saved_status(ex)
    ex.buttons["walls-01"].value = 4
    assert on_disk(answers_dir)["instruments"]["walls"] == {"walls-01": 4}
    assert saved_status(ex)
    ex.buttons["walls-02"].value = 1
    ex.buttons["walls-01"].value = 5
    assert on_disk(answers_dir)["instruments"]["walls"] == {"walls-01": 5, "walls-02": 1}
    ex.clear_button.click()
    assert on_disk(answers_dir)["instruments"]["walls"] == {}
    assert "Your chart appears here" in ex.chart.value


def test_saved_answers_are_drawn_once_and_cleared_in_one_save(answers_dir, s, monkeypatch):
    """Opening a module with 20 saved answers must not render 20 charts (about 0.1 s each)."""
    from workshop import charts

    for n, item in enumerate(instruments.get("walls").items):
        s.set("instruments", "walls", item.id, 1 + n % 5)
    drawn, saves = [], []
    real_to_html, real_set = charts.to_html, s.set
    monkeypatch.setattr(charts, "to_html", lambda *a: drawn.append(1) or real_to_html(*a))
    monkeypatch.setattr(s, "set", lambda *a: saves.append(a) or real_set(*a))
    ex = exercises.InstrumentExercise("walls", session=s)
    assert len(drawn) == 1 and saves == []
    assert len(ex.answers()) == 20
    ex.clear_button.click()
    assert len(saves) == 1 and len(drawn) == 1  # an empty chart is text, not a picture
    assert on_disk(answers_dir)["instruments"]["walls"] == {}
    assert saved_status(ex)


def test_scale_buttons_use_the_instrument_labels(s):
    ex = exercises.InstrumentExercise("walls", session=s)
    inst = instruments.get("walls")
    assert list(ex.buttons) == [item.id for item in inst.items]
    assert ex.buttons["walls-01"].options == tuple(
        (label, inst.min + i) for i, label in enumerate(inst.labels))


@pytest.mark.parametrize("instrument_id, value", [("walls", 3), ("perfectionism", 5),
                                                   ("safe-space", 2)])
def test_chart_and_band_words_after_answering(s, instrument_id, value):
    ex = exercises.InstrumentExercise(instrument_id, session=s)
    inst = instruments.get(instrument_id)
    for item in inst.items:
        ex.buttons[item.id].value = value
    chart = ex.chart.value
    assert chart.count("<img") == 1 and "data:image/png;base64," in chart
    for result in scoring.score(inst, {i.id: value for i in inst.items}):
        assert result.score is not None
        assert html.escape(result.band) in chart
        assert html.escape(result.label) in chart
        assert f">{result.score:.0f}<" in chart
    assert "never a diagnosis" in chart


def test_chart_says_when_a_pattern_needs_more_answers(s):
    ex = exercises.InstrumentExercise("walls", session=s)
    ex.buttons["walls-01"].value = 4
    assert "<img" in ex.chart.value
    assert "Not enough answers yet" in ex.chart.value
    assert "not enough answers" in ex.chart.value  # the image's alt text says it too


# --------------------------------------------------------------------------- checklist

def test_checklist_saves_and_sums_up(answers_dir, s):
    ex = exercises.ChecklistExercise("unavailability-signs", session=s)
    items = [i["id"] for i in content.checklist("unavailability-signs")["items"]]
    assert ex.after.value == ""
    ex.boxes[items[0]].value = True
    ex.boxes[items[2]].value = True
    assert on_disk(answers_dir)["exercises"]["unavailability-signs"] == {
        items[0]: True, items[2]: True}
    assert saved_status(ex)
    assert f"You ticked 2 of {len(items)}" in ex.after.value
    ex.boxes[items[0]].value = False
    assert on_disk(answers_dir)["exercises"]["unavailability-signs"][items[0]] is False
    assert f"You ticked 1 of {len(items)}" in ex.after.value


# --------------------------------------------------------------------------- quiz

@pytest.mark.parametrize("quiz_id", ["listening-quiz", "ifeel-quiz"])
def test_quiz_gives_feedback_for_every_option(answers_dir, s, quiz_id):
    ex = exercises.QuizExercise(quiz_id, session=s)
    for question in content.quiz(quiz_id)["questions"]:
        toggle, shown = ex.choices[question["id"]], ex.feedback[question["id"]]
        assert shown.value == ""
        assert [v for _, v in toggle.options] == [o["id"] for o in question["options"]]
        for option in question["options"]:
            toggle.value = option["id"]
            assert html.escape(option["feedback"]) in shown.value, (question["id"], option["id"])
            if option.get("best"):
                assert "A strong choice" in shown.value and "closer-good" in shown.value
            else:
                assert "Worth thinking about" in shown.value and "closer-tip" in shown.value
            assert on_disk(answers_dir)["exercises"][quiz_id][question["id"]] == option["id"]
            assert saved_status(ex)


def test_quiz_ignores_a_saved_choice_that_no_longer_exists(answers_dir, s):
    s.set("exercises", "listening-quiz", "q1", "z")
    ex = exercises.QuizExercise("listening-quiz", session=s)
    assert ex.choices["q1"].value is None and ex.feedback["q1"].value == ""


# --------------------------------------------------------------------------- "I feel"

def test_ifeel_checks_and_saves_the_sentence(answers_dir, s):
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "I feel sad because you forgot"
    ex.check_button.click()
    for note in feedback.check_i_feel("I feel sad because you forgot"):
        assert html.escape(note.message) in ex.result.value
    assert on_disk(answers_dir)["exercises"]["ifeel-practice"] == {
        "last": "I feel sad because you forgot", "clear": False}
    ex.text.value = "  I feel lonely.  "
    notes = ex.check()
    assert [n.kind for n in notes] == ["good"] and "closer-good" in ex.result.value
    assert on_disk(answers_dir)["exercises"]["ifeel-practice"] == {
        "last": "I feel lonely.", "clear": True}
    assert saved_status(ex)


def test_ifeel_empty_sentence_is_explained_not_saved(answers_dir, s):
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "   "
    ex.check_button.click()
    assert "Write a short sentence" in ex.result.value
    assert "ifeel-practice" not in on_disk(answers_dir)["exercises"]


# --------------------------------------------------------------------------- question deck

def test_deck_deals_a_different_question_each_click(answers_dir, s):
    ex = exercises.DeckExercise("curiosity", session=s)
    questions = content.deck("curiosity")["questions"]
    assert "Press the button" in ex.card.value
    shown = []
    for n in range(1, 31):
        ex.deal_button.click()
        shown.append(ex.index)
        assert html.escape(questions[ex.index]) in ex.card.value
        saved = on_disk(answers_dir)["exercises"]["curiosity"]
        assert saved == {"current": ex.index, "dealt": n}
    assert all(a != b for a, b in zip(shown, shown[1:]))
    assert len(set(shown)) > 5  # it really shuffles, not a two-card loop
    assert saved_status(ex)


# --------------------------------------------------------------------------- reflection, plan

def test_reflection_saves_as_you_type(answers_dir, s):
    ex = exercises.ReflectionExercise("walls-notice", "Which wall?", session=s)
    ex.text.value = "The busy one"
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "The busy one"}
    assert saved_status(ex)
    ex.text.value = ""
    assert on_disk(answers_dir)["reflections"] == {}


def test_action_plan_saves_every_field(answers_dir, s):
    ex = exercises.ActionPlanExercise(session=s)
    assert list(ex.fields) == [key for key, _ in exercises.ACTION_FIELDS]
    for key in ex.fields:
        ex.fields[key].value = f"my {key}"
    assert on_disk(answers_dir)["exercises"]["action-plan"] == {k: f"my {k}" for k in ex.fields}
    ex.fields["when"].value = ""
    assert "when" not in on_disk(answers_dir)["exercises"]["action-plan"]
    assert saved_status(ex)


# --------------------------------------------------------------------------- the round trip

def build_all(s: Session) -> dict:
    return {
        "walls": exercises.InstrumentExercise("walls", session=s),
        "checklist": exercises.ChecklistExercise("safe-space-habits", session=s),
        "quiz": exercises.QuizExercise("listening-quiz", session=s),
        "ifeel": exercises.IFeelExercise(session=s),
        "deck": exercises.DeckExercise("curiosity", session=s),
        "reflection": exercises.ReflectionExercise("safe-space-fear", "Which fear?", session=s),
        "plan": exercises.ActionPlanExercise(session=s),
        "consent": exercises.ConsentBoxes(session=s),
    }


def answer_everything(ex: dict) -> None:
    ex["walls"].buttons["walls-01"].value = 4
    ex["walls"].buttons["walls-07"].value = 1
    ex["checklist"].boxes["listen-first"].value = True
    ex["checklist"].boxes["kind-boundary"].value = True
    ex["quiz"].choices["q1"].value = "b"
    ex["quiz"].choices["q2"].value = "a"
    ex["ifeel"].text.value = "I feel hopeful."
    ex["ifeel"].check()
    ex["deck"].deal()
    ex["reflection"].text.value = "Fear of being too much, \u00e9 \u2764 <script>"
    ex["plan"].fields["step"].value = "Ask one question"
    ex["plan"].fields["support"].value = "My sister"
    ex["consent"].boxes["group_report"].value = True


def test_every_value_comes_back_in_a_new_kernel(answers_dir, s):
    first = build_all(s)
    answer_everything(first)
    dealt = first["deck"].index
    file_before = (answers_dir / f"{WHO}.json").read_bytes()

    again = build_all(Session(answers_dir))  # resumes from answers/.current
    assert again["walls"].session.participant == WHO
    walls = {k: t.value for k, t in again["walls"].buttons.items() if t.value is not None}
    assert walls == {"walls-01": 4, "walls-07": 1}
    assert "<img" in again["walls"].chart.value
    assert {k for k, b in again["checklist"].boxes.items() if b.value} == {
        "listen-first", "kind-boundary"}
    assert "You ticked 2 of" in again["checklist"].after.value
    assert again["quiz"].choices["q1"].value == "b"
    assert again["quiz"].choices["q2"].value == "a"
    q1 = content.quiz("listening-quiz")["questions"][0]
    best = next(o for o in q1["options"] if o["id"] == "b")
    assert html.escape(best["feedback"]) in again["quiz"].feedback["q1"].value
    assert "Worth thinking about" in again["quiz"].feedback["q2"].value
    assert again["quiz"].choices["q3"].value is None
    assert again["ifeel"].text.value == "I feel hopeful."
    assert again["deck"].index == dealt
    questions = content.deck("curiosity")["questions"]
    assert html.escape(questions[dealt]) in again["deck"].card.value
    assert again["reflection"].text.value == "Fear of being too much, \u00e9 \u2764 <script>"
    assert again["plan"].fields["step"].value == "Ask one question"
    assert again["plan"].fields["support"].value == "My sister"
    assert again["plan"].fields["when"].value == ""
    assert again["consent"].boxes["group_report"].value is True
    assert again["consent"].boxes["reflections_in_group_report"].value is False
    # loading restored the widgets without writing anything
    assert (answers_dir / f"{WHO}.json").read_bytes() == file_before
    assert not any(saved_status(ex) for ex in again.values())


def test_a_module_opened_first_waits_for_a_pseudonym(answers_dir):
    # an earlier session left answers, but this browser never ran the welcome notebook
    earlier = Session(answers_dir)
    earlier.choose(WHO)
    earlier.set("instruments", "walls", "walls-01", 2)
    earlier.set("reflections", "safe-space-fear", None, "from before")
    (answers_dir / ".current").unlink()

    s = Session(answers_dir)
    assert s.participant is None
    ex = build_all(s)
    picker = exercises.PseudonymPicker(s)
    assert all(t.disabled for t in ex["walls"].buttons.values())
    assert ex["walls"].clear_button.disabled
    assert all(b.disabled for b in ex["checklist"].boxes.values())
    assert all(t.disabled for t in ex["quiz"].choices.values())
    assert ex["ifeel"].text.disabled and ex["ifeel"].check_button.disabled
    assert ex["deck"].deal_button.disabled
    assert ex["reflection"].text.disabled
    assert all(f.disabled for f in ex["plan"].fields.values())
    assert all(b.disabled for b in ex["consent"].boxes.values())
    assert all("Choose a pseudonym" in e.status.widget.value for e in ex.values())
    assert ex["walls"].buttons["walls-01"].value is None

    picker.text.value = "River-42"  # a phone capitalised it
    picker.button.click()
    assert s.participant == WHO
    assert not any(t.disabled for t in ex["walls"].buttons.values())
    assert not ex["reflection"].text.disabled and not ex["deck"].deal_button.disabled
    assert ex["walls"].buttons["walls-01"].value == 2
    assert ex["reflection"].text.value == "from before"
    assert all("save as you go" in e.status.widget.value for e in ex.values())
    ex["walls"].buttons["walls-02"].value = 3
    assert on_disk(answers_dir)["instruments"]["walls"] == {"walls-01": 2, "walls-02": 3}


def test_switching_pseudonym_loads_the_other_file_without_copying(answers_dir, s):
    ex = build_all(s)
    answer_everything(ex)
    picker = exercises.PseudonymPicker(s)
    picker.text.value = "blue-heron"
    picker.button.click()
    assert s.participant == "blue-heron"
    assert all(t.value is None for t in ex["walls"].buttons.values())
    assert ex["reflection"].text.value == "" and ex["ifeel"].text.value == ""
    assert not any(b.value for b in ex["consent"].boxes.values())
    fresh = on_disk(answers_dir, "blue-heron")
    assert fresh["instruments"] == {} and fresh["exercises"] == {} and fresh["reflections"] == {}
    assert fresh["consent"] == {"group_report": False, "reflections_in_group_report": False}
    assert on_disk(answers_dir)["reflections"]  # river-42's answers are untouched


def test_without_a_pseudonym_a_change_is_not_saved_and_says_so(answers_dir):
    s = Session(answers_dir)
    ex = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    ex.text.value = "typed anyway"  # e.g. a front end that ignored `disabled`
    assert "choose a pseudonym" in ex.status.widget.value
    assert not answers_dir.exists() or not list(answers_dir.glob("*.json"))


# --------------------------------------------------------------------------- the notebook calls

def test_each_notebook_call_displays_one_widget(answers_dir, monkeypatch):
    shown: list = []
    monkeypatch.setattr(exercises, "display", shown.append)
    calls = [
        lambda: exercises.welcome_setup(),
        lambda: exercises.my_data(),
        lambda: exercises.participant_bar(),
        lambda: exercises.instrument("walls"),
        lambda: exercises.checklist("unavailability-signs"),
        lambda: exercises.quiz("listening-quiz"),
        lambda: exercises.ifeel_practice(),
        lambda: exercises.question_deck("curiosity"),
        lambda: exercises.reflection("walls-notice", "Which wall?"),
        lambda: exercises.action_plan(),
        lambda: exercises.report_button(),
    ]
    for n, call in enumerate(calls, start=1):
        call()
        assert len(shown) == n
        assert isinstance(shown[-1], w.Widget)
    # all of them share the kernel's one session: choosing once enables every exercise
    session.current().choose(WHO)
    reflection = shown[8]
    text = next(c for c in reflection.children if isinstance(c, w.Textarea))
    assert not text.disabled
    text.value = "shared"
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "shared"}


@pytest.mark.parametrize("call", [
    lambda: exercises.InstrumentExercise("no-such-instrument"),
    lambda: exercises.ChecklistExercise("no-such-checklist"),
    lambda: exercises.QuizExercise("no-such-quiz"),
    lambda: exercises.DeckExercise("no-such-deck"),
])
def test_unknown_ids_fail_loudly(answers_dir, call):
    with pytest.raises(KeyError):
        call()


def test_report_button_without_answers_says_so(answers_dir):
    button = exercises.ReportButton(Session(answers_dir))
    assert button.make() is None
    assert "no saved answers yet" in button.output.value


def test_a_file_damaged_mid_session_is_not_overwritten_and_the_status_says_why(answers_dir, s):
    ex = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    consent = exercises.ConsentBoxes(session=s)
    (answers_dir / f"{WHO}.json").write_text("{damaged", encoding="utf-8")
    ex.text.value = "new words"
    assert "Not saved: is not valid JSON" in ex.status.widget.value
    assert "pseudonym" not in ex.status.widget.value
    consent.boxes["group_report"].value = True  # no exception escapes into the kernel log
    assert "Not saved: is not valid JSON" in consent.status.widget.value
    assert (answers_dir / f"{WHO}.json").read_text() == "{damaged"
