"""Self-assessments with an instant chart, and checklists with a tally."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from workshop import content, i18n, instruments, scoring
from workshop.exercises import rules
from workshop.exercises.base import Exercise, box, esc, full, labelled_tick, title
from workshop.exercises.frontend import Choices, Live
from workshop.i18n import _
from workshop.session import Session


class InstrumentExercise(Exercise):
    def __init__(self, instrument_id: str, session: Session | None = None):
        self.instrument = inst = instruments.get(instrument_id)
        super().__init__(f"instrument:{inst.id}", session)
        options = [(label, inst.min + i) for i, label in enumerate(inst.labels)] or \
                  [(str(v), v) for v in range(inst.min, inst.max + 1)]
        self.buttons: dict[str, Choices] = {}
        rows = []
        for n, item in enumerate(inst.items, start=1):
            scale = Choices(f"<span class='closer-num'>{n}.</span> {esc(item.text)}", options,
                            css_class="closer-scale", layout=full())
            scale.observe(self._changed(item.id), names="index")
            self.buttons[item.id] = scale
            rows.append(box([scale], "closer-item"))
        self.chart = w.HTML(layout=full())  # not live: its numbers are in the table and alt text
        self.chart.add_class("closer-chart-box")
        self.clear_button = w.Button(description=_("Clear my answers here"))
        self.clear_button.on_click(self._clear)
        self.widget = box([title(inst.title, inst.intro), *rows, self.status.widget,
                           self.chart, self.clear_button])
        self.start()

    def _changed(self, item_id: str) -> Callable:
        def on_change(change):
            if self._loading:
                return  # load() and _clear() save and draw once, not once per item
            self.save(("instruments", self.instrument.id, item_id), self.buttons[item_id].value)
            self.draw()
        return on_change

    def _clear(self, _button=None) -> None:
        self._loading = True
        try:
            for toggle in self.buttons.values():
                toggle.value = None
        finally:
            self._loading = False
        self.save(("instruments", self.instrument.id), {})
        self.draw()

    def answers(self) -> dict[str, int]:
        return {k: t.value for k, t in self.buttons.items() if t.value is not None}

    def load(self) -> None:
        saved = self.session.get("instruments", self.instrument.id, default={})
        for item_id, toggle in self.buttons.items():
            toggle.value = saved.get(item_id)
        self.draw()

    def enable(self, on: bool) -> None:
        for toggle in self.buttons.values():
            toggle.disabled = not on
        self.clear_button.disabled = not on

    def draw(self) -> None:
        given = self.answers()
        if not given:
            waiting = _("Your chart appears here as you answer. It is a prompt for reflection, "
                        "not a verdict.")
            self.chart.value = f"<p class='closer-muted'>{esc(waiting)}</p>"
            return
        results = scoring.score(self.instrument, given)
        from workshop import charts  # matplotlib loads only in modules that draw charts

        fig = charts.for_instrument(self.instrument.id, results)
        caption = _("Scores run from 0 to 100 and describe how you answered today. They are "
                    "prompts for reflection, never a diagnosis.")
        self.chart.value = (charts.to_html(fig, charts.alt_text(results))
                            + charts.score_table(results)
                            + f"<p class='closer-muted'>{esc(caption)}</p>")


class ChecklistExercise(Exercise):
    def __init__(self, checklist_id: str, session: Session | None = None):
        data = content.checklist(checklist_id)
        super().__init__(f"checklist:{checklist_id}", session)
        self.id = checklist_id
        self.boxes: dict[str, w.Checkbox] = {}
        rows = []
        for item in data["items"]:
            tick = labelled_tick(item["text"])
            tick.observe(self._changed(item["id"]), names="value")
            self.boxes[item["id"]] = tick
            rows.append(tick)
        self.after = Live(layout=full())
        self.after_text = data.get("after", "")
        self.widget = box([title(data["title"], data.get("intro", "")), *rows,
                           self.after, self.status.widget])
        self.start()

    def _changed(self, item_id: str) -> Callable:
        def on_change(change):
            self.save(("exercises", self.id, item_id), bool(change["new"]))
            self._after()
        return on_change

    def _after(self) -> None:
        ticked = rules.tally({k: b.value for k, b in self.boxes.items()}, list(self.boxes))
        if not ticked:
            self.after.value = ""
            return
        count = _("You ticked {ticked} of {total}.").format(
            ticked=i18n.number(ticked, 0), total=i18n.number(len(self.boxes), 0))
        self.after.value = f"<p class='closer-note'>{esc(count)} {esc(self.after_text)}</p>"

    def load(self) -> None:
        saved = self.session.get("exercises", self.id, default={})
        for item_id, tick in self.boxes.items():
            tick.value = bool(saved.get(item_id, False))
        self._after()

    def enable(self, on: bool) -> None:
        for tick in self.boxes.values():
            tick.disabled = not on
