"""The personal report: what the participant template shows, as escaped HTML sections.

Every piece of free text (reflections, action plan, pseudonym) passes through `html.escape`
before it reaches the page.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML, display

from workshop import answers, charts, content, curriculum, instruments, resources, scoring
from workshop.reports import handoff
from workshop.reports.render import esc

TOP_N = 3


def module_title(module_id: str) -> str:
    try:
        m = curriculum.module(module_id)
    except KeyError:
        return module_id
    return f"Module {m.number}: {m.title}"


def module_link(module_id: str, base_url: str = "") -> str:
    """The module's name, linked when a base address for the notebooks is known."""
    label = esc(module_title(module_id))
    try:
        name = Path(curriculum.module(module_id).notebook).name
    except KeyError:
        return label
    if base_url:
        return f"<a href=\"{esc(base_url + name)}\">{label}</a>"
    return f"{label} <span class='muted'>(notebooks/{esc(name)})</span>"


@dataclass
class Suggestion:
    instrument: instruments.Instrument
    result: scoring.SubscaleScore
    subscale: instruments.Subscale


def suggestions(scores: dict[str, list[scoring.SubscaleScore]], top: int = TOP_N) -> list[Suggestion]:
    """The participant's most prominent patterns, across instruments, most prominent first.

    A "challenge" subscale counts by its score; a "strength" habit by how much room it has to
    grow (100 - score). Only patterns at 50 or above count as prominent.
    """
    found = []
    for iid, results in scores.items():
        inst = instruments.get(iid)
        for r in results:
            if r.score is None:
                continue
            weight = scoring.attention(inst, r.score)
            if weight >= 50:
                found.append((weight, Suggestion(inst, r, inst.subscale(r.subscale))))
    found.sort(key=lambda pair: (-pair[0], pair[1].instrument.id, pair[1].result.subscale))
    return [s for _, s in found[:top]]


class Report:
    """One participant's report, built from a validated answer file."""

    def __init__(self, data: dict, generated: str = "", module_url: str = ""):
        self.data = data
        self.generated = generated or _dt.date.today().isoformat()
        self.module_url = module_url
        self.scores = scoring.score_all(data)

    @classmethod
    def load(cls, path: str | Path, generated: str = "", module_url: str = "") -> "Report":
        """The report of one answer file, validated here unless the builder already did."""
        data = handoff.take(path) or answers.load(path)
        return cls(data, generated, module_url)

    # ---------------------------------------------------------------- sections as HTML
    def header_html(self) -> str:
        who = esc(self.data["participant"])
        return (f"<div class='kicker'>Closer &middot; personal report</div>"
                f"<h1>Your reflections, {who}</h1>"
                f"<p class='meta'>Pseudonym: <b>{who}</b> &middot; Made on {esc(self.generated)}"
                f"</p><p class='note'>This report is a reflection aid, not a diagnosis or an "
                f"assessment. The numbers describe how you answered on one day; they are "
                f"prompts to think and talk, nothing more. This is education, not therapy.</p>")

    def scores_html(self) -> str:
        return "".join(self._instrument_block(iid, results)
                       for iid, results in self.scores.items())

    def _instrument_block(self, iid: str, results) -> str:
        """One self-assessment's heading, chart and table in one `section`, which printing
        keeps on one page (report.css), so a heading never ends a page without its chart."""
        inst = instruments.get(iid)
        parts = [f"<h3>{esc(inst.title)}</h3>"]
        if all(r.score is None for r in results):
            parts.append("<p class='muted'>Not enough answers to show scores for this "
                         f"self-assessment. You can complete it in "
                         f"{module_link(inst.module, self.module_url)}.</p>")
        else:
            fig = charts.for_instrument(iid, results)
            parts.append(charts.to_html(fig, charts.alt_text(results)))
            parts.append(charts.score_table(results))
            missing = [r.label for r in results if r.score is None]
            if missing:
                parts.append("<p class='muted'>Not enough answers for: "
                             f"{esc(', '.join(missing))}.</p>")
        return "<section class='closer-block'>" + "".join(parts) + "</section>"

    def next_steps_html(self) -> str:
        picks = suggestions(self.scores)
        if not picks:
            return ("<p>None of your patterns stood out strongly this time. You might pick the "
                    "module you found most useful and revisit its exercise in a week or two.</p>")
        cards = []
        for s in picks:
            kind = ("room to grow" if s.instrument.direction == "strength"
                    else "stood out in your answers")
            cards.append(
                f"<div class='card'><h3>{esc(s.subscale.label)} "
                f"<span class='muted'>({esc(s.instrument.title)}: {s.result.score:.0f}, {kind})"
                f"</span></h3><p class='muted'>A higher score means "
                f"{esc(s.subscale.higher_means)}.</p><p>{esc(s.subscale.suggestion)}</p>"
                f"<p class='muted'>Revisit: {module_link(s.subscale.module or s.instrument.module, self.module_url)}"
                f"</p></div>")
        return "".join(cards)

    def reflections_html(self) -> str:
        given = self.data.get("reflections", {})
        if not given:
            return "<p class='muted'>You did not write any reflections.</p>"
        parts = []
        for rid, text in given.items():
            m = curriculum.module_of_reflection(rid)
            where = esc(module_title(m.id)) if m else esc(rid)
            parts.append(f"<div class='card'><p class='muted'>{where}</p>"
                         f"<div class='reflection'>{esc(text)}</div></div>")
        return "".join(parts)

    def action_plan_html(self) -> str:
        plan = self.data.get("exercises", {}).get("action-plan", {})
        labels = dict(content.action_plan_fields())
        rows = [(labels.get(k, k), v) for k, v in plan.items() if isinstance(v, str) and v]
        if not rows:
            return ("<p class='muted'>No action plan yet. Module 08 helps you write one small, "
                    "concrete step.</p>")
        return ("<table><tbody>" + "".join(
            f"<tr><th scope='row'>{esc(k)}</th><td class='reflection'>{esc(v)}</td></tr>"
            for k, v in rows) + "</tbody></table>")

    def help_html(self) -> str:
        """The help lines of the participant's country (or where to find local help)."""
        return resources.help_html(self.data.get("country"))

    # ---------------------------------------------------------------- display in a template
    def show(self, section: str) -> None:
        display(HTML(getattr(self, f"{section}_html")()))
