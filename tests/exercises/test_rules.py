"""The rules the exercise widgets apply, tested as plain functions: no widgets, no session.

Each rule is checked on the real content (every quiz, every deck) and on small hand-made cases
whose right answer is obvious, so a rule that drifts fails here before any widget shows it.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from workshop import content, feedback
from workshop.exercises import rules
from workshop.exercises.rules import Card

QUIZ_IDS = content.all_ids()["quizzes"]
DECK_IDS = content.all_ids()["decks"]

# A hand-made quiz question: one best option, two others.
QUESTION = {"id": "q1", "scenario": "s", "prompt": "p", "options": [
    {"id": "a", "text": "A", "feedback": "fa"},
    {"id": "b", "text": "B", "feedback": "fb", "best": True},
    {"id": "c", "text": "C", "feedback": "fc", "best": False},
]}


# --------------------------------------------------------------------------- quiz

def test_quiz_verdict_names_the_best_option_and_its_feedback():
    assert rules.quiz_verdict(QUESTION, "b") == rules.Verdict(True, "fb")
    assert rules.quiz_verdict(QUESTION, "a") == rules.Verdict(False, "fa")
    assert rules.quiz_verdict(QUESTION, "c") == rules.Verdict(False, "fc")


@pytest.mark.parametrize("option_id", [None, "z", "", "B", 1, ["b"]])
def test_quiz_verdict_is_none_for_nothing_or_an_unknown_option(option_id):
    assert rules.quiz_verdict(QUESTION, option_id) is None


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_every_real_option_gets_its_own_feedback_and_one_is_best(quiz_id):
    for question in content.quiz(quiz_id)["questions"]:
        verdicts = {o["id"]: rules.quiz_verdict(question, o["id"]) for o in question["options"]}
        assert [v.feedback for v in verdicts.values()] == [o["feedback"] for o in
                                                           question["options"]]
        assert sum(v.best for v in verdicts.values()) == 1, question["id"]


def test_valid_choice_keeps_only_a_current_option():
    assert rules.valid_choice(QUESTION, "a") == "a"
    assert rules.valid_choice(QUESTION, "b") == "b"
    # a saved choice whose option was removed from the quiz, or a hand-edited file
    for stale in ("z", None, "", 3, True, {"id": "a"}):
        assert rules.valid_choice(QUESTION, stale) is None, stale


# --------------------------------------------------------------------------- cards

def test_cards_read_tables_and_plain_strings():
    deck = {"questions": [{"text": "Deep one?", "depth": "deep"},
                          {"text": "Light one?", "depth": "light"},
                          {"text": "No depth given?"},
                          "A plain string?"]}
    assert rules.cards(deck) == [Card("Deep one?", "deep"), Card("Light one?", "light"),
                                 Card("No depth given?", "light"), Card("A plain string?", "light")]


@pytest.mark.parametrize("deck_id", DECK_IDS)
def test_cards_of_every_real_deck_keep_text_and_depth_in_order(deck_id):
    deck = content.deck(deck_id)
    made = rules.cards(deck)
    assert [(c.text, c.depth) for c in made] == [(q["text"], q["depth"])
                                                 for q in deck["questions"]]
    depths = Counter(c.depth for c in made)
    assert set(depths) == {"light", "deep"} and min(depths.values()) >= 2


# --------------------------------------------------------------------------- deal

DECK = [Card("l0", "light"), Card("d1", "deep"), Card("l2", "light"), Card("l3", "light"),
        Card("d4", "deep"), Card("l5", "light")]
LIGHT = {0, 2, 3, 5}
DEEP = {1, 4}


@pytest.mark.parametrize("depth, allowed", [("light", LIGHT), ("deep", DEEP)])
def test_deal_gives_only_cards_of_the_chosen_depth_never_twice_in_a_row(depth, allowed):
    rng = random.Random(7)
    current = None
    dealt = []
    for _ in range(200):
        nxt = rules.deal(DECK, depth, current, rng)
        assert nxt in allowed
        assert nxt != current
        dealt.append(nxt)
        current = nxt
    assert set(dealt) == allowed  # every card of that depth comes up, not a fixed loop


def test_deal_after_a_card_of_the_other_depth_may_give_any_card_of_this_depth():
    rng = random.Random(3)
    dealt = {rules.deal(DECK, "light", 1, rng) for _ in range(200)}  # card 1 is deep
    assert dealt == LIGHT


def test_deal_repeats_the_only_card_of_a_depth_rather_than_giving_another_depth():
    deck = [Card("l0", "light"), Card("d1", "deep"), Card("l2", "light")]
    rng = random.Random(1)
    assert [rules.deal(deck, "deep", 1, rng) for _ in range(5)] == [1] * 5


def test_deal_falls_back_to_the_whole_deck_when_no_card_has_that_depth():
    deck = [Card("l0", "light"), Card("l1", "light"), Card("l2", "light")]
    rng = random.Random(5)
    current = 0
    for _ in range(50):
        nxt = rules.deal(deck, "deep", current, rng)
        assert nxt in {0, 1, 2} and nxt != current
        current = nxt


def test_deal_is_random_but_repeatable_with_a_seed():
    first = [rules.deal(DECK, "light", None, random.Random(11)) for _ in range(3)]
    again = [rules.deal(DECK, "light", None, random.Random(11)) for _ in range(3)]
    assert first == again
    spread = Counter(rules.deal(DECK, "light", None, random.Random(seed)) for seed in range(400))
    assert set(spread) == LIGHT and min(spread.values()) > 50  # roughly even, not stuck


# --------------------------------------------------------------------------- tally

def test_tally_counts_only_ticked_current_items():
    items = ["a", "b", "c"]
    assert rules.tally({}, items) == 0
    assert rules.tally({"a": True, "b": False, "c": True}, items) == 2
    assert rules.tally({"a": True, "gone": True, "older": True}, items) == 1  # removed items
    assert rules.tally({"a": True, "b": True, "c": True}, []) == 0


@pytest.mark.parametrize("checklist_id", content.all_ids()["checklists"])
def test_tally_of_a_fully_ticked_real_checklist_is_its_length(checklist_id):
    ids = [item["id"] for item in content.checklist(checklist_id)["items"]]
    assert rules.tally(dict.fromkeys(ids, True), ids) == len(ids)
    assert rules.tally(dict.fromkeys(ids[1:], True), ids) == len(ids) - 1


# --------------------------------------------------------------------------- "I feel"

@pytest.mark.parametrize("sentence, clear", [
    ("I feel lonely.", True),
    ("I feel hopeful.", True),
    ("You never listen to me.", False),
    ("I feel like you don't care.", False),
    ("", False),
    ("I want to die", False),
])
def test_ifeel_clear_is_the_checkers_own_verdict(sentence, clear):
    notes = feedback.check_i_feel(sentence)
    assert rules.ifeel_clear(notes) is clear
    assert rules.ifeel_clear(notes) == feedback.is_clear(list(notes))
    assert rules.ifeel_clear(tuple(notes)) is clear  # any sequence of notes will do


def test_ifeel_clear_never_praises_a_safety_note():
    notes = feedback.check_i_feel("I feel sad and I want to die", country="GB")
    assert any(n.kind == "safety" for n in notes)
    assert not rules.ifeel_clear(notes)
