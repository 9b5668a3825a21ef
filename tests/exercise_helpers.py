"""What the exercise and panel tests share: a chosen participant, the file on disk, and ways
to read what a participant would see. Imported by the test files (a conftest.py in a test
folder would clash with tests/conftest.py, which pytest also imports as `conftest`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import ipywidgets as w
import pytest

from workshop import exercises, i18n, resources
from workshop.session import Session

WHO = "river-42"


@pytest.fixture
def s(answers_dir) -> Session:
    """A session whose participant has been chosen, as after the welcome notebook."""
    new = Session(answers_dir)
    new.choose(WHO)
    return new


@pytest.fixture
def spanish():
    """The page in Spanish, as after `lesson.header(..., "es")`; English again afterwards, so no
    other test inherits it."""
    i18n.translations.cache_clear()  # the catalog as it is on disk now
    i18n.use("es")
    yield "es"
    i18n.use("en")


@pytest.fixture
def shown(monkeypatch) -> list:
    """What the notebook calls display, wherever the call lives."""
    from workshop.exercises import panel

    out: list = []
    monkeypatch.setattr(exercises, "display", out.append)
    monkeypatch.setattr(panel, "display", out.append)
    return out


def on_disk(folder: Path, who: str = WHO) -> dict:
    return json.loads((folder / f"{who}.json").read_text(encoding="utf-8"))


def saved_status(exercise) -> bool:
    return "Saved at" in exercise.status.widget.value


def guardado(exercise) -> bool:
    """The Spanish "saved" line, with the time of the save."""
    return "Guardado a las" in exercise.status.widget.value


def started(folder: Path, who: str = WHO) -> Session:
    s = Session(folder)
    s.choose(who)
    return s


def upload_value(raw: bytes, name: str = "river-42.json") -> tuple[dict, ...]:
    """What ipywidgets 8's FileUpload holds after a browser upload: a tuple of dicts."""
    return ({"name": name, "type": "application/json", "size": len(raw),
             "content": memoryview(raw),
             "last_modified": dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)},)


def emergency_number(code: str) -> str:
    entry = resources.for_country(code)
    return next(line["phone"] for line in entry["lines"] if line["kind"] == "emergency")


def _all_html(widget) -> str:
    """Every HTML value under a widget, to read what a participant would see."""
    parts = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if hasattr(w, "value") and isinstance(w.value, str):
            parts.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(parts)


def _find(widget, kind, **attrs):
    """The first widget of a kind under `widget` whose attributes match."""
    stack = [widget]
    while stack:
        w = stack.pop(0)
        if isinstance(w, kind) and all(getattr(w, k) == v for k, v in attrs.items()):
            return w
        stack.extend(getattr(w, "children", ()))
    raise LookupError(f"no {kind.__name__} with {attrs}")


def _visible(widget, root) -> bool:
    """Shown unless it or a box around it has display none."""
    def path_to(node, target):
        if node is target:
            return [node]
        for child in getattr(node, "children", ()):
            found = path_to(child, target)
            if found:
                return [node, *found]
        return []
    return all(w.layout.display != "none" for w in path_to(root, widget))


def _help_box(panel) -> w.HTML:
    return _find(panel, w.HTML, _dom_classes=("closer-help-box",))


def deck_cards(deck_id: str = "curiosity"):
    from workshop import content
    from workshop.exercises import rules

    return rules.cards(content.deck(deck_id))
