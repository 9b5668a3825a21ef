"""What every exercise shares: values come back in a new kernel, one widget per key, clean closing."""

from __future__ import annotations

import html

import ipywidgets as w
import pytest

from exercise_helpers import (WHO, _all_html, _find, _help_box, _visible, emergency_number,  # noqa: F401
                              on_disk, s, saved_status, shown, started, upload_value,
                              deck_cards)
from workshop import content, exercises, session
from workshop.exercises import base
from workshop.exercises.frontend import TextBox
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")


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
    ex["deck"].depth.value = "deep"
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
    assert deck_cards()[dealt].depth == "deep"
    assert html.escape(deck_cards()[dealt].text) in again["deck"].card.value
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

NOTEBOOK_CALLS = [
    lambda: exercises.welcome_setup(),
    lambda: exercises.my_data(),
    lambda: exercises.participant_bar(),
    lambda: exercises.instrument("walls"),
    lambda: exercises.checklist("unavailability-signs"),
    lambda: exercises.quiz("listening-quiz"),
    lambda: exercises.ifeel_practice(),
    lambda: exercises.question_deck("curiosity"),
    lambda: exercises.reflection("walls-notice"),
    lambda: exercises.action_plan(),
    lambda: exercises.report_button(),
]


def test_each_notebook_call_displays_one_widget(answers_dir, shown):
    calls = NOTEBOOK_CALLS
    for n, call in enumerate(calls, start=1):
        call()
        assert len(shown) == n
        assert isinstance(shown[-1], w.Widget)
    # all of them share the kernel's one session: choosing once enables every exercise
    session.current().choose(WHO)
    reflection = shown[8]
    text = next(c for c in reflection.children if isinstance(c, TextBox))
    assert not text.disabled
    text.value = "shared"
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "shared"}


def test_running_every_cell_again_adds_no_listener(answers_dir, shown):
    """A re-run cell replaces its widget: the old one is closed and stops listening."""
    for call in NOTEBOOK_CALLS:
        call()
    s = session.current()
    first = list(shown)
    listening = len(s._listeners)
    assert listening >= len(NOTEBOOK_CALLS) - 1  # the report button needs no listener
    for _ in range(2):
        for call in NOTEBOOK_CALLS:
            call()
    assert len(s._listeners) == listening
    # the first run's exercises and panels were closed (the welcome's outer box and the report
    # button listen to nothing); the latest ones are open
    assert all(widget.comm is None for widget in first[1:-1])
    assert all(widget.comm is not None for widget in shown[-len(NOTEBOOK_CALLS):])
    s.choose(WHO)  # and a reload reaches only the live widgets, without error
    latest_reflection = shown[-3]
    assert not next(c for c in latest_reflection.children if isinstance(c, TextBox)).disabled


def test_building_an_exercise_again_closes_the_old_one(answers_dir, s):
    old = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    old.text.value = "old words"
    other = exercises.ReflectionExercise("walls-step", "Another prompt?", session=s)
    listening = len(s._listeners)
    new = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    assert new.text.value == "old words"  # the rebuilt exercise shows what was saved
    assert len(s._listeners) == listening
    assert old.widget.comm is None and new.widget.comm is not None
    assert other.widget.comm is not None  # another reflection on the page stays
    assert base._LIVE[(id(s), "reflection:walls-notice")] == new.close

    new.text.value = "typed in the new box"
    s.erase()  # a wholesale change: the live widgets reload, the closed one does not
    assert new.text.value == "" and new.text.disabled
    assert other.text.disabled
    assert old.text.value == "old words" and not old.text.disabled  # closed: not reloaded


def test_the_same_exercise_for_another_session_is_left_alone(answers_dir, s):
    mine = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    theirs = exercises.ReflectionExercise("walls-notice", "Prompt?",
                                          session=Session(answers_dir))
    assert mine.widget.comm is not None and theirs.widget.comm is not None


def test_closing_a_widget_stops_its_listening(answers_dir, s):
    start = len(s._listeners)
    ex = exercises.ChecklistExercise("walls-noticing", session=s)
    first_item = next(iter(ex.boxes))
    plan = exercises.ActionPlanExercise(session=s)
    panel = exercises.MyData(s)
    assert len(s._listeners) == start + 3
    ex.boxes[first_item].value = True
    plan.fields["step"].value = "Ask one question"
    ex.widget.close()  # as when the front end or the kernel closes the widget
    assert len(s._listeners) == start + 2
    plan.close()
    assert len(s._listeners) == start + 1 and plan.widget.comm is None
    assert (id(s), "action-plan") not in base._LIVE
    panel.widget.close()
    assert len(s._listeners) == start
    s.erase()  # nothing closed reacts: each still shows what it showed
    assert ex.boxes[first_item].value is True and not ex.boxes[first_item].disabled
    assert plan.fields["step"].value == "Ask one question"
    assert panel.download.disabled is False and "No answers" not in panel.download_note.value


@pytest.mark.parametrize("call", [
    lambda: exercises.InstrumentExercise("no-such-instrument"),
    lambda: exercises.ChecklistExercise("no-such-checklist"),
    lambda: exercises.QuizExercise("no-such-quiz"),
    lambda: exercises.DeckExercise("no-such-deck"),
])
def test_unknown_ids_fail_loudly(answers_dir, call):
    with pytest.raises(KeyError):
        call()


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
