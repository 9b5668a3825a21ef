"""`lesson`: every module notebook's header, footer and safety box say what the manifest says."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

import pytest

from workshop import curriculum, exercises, lesson, resources
from workshop.exercises import panel

MODULE_IDS = [m.id for m in curriculum.packaged()]


@pytest.fixture
def shown(monkeypatch) -> list:
    """Everything the lesson displays, in order; the participant bar is recorded by name."""
    out: list = []
    monkeypatch.setattr(lesson, "display", out.append)

    def bar():
        out.append("participant bar")

    monkeypatch.setattr(exercises, "participant_bar", bar)
    monkeypatch.setattr(panel, "participant_bar", bar)
    monkeypatch.setattr(lesson, "_styled", False)
    return out


def html_of(obj) -> str:
    return obj.data


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_header_shows_the_manifest(module_id, shown):
    m = curriculum.module(module_id)
    lesson.header(module_id)
    page = html_of(shown[0])
    assert f"Module {m.number}</div>" in page
    assert f"<h1>{html.escape(m.title)}</h1>" in page
    assert html.escape(m.summary) in page
    assert (f"About {m.minutes} minutes: {m.teaching_minutes} reading, "
            f"{m.exercise_minutes} exercises") in page
    assert page.count("<li>") == len(m.objectives)
    for objective in m.objectives:
        assert f"<li>{html.escape(objective)}</li>" in page
    # who is answering: on every module but the welcome, which asks for the pseudonym itself
    assert shown[1:] == ([] if module_id == "welcome" else ["participant bar"])


def test_the_style_sheet_comes_with_the_first_header_only(shown):
    lesson.header("welcome")
    lesson.header("why")
    assert shown[2:] == ["participant bar"]  # the welcome has none; module 01 has one
    first, second = html_of(shown[0]), html_of(shown[1])
    assert first.startswith(lesson.STYLE)
    assert "<style>" not in second


def test_header_and_footer_escape_the_manifest_text(shown, monkeypatch):
    real = curriculum.module("walls")
    odd = dataclasses.replace(real, title="Walls <script>x</script>",
                              objectives=("spot <b>one</b> wall",),
                              key_points=("walls & bridges",))
    monkeypatch.setattr(curriculum, "module", lambda module_id: odd)
    lesson.header("walls")
    lesson.footer("walls")
    header, footer = html_of(shown[0]), html_of(shown[2])
    assert "<script>" not in header and "Walls &lt;script&gt;x&lt;/script&gt;" in header
    assert "<li>spot &lt;b&gt;one&lt;/b&gt; wall</li>" in header
    assert "<li>walls &amp; bridges</li>" in footer


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_footer_shows_the_key_points_and_the_way_on(module_id, shown):
    m = curriculum.module(module_id)
    nxt = curriculum.next_module(module_id)
    lesson.footer(module_id)
    [footer] = shown
    page = html_of(footer)
    assert "<h3>Key points</h3>" in page
    assert page.count("<li>") == len(m.key_points)
    for point in m.key_points:
        assert f"<li>{html.escape(point)}</li>" in page
    if nxt is None:
        assert "end of the workshop" in page and "Next:" not in page
    else:
        assert (f"<a href='{Path(nxt.notebook).name}'>Module {nxt.number}: "
                f"{html.escape(nxt.title)}</a>") in page


def test_only_the_last_module_ends_the_workshop():
    assert [curriculum.next_module(i) is None for i in MODULE_IDS] == \
        [False] * (len(MODULE_IDS) - 1) + [True]


def test_safety_displays_the_safety_note(shown, monkeypatch):
    note = object()
    monkeypatch.setattr(exercises, "safety_note", lambda: note)
    lesson.safety()
    assert shown == [note]


def test_safety_without_a_participant_shows_the_general_caveat(shown, fresh_session):
    lesson.safety()
    [note] = shown
    assert note.value == resources.safety_html(None)
    assert "feel safe" in note.value
