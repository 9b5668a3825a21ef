"""The exercise content data: quizzes that can't be guessed, a deck that starts light, and
wording that stays safe for someone whose partner is controlling."""

from __future__ import annotations

import re
import tomllib

import pytest

from workshop import content
from workshop.content import ContentError

ALL_QUIZZES = content.all_ids()["quizzes"]


def questions() -> list[tuple[str, dict]]:
    return [(quiz_id, q) for quiz_id in ALL_QUIZZES for q in content.quiz(quiz_id)["questions"]]


def best(question: dict) -> dict:
    return next(o for o in question["options"] if o.get("best"))


def all_text(value) -> list[str]:
    """Every string in a parsed TOML value, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_text(v)]
    if isinstance(value, list):
        return [s for v in value for s in all_text(v)]
    return []


def content_file(name: str) -> dict:
    with open(content.CONTENT_DIR / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


# --------------------------------------------------------------------------- quizzes

def test_the_expected_quizzes_exist():
    assert {"listening-quiz", "ifeel-quiz", "talking-goes-badly"} <= set(ALL_QUIZZES)
    assert content.quiz("talking-goes-badly")["module"] == "vulnerability"
    assert 3 <= len(content.quiz("talking-goes-badly")["questions"]) <= 4


def test_the_best_option_is_rarely_the_longest():
    """Participants should choose by meaning, not by picking the longest answer."""
    longest = [(quiz_id, q["id"]) for quiz_id, q in questions()
               if len(best(q)["text"]) >= max(len(o["text"]) for o in q["options"])]
    assert len(longest) * 3 <= len(questions()), f"best is the longest in {longest}"


def test_every_question_has_real_choices_with_kind_feedback():
    harsh = ("wrong", "incorrect", "bad answer", "fail", "stupid", "!")
    for quiz_id, q in questions():
        options = q["options"]
        assert len(options) >= 3, (quiz_id, q["id"])
        assert len({o["id"] for o in options}) == len(options), (quiz_id, q["id"])
        assert len({o["text"] for o in options}) == len(options), (quiz_id, q["id"])
        for o in options:
            assert len(o["feedback"]) >= 80, (quiz_id, q["id"], o["id"])  # explains why
            assert not any(w in o["feedback"].lower() for w in harsh), (quiz_id, q["id"], o["id"])


def test_the_best_answer_is_not_always_in_the_same_place():
    for quiz_id in ALL_QUIZZES:
        positions = [next(i for i, o in enumerate(q["options"]) if o.get("best"))
                     for q in content.quiz(quiz_id)["questions"]]
        assert len(set(positions)) > 1, (quiz_id, positions)


def test_ifeel_quiz_never_tells_people_to_drop_the_situation():
    """The one method: feeling + blame-free situation + request; 'because' may introduce it."""
    text = " ".join(all_text(content.quiz("ifeel-quiz"))).lower()
    for advice in ("leave out the because", "drop the because", "without the because",
                   "stop after the feeling", "stopping after the feeling"):
        assert advice not in text


def test_ifeel_quiz_best_answers_own_a_feeling():
    for q in content.quiz("ifeel-quiz")["questions"]:
        text = best(q)["text"].lower()
        assert re.search(r"\bi (?:feel|felt)\b", text), text
        assert not re.search(r"\bi (?:feel|felt) (?:that|like)\b", text), text
        assert not re.search(r"\byou (?:never|always|make|made)\b", text), text


def test_listening_quiz_avoids_the_notebook_example():
    text = " ".join(q["scenario"] for q in content.quiz("listening-quiz")["questions"])
    assert "HR" not in text and "manager" not in text.lower()


def test_talking_goes_badly_puts_safety_first_in_every_question():
    """One option per situation says that fear, an ignored break or threats are not a
    communication problem."""
    intro = content.quiz("talking-goes-badly")["intro"].lower()
    assert "afraid" in intro and "threat" in intro and "safety comes first" in intro
    for q in content.quiz("talking-goes-badly")["questions"]:
        safety = [o for o in q["options"]
                  if re.search(r"\b(afraid|frightened|threat|threats|threatened)\b",
                               o["text"].lower())]
        assert len(safety) == 1, q["id"]
        assert "not a communication problem" in safety[0]["feedback"] or (
            "not a repair" in safety[0]["feedback"]), q["id"]


def test_talking_goes_badly_teaches_a_timed_break():
    text = " ".join(all_text(content.quiz("talking-goes-badly"))).lower()
    assert "twenty minutes" in text and "come back" in text and "repair" in text


# --------------------------------------------------------------------------- curiosity deck

def test_curiosity_deck_has_enough_of_each_depth():
    deck = content.deck("curiosity")
    assert deck["default_depth"] == "light"
    depths = [q["depth"] for q in deck["questions"]]
    assert depths.count("light") >= 8 and depths.count("deep") >= 8
    assert all(q["text"].strip().endswith("?") for q in deck["questions"])
    assert len({q["text"] for q in deck["questions"]}) == len(deck["questions"])


def test_curiosity_intro_explains_depth_and_passing():
    intro = content.deck("curiosity")["intro"].lower()
    assert "light" in intro and "deeper" in intro and "pass" in intro
    assert "pair partner" in intro and "feel safe" in intro


def test_light_questions_suit_a_stranger():
    """A light card never assumes a shared past or a relationship with the asker."""
    for q in content.deck("curiosity")["questions"]:
        if q["depth"] == "light":
            assert not re.search(r"\b(us|we|me|my|our|I)\b", q["text"]), q["text"]


@pytest.mark.parametrize("change, message", [
    (lambda qs: qs[0].update(depth="medium"), "question 1 needs depth"),
    (lambda qs: qs[1].pop("depth"), "question 2 needs depth"),
    (lambda qs: qs[0].update(text="  "), "question 1 needs a text"),
    (lambda qs: qs.__setitem__(0, "A bare string?"), "question 1 needs a text"),
    (lambda qs: [q.update(depth="light") for q in qs], "at least two deep questions"),
])
def test_deck_validation_rejects_bad_depths(change, message):
    entry = {"id": "tiny", "title": "Tiny", "questions": [
        {"text": "A?", "depth": "light"}, {"text": "B?", "depth": "light"},
        {"text": "C?", "depth": "deep"}, {"text": "D?", "depth": "deep"}]}
    assert content.check_deck("tiny", entry) is entry  # the control: valid as it stands
    change(entry["questions"])
    with pytest.raises(ContentError, match=message):
        content.check_deck("tiny", entry)


def test_deck_validation_rejects_a_bad_default_depth():
    entry = {"questions": [{"text": "A?", "depth": "light"}, {"text": "B?", "depth": "light"},
                           {"text": "C?", "depth": "deep"}, {"text": "D?", "depth": "deep"}],
             "default_depth": "deepest"}
    with pytest.raises(ContentError, match="default_depth"):
        content.check_deck("tiny", entry)


# --------------------------------------------------------------------------- safety wording

def test_couples_work_always_comes_with_the_caveat():
    """Never suggest couples counselling without saying it is not for abuse, fear or control."""
    for path in sorted(content.CONTENT_DIR.glob("*.toml")):
        with open(path, "rb") as f:
            for text in all_text(tomllib.load(f)):
                if re.search(r"couples?[ -](?:counsell|therap|coach|work)", text, re.I):
                    lowered = text.lower()
                    assert all(w in lowered for w in ("abuse", "fear", "control")), (
                        path.name, text)


def test_checklists_speak_to_controlling_relationships_and_single_people():
    after = content.checklist("unavailability-signs")["after"].lower()
    assert "afraid" in after and "not your fault" in after and "help" in after
    assert "single" in content.checklist("unavailability-signs")["intro"].lower()
    assert "feel safe" in content.checklist("safe-space-habits")["intro"].lower()
    assert "controls you" in content.checklist("walls-noticing")["after"].lower()


def test_checklist_ids_the_notebooks_and_tests_rely_on():
    ids = {c: [i["id"] for i in content.checklist(c)["items"]] for c in content.all_ids()[
        "checklists"]}
    assert "blaming" in ids["unavailability-signs"]
    assert {"listen-first", "kind-boundary"} <= set(ids["safe-space-habits"])


# --------------------------------------------------------------------------- in Spanish

def spanish_questions() -> list[tuple[str, dict]]:
    return [(quiz_id, q) for quiz_id in ALL_QUIZZES
            for q in content._load("quizzes", "quizzes", "es")[quiz_id]["questions"]]


def test_in_spanish_too_the_best_option_is_rarely_the_longest():
    found = spanish_questions()
    longest = [(quiz_id, q["id"]) for quiz_id, q in found
               if len(best(q)["text"]) >= max(len(o["text"]) for o in q["options"])]
    assert found and len(longest) * 3 <= len(found), f"best is the longest in {longest}"


def test_spanish_feedback_is_kind_and_explains():
    harsh = ("incorrect", "equivocad", "mala respuesta", "!")
    for quiz_id, q in spanish_questions():
        for o in q["options"]:
            assert len(o["feedback"]) >= 80, (quiz_id, q["id"], o["id"])
            assert not any(w in o["feedback"].lower() for w in harsh), (quiz_id, q["id"], o["id"])


def test_spanish_ifeel_quiz_best_answers_own_a_feeling_without_blame():
    for quiz_id, q in spanish_questions():
        if quiz_id != "ifeel-quiz":
            continue
        text = best(q)["text"].lower()
        assert re.search(r"\bme (?:siento|sent[ií])\b", text), text
        assert not re.search(r"siento que|me hac(?:es|iste) sentir|\bsiempre\b|\bnunca\b", text), \
            text


def test_spanish_talking_goes_badly_still_puts_safety_first():
    for quiz_id, q in spanish_questions():
        if quiz_id == "talking-goes-badly":
            safety = [o for o in q["options"]
                      if re.search(r"miedo|amenaz", o["text"] + o["feedback"], re.I)]
            assert safety, q["id"]
