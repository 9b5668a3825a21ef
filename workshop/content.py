"""Exercise content (checklists, scenario quizzes, question decks), loaded from TOML data."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from workshop import PACKAGE_DIR, i18n

CONTENT_DIR = PACKAGE_DIR / "content"


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the entry."""


def _load(name: str, key: str, language: str | None = None) -> dict[str, dict]:
    """One content file's entries by id, in `language` (default: the page's)."""
    return _load_file(i18n.localized(CONTENT_DIR / f"{name}.toml", language), key)


@functools.cache
def _load_file(path: Path, key: str) -> dict[str, dict]:
    with open(path, "rb") as f:
        entries = tomllib.load(f).get(key, [])
    out = {}
    for entry in entries:
        if "id" not in entry or "title" not in entry:
            raise ContentError(f"{path}: every [[{key}]] needs an id and a title")
        out[entry["id"]] = entry
    return out


def checklist(checklist_id: str) -> dict:
    entry = _load("checklists", "checklists")[checklist_id]
    if not entry.get("items"):
        raise ContentError(f"checklist {checklist_id}: no items")
    return entry


def quiz(quiz_id: str) -> dict:
    entry = _load("quizzes", "quizzes")[quiz_id]
    for q in entry.get("questions", []):
        best = [o for o in q["options"] if o.get("best")]
        if len(best) != 1 or not all(o.get("feedback") for o in q["options"]):
            raise ContentError(f"quiz {quiz_id} {q['id']}: needs exactly one best option and "
                               "feedback on every option")
    return entry


DEPTHS = ("light", "deep")


def deck(deck_id: str) -> dict:
    return check_deck(deck_id, _load("questions", "decks")[deck_id])


def check_deck(deck_id: str, entry: dict) -> dict:
    """Every question is {text, depth}; a deck offers both depths, so strangers can stay light."""
    questions = entry.get("questions", [])
    for n, q in enumerate(questions, start=1):
        if not isinstance(q, dict) or not str(q.get("text", "")).strip():
            raise ContentError(f"deck {deck_id}: question {n} needs a text")
        if q.get("depth") not in DEPTHS:
            raise ContentError(f"deck {deck_id}: question {n} needs depth \"light\" or \"deep\"")
    for depth in DEPTHS:
        if sum(q["depth"] == depth for q in questions) < 2:
            raise ContentError(f"deck {deck_id}: needs at least two {depth} questions")
    if entry.get("default_depth", "light") not in DEPTHS:
        raise ContentError(f"deck {deck_id}: default_depth must be \"light\" or \"deep\"")
    return entry


def all_ids() -> dict[str, list[str]]:
    """Every content id by kind, for tests and authors."""
    return {"checklists": list(_load("checklists", "checklists")),
            "quizzes": list(_load("quizzes", "quizzes")),
            "decks": list(_load("questions", "decks"))}


def action_plan_fields(language: str | None = None) -> tuple[tuple[str, str], ...]:
    """The action plan's (id, label) pairs, shared by module 08 and the personal report."""
    return _action_plan(i18n.localized(CONTENT_DIR / "action_plan.toml", language))


@functools.cache
def _action_plan(path: Path) -> tuple[tuple[str, str], ...]:
    with open(path, "rb") as f:
        fields = tomllib.load(f)["fields"]
    return tuple((field["id"], field["label"]) for field in fields)


def reflection_prompt(reflection_id: str, language: str | None = None) -> str:
    """The question a reflection box asks: data, so that every language's notebook makes the
    same call (`exercises.reflection("walls-notice")`)."""
    prompts = _prompts(i18n.localized(CONTENT_DIR / "reflections.toml", language))
    try:
        return prompts[reflection_id]
    except KeyError:
        raise ContentError(f"no reflection '{reflection_id}' in reflections.toml") from None


@functools.cache
def _prompts(path: Path) -> dict[str, str]:
    with open(path, "rb") as f:
        return {r["id"]: r["prompt"] for r in tomllib.load(f)["reflections"]}
