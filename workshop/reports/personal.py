"""The personal report: what the participant template shows, as escaped HTML sections.

Every piece of free text (reflections, action plan, pseudonym) passes through `html.escape`
before it reaches the page. The report is in the participant's language (the answer file's
`language`) unless the facilitator asks for another; the builder sets it before the template
runs, and every text here is looked up when a section is shown.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from IPython.display import HTML, display

from workshop import answers, charts, content, curriculum, i18n, instruments, resources, scoring
from workshop.i18n import N_, _
from workshop.reports import handoff
from workshop.reports.render import esc, footer, heading, when

TOP_N = 3


def language_for(data: dict, language: str | None = None) -> str:
    """The report's language: the one asked for (`workshop reports --lang`), else the one the
    participant works in (the answer file's `language`, English when it has none)."""
    chosen = language or data.get("language")
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT


def module_title(module_id: str) -> str:
    try:
        m = curriculum.module(module_id)
    except KeyError:
        return module_id
    return _("Module {number}: {title}").format(number=m.number, title=m.title)


def module_link(module_id: str, base_url: str = "") -> str:
    """The module's name, linked when a base address for the notebooks is known. The notebook
    is the one in the report's language (a Spanish module lives in `notebooks/es/`)."""
    label = esc(module_title(module_id))
    try:
        notebook = PurePosixPath(curriculum.module(module_id).notebook)
    except KeyError:
        return label
    if base_url:
        inside = notebook.relative_to("notebooks") if notebook.parts[0] == "notebooks" \
            else PurePosixPath(notebook.name)
        return f"<a href=\"{esc(base_url + str(inside))}\">{label}</a>"
    return f"{label} <span class='muted'>({esc(notebook)})</span>"


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
    return [s for _weight, s in found[:top]]


class Report:
    """One participant's report, built from a validated answer file, in the current language."""

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
        kicker = esc(_("personal report"))
        title = _("Your reflections, {name}").format(name=who)
        pseudonym = _("Pseudonym: <b>{name}</b>").format(name=who)
        made = esc(_("Made on {date}").format(date=when(self.generated)))
        note = esc(_("This report is a reflection aid, not a diagnosis or an assessment. The "
                     "numbers describe how you answered on one day; they are prompts to think "
                     "and talk, nothing more. This is education, not therapy."))
        return (f"<div class='kicker'>Closer &middot; {kicker}</div><h1>{title}</h1>"
                f"<p class='meta'>{pseudonym} &middot; {made}</p><p class='note'>{note}</p>")

    def scores_html(self) -> str:
        return "".join(self._instrument_block(iid, results)
                       for iid, results in self.scores.items())

    def _instrument_block(self, iid: str, results) -> str:
        """One self-assessment's heading, chart and table in one `section`, which printing
        keeps on one page (report.css), so a heading never ends a page without its chart."""
        inst = instruments.get(iid)
        parts = [f"<h3>{esc(inst.title)}</h3>"]
        if all(r.score is None for r in results):
            text = _("Not enough answers to show scores for this self-assessment. You can "
                     "complete it in {module}.").format(
                module=module_link(inst.module, self.module_url))
            parts.append(f"<p class='muted'>{text}</p>")
        else:
            fig = charts.for_instrument(iid, results)
            parts.append(charts.to_html(fig, charts.alt_text(results)))
            parts.append(charts.score_table(results))
            missing = [r.label for r in results if r.score is None]
            if missing:
                text = _("Not enough answers for: {patterns}.").format(
                    patterns=", ".join(missing))
                parts.append(f"<p class='muted'>{esc(text)}</p>")
        return "<section class='closer-block'>" + "".join(parts) + "</section>"

    def next_steps_html(self) -> str:
        picks = suggestions(self.scores)
        if not picks:
            return "<p>" + esc(_("None of your patterns stood out strongly this time. You might "
                                 "pick the module you found most useful and revisit its "
                                 "exercise in a week or two.")) + "</p>"
        cards = []
        for s in picks:
            values = {"title": s.instrument.title, "score": i18n.number(s.result.score, 0)}
            kind = (_("({title}: {score}, room to grow)") if s.instrument.direction == "strength"
                    else _("({title}: {score}, stood out in your answers)")).format(**values)
            higher = _("A higher score means {meaning}.").format(meaning=s.subscale.higher_means)
            where = module_link(s.subscale.module or s.instrument.module, self.module_url)
            revisit = _("Revisit: {module}").format(module=where)
            cards.append(
                f"<div class='card'><h3>{esc(s.subscale.label)} <span class='muted'>"
                f"{esc(kind)}</span></h3><p class='muted'>{esc(higher)}</p>"
                f"<p>{esc(s.subscale.suggestion)}</p><p class='muted'>{revisit}</p></div>")
        return "".join(cards)

    def reflections_html(self) -> str:
        given = self.data.get("reflections", {})
        if not given:
            return "<p class='muted'>" + esc(_("You did not write any reflections.")) + "</p>"
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
            return "<p class='muted'>" + esc(_("No action plan yet. Module 08 helps you write "
                                               "one small, concrete step.")) + "</p>"
        return ("<table><tbody>" + "".join(
            f"<tr><th scope='row'>{esc(k)}</th><td class='reflection'>{esc(v)}</td></tr>"
            for k, v in rows) + "</tbody></table>")

    def help_html(self) -> str:
        """Where to talk things through, and the help lines of the participant's country (or
        where to find local help)."""
        talking = _("<b>Talking it through.</b> A counsellor of your own or your doctor can help "
                    "with anything this workshop stirred up; many areas have low-cost community "
                    "counselling. Couples counselling can help two people who both feel safe; it "
                    "is not recommended where there is abuse, fear or control, where specialist "
                    "help comes first.")
        unsafe = _("<b>If you do not feel safe</b>, or someone close to you frightens, hurts or "
                   "controls you, that is not your fault, and support is there now:")
        return (f"<ul><li>{talking}</li><li>{unsafe}</li></ul>"
                + resources.help_html(self.data.get("country")))

    def footer_html(self) -> str:
        return footer(FOOTER)

    # ---------------------------------------------------------------- display in a template
    def show(self, section: str) -> None:
        """Display a section under its heading (and introduction, if it has one)."""
        top = heading(SECTION_HEADINGS[section]) if section in SECTION_HEADINGS else ""
        display(HTML(top + getattr(self, f"{section}_html")()))


SECTION_HEADINGS = {
    "scores": (N_("Your self-assessments"),
               N_("Each chart shows a score from 0 to 100 for every pattern, with the words that "
                  "go with it. Under each score, a line says what a higher score means for that "
                  "pattern: for a habit that helps closeness, higher means more of the habit; "
                  "for a pattern that can get in the way, higher means more of that pattern. A "
                  "score describes how you answered on the day, and may look different next "
                  "month.")),
    "next_steps": (N_("What you might try next"),
                   N_("These are the patterns that stood out most in your answers, with one "
                      "small idea for each and the module that explores it. For a pattern that "
                      "can get in the way, a high score is what stands out; for a helpful habit, "
                      "a low score shows where there is room to grow. The table above says what "
                      "a higher score means for each one.")),
    "reflections": (N_("Your reflections"), None),
    "action_plan": (N_("Your action plan"), None),
    "help": (N_("Help and resources"), None),
}
FOOTER = N_("This report was made on your own device from your own answers. It is yours: keep it "
            "private, share it only if you want to, and delete it whenever you like. It is a "
            "reflection aid, not a diagnosis.")
