"""Self-assessments and checklists: every answer on disk at once, the chart and the tally."""

from __future__ import annotations

import html

import pytest

from exercise_helpers import (WHO, _all_html, _find, _help_box, _visible, emergency_number,  # noqa: F401
                              on_disk, s, saved_status, shown, started, upload_value,
                              deck_cards)
from workshop import content, exercises, instruments, scoring

pytestmark = pytest.mark.usefixtures("fresh_session")


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
