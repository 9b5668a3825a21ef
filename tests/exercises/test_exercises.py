"""Exercise widgets, in-process: every change is on disk at once, and comes back on rebuild.

Each widget is built with an explicit Session on a private answers folder. Setting a widget's
value is what a participant's click does; the test then reads the answer file itself.
"""

from __future__ import annotations

import html
import itertools
import json
from pathlib import Path

import ipywidgets as w
import pytest

from workshop import content, exercises, feedback, instruments, resources, scoring, session
from workshop.exercises import base, rules
from workshop.exercises.frontend import TextBox
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
    """Opening a module with every answer saved must not render one chart per answer (about
    0.1 s each)."""
    from workshop import charts

    items = instruments.get("walls").items
    assert len(items) > 2
    for n, item in enumerate(items):
        s.save(("instruments", "walls", item.id), 1 + n % 5)
    drawn, saves = [], []
    real_to_html, real_save = charts.to_html, s.save
    monkeypatch.setattr(charts, "to_html", lambda *a: drawn.append(1) or real_to_html(*a))
    monkeypatch.setattr(s, "save", lambda *a: saves.append(a) or real_save(*a))
    ex = exercises.InstrumentExercise("walls", session=s)
    assert len(drawn) == 1 and saves == []
    assert len(ex.answers()) == len(items)
    ex.clear_button.click()
    assert saves == [(("instruments", "walls"), {})]  # one save, not one per item
    assert len(drawn) == 1  # an empty chart is text, not a picture
    assert on_disk(answers_dir)["instruments"]["walls"] == {}
    assert saved_status(ex)


def test_scale_buttons_use_the_instrument_labels(s):
    ex = exercises.InstrumentExercise("walls", session=s)
    inst = instruments.get("walls")
    assert list(ex.buttons) == [item.id for item in inst.items]
    scale = ex.buttons["walls-01"]
    assert scale.options == list(inst.labels)
    assert scale.values == [inst.min + i for i in range(len(inst.labels))]
    # a named group: the statement is the legend a screen reader hears with each answer
    assert html.escape(inst.item("walls-01").text) in scale.legend_html


@pytest.mark.parametrize("instrument_id, value", [("walls", 3), ("perfectionism", 5),
                                                   ("safe-space", 2)])
def test_chart_and_band_words_after_answering(s, instrument_id, value):
    inst = instruments.get(instrument_id)
    *earlier, last = inst.items
    for item in earlier:  # answered before (one chart per click would take seconds)
        s.save(("instruments", instrument_id, item.id), value)
    ex = exercises.InstrumentExercise(instrument_id, session=s)
    ex.buttons[last.id].value = value  # the last answer, clicked now
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
        assert toggle.values == [o["id"] for o in question["options"]]
        # every option's whole text is the label of its radio button
        assert all(o["text"] in label for o, label in zip(question["options"], toggle.options))
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
    judgement = "I feel like you don't care"
    ex.text.value = judgement
    ex.check_button.click()
    notes = feedback.check_i_feel(judgement)
    assert notes and not feedback.is_clear(notes)
    for note in notes:
        assert html.escape(note.message) in ex.result.value
    assert "closer-good" not in ex.result.value
    assert on_disk(answers_dir)["exercises"]["ifeel-practice"] == {
        "last": judgement, "clear": False}
    ex.text.value = "  I feel lonely.  "
    notes = ex.check()
    assert feedback.is_clear(notes) and "closer-good" in ex.result.value
    assert on_disk(answers_dir)["exercises"]["ifeel-practice"] == {
        "last": "I feel lonely.", "clear": True}
    assert saved_status(ex)


def test_ifeel_saves_the_checkers_own_verdict(answers_dir, s, monkeypatch):
    """The widget saves `feedback.is_clear`, whatever it is, rather than deciding for itself."""
    ex = exercises.IFeelExercise(session=s)
    monkeypatch.setattr(feedback, "is_clear", lambda notes: False)
    ex.text.value = "I feel lonely."
    ex.check()
    assert on_disk(answers_dir)["exercises"]["ifeel-practice"]["clear"] is False


def test_ifeel_passes_the_participants_country_to_the_checker(s, monkeypatch):
    asked = []
    real = feedback.check_i_feel
    monkeypatch.setattr(feedback, "check_i_feel",
                        lambda text, **kw: asked.append(kw.get("country")) or real(text, **kw))
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "I feel hopeful."
    ex.check()
    s.save(("country",), "GB")
    ex.check()
    assert asked == [None, "GB"]


@pytest.mark.parametrize("country", [None, "GB", "US"])
def test_a_sentence_about_danger_gets_only_the_safety_note(answers_dir, s, country):
    s.save(("country",), country)
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "I feel sad and I want to die"
    notes = ex.check()
    shown = ex.result.value
    assert [n.kind for n in notes] == ["safety"]
    assert "closer-safety-note" in shown
    assert "closer-good" not in shown and "closer-tip" not in shown
    assert "<li" not in shown  # no list of other tips beside it
    assert html.escape(resources.help_text(country)) in shown
    if country:
        entry = resources.for_country(country)
        number = next(line["phone"] for line in entry["lines"] if line["kind"] == "emergency")
        assert number in shown
    # a sentence about danger is not kept in the answer file, where someone else might read it
    assert "ifeel-practice" not in on_disk(answers_dir).get("exercises", {})


def test_ifeel_empty_sentence_is_explained_not_saved(answers_dir, s):
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "   "
    ex.check_button.click()
    assert "Write a short sentence" in ex.result.value
    assert "ifeel-practice" not in on_disk(answers_dir)["exercises"]


# --------------------------------------------------------------------------- question deck

def deck_cards(deck_id: str = "curiosity") -> list[rules.Card]:
    return rules.cards(content.deck(deck_id))


def test_deck_deals_a_different_question_each_click(answers_dir, s):
    ex = exercises.DeckExercise("curiosity", session=s)
    cards = deck_cards()
    assert "Press the button" in ex.card.value
    shown = []
    for n in range(1, 31):
        ex.deal_button.click()
        shown.append(ex.index)
        assert html.escape(cards[ex.index].text) in ex.card.value
        saved = on_disk(answers_dir)["exercises"]["curiosity"]
        assert saved == {"current": ex.index, "dealt": n}
    assert all(a != b for a, b in itertools.pairwise(shown))
    assert len(set(shown)) > 5  # it really shuffles, not a two-card loop
    assert saved_status(ex)


def test_deck_starts_on_its_default_depth_and_deals_only_that_depth(s):
    deck = content.deck("curiosity")
    cards = deck_cards()
    ex = exercises.DeckExercise("curiosity", session=s)
    default = deck.get("default_depth", "light")
    assert default == "light"  # strangers in a group start on light questions
    assert ex.depth.value == default
    assert ex.depth.values == ["light", "deep"]
    light = {i for i, c in enumerate(cards) if c.depth == "light"}
    deep = {i for i, c in enumerate(cards) if c.depth == "deep"}
    assert light and deep

    dealt = set()
    for _ in range(15):
        text = ex.deal()
        assert ex.index in light and text == cards[ex.index].text
        dealt.add(ex.index)
    assert len(dealt) > 3

    ex.depth.value = "deep"
    for _ in range(10):
        ex.deal()
        assert ex.index in deep


def test_deck_depth_waits_for_a_pseudonym_like_the_button(answers_dir):
    s = Session(answers_dir)
    ex = exercises.DeckExercise("curiosity", session=s)
    assert ex.depth.disabled and ex.deal_button.disabled
    s.choose(WHO)
    assert not ex.depth.disabled and not ex.deal_button.disabled


def test_deck_ignores_a_saved_card_that_no_longer_exists(s):
    s.save(("exercises", "curiosity", "current"), len(deck_cards()) + 5)
    ex = exercises.DeckExercise("curiosity", session=s)
    assert ex.index is None and "Press the button" in ex.card.value


# --------------------------------------------------------------------------- reflection, plan

def test_reflection_saves_as_you_type(answers_dir, s):
    ex = exercises.ReflectionExercise("walls-notice", "Which wall?", session=s)
    assert isinstance(ex.text, TextBox)
    ex.text.value = "The busy one"
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "The busy one"}
    assert saved_status(ex)
    ex.text.value = ""
    assert on_disk(answers_dir)["reflections"] == {}


def test_reflection_prompt_is_shown_escaped(s):
    ex = exercises.ReflectionExercise("walls-notice", "Is <b>this</b> \"safe\" & kind?",
                                      session=s)
    assert ex.text.label_html == ("<b>Reflect:</b> Is &lt;b&gt;this&lt;/b&gt; &quot;safe&quot; "
                                  "&amp; kind?")


def test_a_long_plan_field_is_saved_cut_to_the_limit(answers_dir, s):
    ex = exercises.ActionPlanExercise(session=s)
    ex.fields["step"].value = "x" * 5000
    assert on_disk(answers_dir)["exercises"]["action-plan"]["step"] == "x" * 4000
    assert ex.fields["step"].max_length == 4000  # the browser stops there too


def test_action_plan_saves_every_field(answers_dir, s):
    ex = exercises.ActionPlanExercise(session=s)
    fields = content.action_plan_fields()
    assert list(ex.fields) == [key for key, _ in fields]
    for key, label in fields:
        assert isinstance(ex.fields[key], TextBox)
        assert ex.fields[key].label_html == f"<b>{html.escape(label)}</b>"
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
    lambda: exercises.reflection("walls-notice", "Which wall?"),
    lambda: exercises.action_plan(),
    lambda: exercises.report_button(),
]


@pytest.fixture
def shown(monkeypatch) -> list:
    """What the notebook calls display, wherever the call lives."""
    from workshop.exercises import panel

    out: list = []
    monkeypatch.setattr(exercises, "display", out.append)
    monkeypatch.setattr(panel, "display", out.append)
    return out


def test_each_notebook_call_displays_one_widget(answers_dir, shown):
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
