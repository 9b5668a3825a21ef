"""The rule-based "I feel" checker: each sentence gets exactly the kinds of feedback expected.

Every message is recognised by a few distinctive words, so a rule that stops firing, fires on the
wrong sentence, or loses its wording fails here.
"""

from __future__ import annotations

import pytest

from workshop import content, feedback

# rule -> words that only that rule's message contains
RULES = {
    "good": "Clear and owned",
    "partly-others": "hints at what someone did",
    "empty": "Write a short sentence",
    "start-with-i-feel": "Try starting with the words",
    "you-make-me": "hands your feeling",
    "missing-feeling": "a feeling that is missing",
    "that-like": "a thought or a judgement",
    "about-them": "about the other person",
    "feel-nothing": "Feeling nothing is worth naming",
    "justify": "don't need to justify",
    "absolute": "make a moment sound permanent",
    "blame": "points at the other person",
    "no-feeling-word": "single feeling word",
}


def rules_of(sentence: str) -> set[str]:
    """Which rules fired, by their distinctive words; an unrecognised message fails the test."""
    fired = set()
    for note in feedback.check_i_feel(sentence):
        matched = {rule for rule, words in RULES.items() if words in note.message}
        assert matched, f"unrecognised message for {sentence!r}: {note.message}"
        fired |= matched
    return fired


CASES = [
    # clear, owned feelings
    ("I feel lonely.", {"good"}),
    ("I am feeling nervous", {"good"}),
    ("I really feel sad", {"good"}),
    ("I'm feeling hopeful today", {"good"}),
    ("I\u2019m feeling anxious", {"good"}),  # a phone's curly apostrophe
    ("Im feeling sad", {"good"}),  # and no apostrophe at all
    ("i feel lonely", {"good"}),
    ("I FEEL LONELY", {"good"}),
    ("Sometimes I feel lonely", {"good"}),
    ("I feel a bit tired today", {"good"}),
    ("I feel cheerful, actually.", {"good"}),
    ("I just feel overwhelmed", {"good"}),
    ("I feel homesick", {"good"}),  # from the notebook's table of feeling words
    ("I feel a bit lost these days.", {"good"}),
    ("I felt worried, and then annoyed.", {"good"}),
    ("I feel scared and alone", {"good"}),
    # owned, but the word also describes what someone did
    ("I feel ignored", {"good", "partly-others"}),
    ("I feel left out.", {"good", "partly-others"}),
    ("I feel let down", {"good", "partly-others"}),
    # a thought dressed as a feeling
    ("I feel that you never listen", {"that-like", "absolute", "blame"}),
    ("I feel like you don't care", {"that-like", "blame"}),
    ("I feel like a failure", {"that-like"}),
    ("I feel as if nobody cares", {"that-like", "absolute"}),
    ("I feel you are not listening", {"about-them"}),
    # handing the feeling to someone else
    ("You make me feel small", {"you-make-me"}),
    ("You made me feel stupid", {"you-make-me"}),
    ("My partner makes me feel small", {"you-make-me"}),
    # justification
    ("I feel sad because you forgot", {"justify"}),
    ("I feel angry since you lied", {"justify"}),
    ("I feel hurt when you leave", {"justify"}),
    ("I feel sad cause you left", {"justify"}),
    ("I feel lonely because you're always on your phone.", {"justify", "absolute"}),
    # absolutes
    ("I always feel ignored", {"absolute"}),
    ("I feel worried every time you drive", {"absolute"}),
    ("I feel no one understands me", {"absolute"}),
    # blame
    ("It's your fault I feel bad", {"blame"}),
    ("Thanks to you I feel awful", {"blame"}),
    ("I feel sad, you're so selfish", {"blame"}),
    ("You never listen to me", {"start-with-i-feel", "absolute", "blame"}),
    # nothing to check, or not an "I feel" sentence yet
    ("", {"empty"}),
    ("   \n ", {"empty"}),
    ("I am tired", {"start-with-i-feel"}),
    ("I think you are wrong", {"start-with-i-feel"}),
    ("We feel distant", {"start-with-i-feel"}),
    # owned, but no feeling word yet
    ("I feel", {"no-feeling-word"}),
    ("I feel so stupid", {"no-feeling-word"}),
    # a missing feeling, and numbness
    ("I don't feel loved", {"missing-feeling"}),
    ("I dont feel loved", {"missing-feeling"}),
    ("I'm not feeling heard", {"missing-feeling"}),
    ("I feel nothing", {"feel-nothing"}),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[repr(s) for s, _ in CASES])
def test_feedback_kinds(sentence, expected):
    assert rules_of(sentence) == expected


@pytest.mark.parametrize("sentence, expected", CASES, ids=[repr(s) for s, _ in CASES])
def test_good_only_when_nothing_to_improve(sentence, expected):
    notes = feedback.check_i_feel(sentence)
    kinds = [n.kind for n in notes]
    assert notes, "every sentence gets at least one note"
    if "good" in expected:
        assert kinds == ["good"]
        assert feedback.is_clear_i_feel(sentence)
    else:
        assert set(kinds) == {"tip"}
        assert not feedback.is_clear_i_feel(sentence)


def test_good_note_quotes_the_feeling_word():
    [note] = feedback.check_i_feel("I really feel sad")
    assert '"sad"' in note.message
    [note] = feedback.check_i_feel("I feel left out.")
    assert '"left out"' in note.message and '"Left out" also hints' in note.message


def test_absolute_note_quotes_the_absolute_word():
    message = " ".join(n.message for n in feedback.check_i_feel("I always feel ignored"))
    assert '"always"' in message


def test_messages_are_kind():
    """Tips suggest; they never tell someone they are wrong."""
    harsh = ("wrong", "incorrect", "error", "invalid", "bad sentence", "fail", "!")
    for sentence, _ in CASES:
        for note in feedback.check_i_feel(sentence):
            lowered = note.message.lower()
            assert not any(word in lowered for word in harsh), (sentence, note.message)


def test_agrees_with_the_ifeel_quiz():
    """The quiz's best sentences pass the checker; every other "I feel" option gets a tip."""
    quiz = content.quiz("ifeel-quiz")
    for question in quiz["questions"]:
        for option in question["options"]:
            clear = feedback.is_clear_i_feel(option["text"])
            assert clear == bool(option.get("best")), (question["id"], option["text"])


def test_every_word_the_lesson_offers_is_recognised():
    """Module 07 offers a table of feeling words to try in the checker; each one must pass."""
    import nbformat

    from workshop import curriculum

    notebook = curriculum.REPO_ROOT / curriculum.module("vulnerability").notebook
    nb = nbformat.read(notebook, as_version=4)
    table = next(c.source for c in nb.cells
                 if c.cell_type == "markdown" and "| family |" in c.source)
    words = []
    for row in table.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("family", "---"):
            words += [cells[0], *(w.strip() for w in cells[1].split(","))]
    assert len(words) > 20
    unclear = [w for w in words if not feedback.is_clear_i_feel(f"I feel {w}.")]
    assert not unclear, f"the checker does not recognise: {unclear}"
