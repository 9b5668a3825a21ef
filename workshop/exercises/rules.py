"""The rules exercises apply, as plain functions that know nothing about widgets.

Widgets call these and show the result, so every rule is tested on its own (tests/exercises/).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Mapping, Sequence

from workshop import feedback


@dataclass(frozen=True)
class Verdict:
    best: bool
    feedback: str


def quiz_verdict(question: Mapping, option_id: str | None) -> Verdict | None:
    """What to say about one chosen option of a scenario question; None when nothing is chosen
    or the choice is no longer one of the options."""
    for option in question["options"]:
        if option["id"] == option_id:
            return Verdict(bool(option.get("best")), option["feedback"])
    return None


def valid_choice(question: Mapping, option_id) -> str | None:
    """A saved choice if it is still one of the question's options, else None."""
    return option_id if quiz_verdict(question, option_id) else None


@dataclass(frozen=True)
class Card:
    text: str
    depth: str  # "light": fine with a stranger; "deep": for someone you trust


def cards(deck: Mapping) -> list[Card]:
    """A deck's questions as cards; a plain string is a light question."""
    out = []
    for q in deck["questions"]:
        if isinstance(q, str):
            out.append(Card(q, "light"))
        else:
            out.append(Card(q["text"], q.get("depth", "light")))
    return out


def deal(deck: Sequence[Card], depth: str, current: int | None,
         rng: random.Random) -> int:
    """The index of a new card of the chosen depth, never the one just shown (when another
    card of that depth exists)."""
    pool = [i for i, card in enumerate(deck) if card.depth == depth] or list(range(len(deck)))
    choices = [i for i in pool if i != current] or pool
    return rng.choice(choices)


def tally(ticked: Mapping[str, bool], item_ids: Sequence[str]) -> int:
    """How many of a checklist's items are ticked (saved ticks for removed items do not count)."""
    return sum(1 for item in item_ids if ticked.get(item))


def ifeel_clear(notes: Sequence[feedback.Note]) -> bool:
    """Whether a checked sentence counts as clear: the checker's own verdict, never re-derived."""
    return feedback.is_clear(list(notes))
