"""Practice exercises: quizzes, the "I feel" checker, the deck, reflections and the plan."""

from __future__ import annotations

import html
import itertools

import pytest

from exercise_helpers import (WHO, _all_html, _find, _help_box, _visible, emergency_number,  # noqa: F401
                              on_disk, s, saved_status, shown, started, upload_value,
                              deck_cards)
from workshop import content, exercises, feedback, resources
from workshop.exercises.frontend import TextBox
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")


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


def test_ifeel_passes_the_participants_country_and_the_page_language_to_the_checker(
        s, monkeypatch):
    asked = []
    real = feedback.check_i_feel
    monkeypatch.setattr(feedback, "check_i_feel",
                        lambda text, **kw: asked.append(kw) or real(text, **kw))
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "I feel hopeful."
    ex.check()
    s.save(("country",), "GB")
    ex.check()
    assert asked == [{"language": "en", "country": None}, {"language": "en", "country": "GB"}]


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
    # and the page says so, rather than leaving an earlier "Saved at" in view
    assert "was not saved" in ex.status.widget.value and "Saved at" not in ex.status.widget.value


def test_after_a_saved_sentence_a_danger_sentence_is_not_shown_as_saved(answers_dir, s):
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "I feel lonely."
    ex.check()
    assert "Saved at" in ex.status.widget.value
    ex.text.value = "I am scared of my partner."
    ex.check()
    assert "Saved at" not in ex.status.widget.value
    assert on_disk(answers_dir)["exercises"]["ifeel-practice"]["last"] == "I feel lonely."


def test_ifeel_empty_sentence_is_explained_not_saved(answers_dir, s):
    ex = exercises.IFeelExercise(session=s)
    ex.text.value = "   "
    ex.check_button.click()
    assert "Write a short sentence" in ex.result.value
    assert "ifeel-practice" not in on_disk(answers_dir)["exercises"]


# --------------------------------------------------------------------------- question deck



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
