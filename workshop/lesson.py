"""The top and bottom of every module notebook, rendered from the curriculum manifest."""

from __future__ import annotations

import html
from pathlib import Path

from IPython.display import HTML, display

from workshop import agenda, curriculum, i18n
from workshop.i18n import _

STYLE = """
<style>
.closer-header, .closer-footer {font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
  line-height: 1.5; color: #222; max-width: 52rem;}
.closer-header h1 {font-size: 1.9rem; margin: 0.2rem 0 0.4rem;}
.closer-header .closer-kicker {text-transform: uppercase; letter-spacing: .06em; color: #0072B2;
  font-weight: 600; font-size: .85rem;}
.closer-header .closer-summary {font-size: 1.1rem; color: #333;}
.closer-meta {display: inline-block; background: #EEF5FB; border-radius: 6px; padding: .2rem .6rem;
  font-size: .9rem; color: #134;}
.closer-card-box {border: 1px solid #D8E3EC; border-radius: 10px; padding: .6rem 1rem;
  background: #FAFCFE; margin: .6rem 0;}
.closer-exercise {border: 1px solid #D8E3EC; border-radius: 10px; padding: 10px 14px !important;
  background: #FCFDFE; margin: 8px 0 !important; box-sizing: border-box;}
.closer-exercise p, .closer-exercise li {line-height: 1.45; font-size: 15px;}
.closer-h {margin: 4px 0 6px; color: #0B3C5D;}
.closer-item {border-bottom: 1px solid #EEF2F5; padding: 6px 0 !important;}
.closer-item .widget-html-content, .closer-exercise .widget-html-content,
.closer-bar .widget-html-content {white-space: normal;
  line-height: 1.45;}
.closer-scale .widget-toggle-button {min-width: 6.5em; margin: 2px !important;}
.widget-button {min-width: fit-content;}
.closer-exercise .widget-toggle-button.mod-active {background: #0072B2; color: #FFF;}
.closer-num {color: #0072B2; font-weight: 700;}
.closer-ok {color: #006B4E; font-weight: 600;}
.closer-warn {color: #A03800; font-weight: 600;}
.closer-muted {color: #555;}
.closer-good {background: #E8F6F0; border-left: 4px solid #009E73; padding: 6px 10px;
  margin: 4px 0;}
.closer-tip {background: #FFF6E5; border-left: 4px solid #E69F00; padding: 6px 10px; margin: 4px 0;}
.closer-note {background: #EEF5FB; border-left: 4px solid #56B4E9; padding: 6px 10px;}
.closer-question {font-size: 1.3rem; padding: 14px; background: #FFF; border: 2px dashed #56B4E9;
  border-radius: 10px; text-align: center;}
.closer-scores {border-collapse: collapse; margin: 6px 0; font-size: 15px;}
.closer-scores th, .closer-scores td {border-bottom: 1px solid #DDD; padding: 4px 10px;
  text-align: left;}
.closer-scores td.num {text-align: right; font-weight: 700;}
.closer-download {display: inline-block; background: #0072B2; color: #FFF !important;
  padding: 6px 12px; border-radius: 6px; text-decoration: none; font-weight: 600;}
.closer-reflect {background: #FFFDF6;}
.closer-options {margin: 4px 0 4px 1rem;}
.closer-feedback li {margin: 4px 0; list-style: none;}
.closer-choices {border: 0; margin: 4px 0; padding: 0; min-width: 0;}
.closer-choices legend {padding: 0; margin-bottom: 4px; line-height: 1.45; font-size: 15px;}
.closer-choice-row {display: flex; flex-wrap: wrap; gap: 4px;}
.closer-choice {display: inline-flex; align-items: center; gap: 6px; min-height: 32px;
  padding: 4px 12px; border: 1px solid #6B8599; border-radius: 16px; cursor: pointer;
  background: #FFF; color: #1A1A1A; font-size: 15px; box-sizing: border-box;}
.closer-choice input {width: 18px; height: 18px; margin: 0; accent-color: #005A8C;}
.closer-choice:has(input:checked) {background: #005A8C; color: #FFF; border-color: #005A8C;}
.closer-choice:focus-within, .closer-textbox textarea:focus-visible,
.jupyter-widgets button:focus-visible, .jupyter-widgets input:focus-visible,
.jupyter-widgets select:focus-visible, .closer-download:focus-visible,
.closer-help-details summary:focus-visible, .jp-Notebook a:focus-visible,
.closer-bar a:focus-visible {outline: 3px solid #B35C00 !important;
  outline-offset: 2px;}
.closer-quiz-choice .closer-choice-row {flex-direction: column;}
.closer-quiz-choice .closer-choice {border-radius: 8px; width: 100%; align-items: flex-start;}
.closer-textbox label {display: block; margin: 4px 0; line-height: 1.45; font-size: 15px;}
.closer-textbox textarea {width: 100%; box-sizing: border-box; font: inherit; font-size: 15px;
  padding: 6px 8px; border: 1px solid #6B8599; border-radius: 6px;}
.closer-tick .widget-label-basic, .closer-tick label {white-space: normal; line-height: 1.45;
  font-size: 15px; min-height: 24px;}
.closer-tick input[type=checkbox] {width: 24px; height: 24px; flex: none;}
.closer-safety-note, .closer-safety, .closer-help {background: #FFF3F0;
  border-left: 4px solid #B33A1F; padding: 8px 12px; margin: 6px 0; line-height: 1.45;}
.closer-help-details summary {cursor: pointer; font-weight: 600; min-height: 24px;}
.closer-safety table, .closer-help table {border-collapse: collapse; width: 100%;}
.closer-safety th, .closer-safety td {border-bottom: 1px solid #E3C9C2; padding: 4px 8px;
  text-align: left; vertical-align: top;}
.jupyter-widgets button {min-height: 32px;}
.closer-footer a, .closer-header a, .closer-exercise a {text-decoration: underline !important;}
.closer-exercise, .closer-bar, .closer-item {overflow: visible !important;}
@media (max-width: 600px) {
  .closer-header h1 {font-size: 1.5rem;}
  .closer-exercise {padding: 8px !important;}
  .closer-scores th, .closer-scores td {padding: 4px 6px;}
  .widget-hbox {flex-wrap: wrap;}
}
</style>
"""

_styled = False


def _esc(text: str) -> str:
    return html.escape(text)


def header(module_id: str, language: str = "en") -> None:
    """Title, why, objectives and minutes from the manifest, then who is answering. The header
    also sets the page's language: a Spanish notebook calls `lesson.header("walls", "es")` and
    every exercise below it speaks Spanish."""
    global _styled
    i18n.use(language)
    m = curriculum.module(module_id)
    objectives = "".join(f"<li>{_esc(o)}</li>" for o in m.objectives)
    minutes = _("About {minutes} minutes: {reading} reading, {exercises} exercises").format(
        minutes=m.minutes, reading=m.teaching_minutes, exercises=m.exercise_minutes)
    kicker = _("Module {number}").format(number=m.number)
    will = _("In this module you will")
    body = (
        f"{STYLE if not _styled else ''}<div class='closer-header' lang='{language}'>"
        f"<div class='closer-kicker'>Closer &middot; {_esc(kicker)}</div>"
        f"<h1>{_esc(m.title)}</h1><p class='closer-summary'>{_esc(m.summary)}</p>"
        f"<p><span class='closer-meta'>{_esc(minutes)}</span></p>"
        f"<div class='closer-card-box'><b>{_esc(will)}</b><ul>{objectives}</ul></div></div>"
    )
    _styled = True
    display(HTML(body))
    from workshop.exercises import panel

    panel.new_page()
    if module_id != "welcome":
        panel.participant_bar()


def safety() -> None:
    """The safety caveat, shown right where a page asks someone to open up, share or take a risk:
    for relationships where they feel safe, the signs of control, and where help is."""
    from workshop import exercises

    display(exercises.safety_note())


def footer(module_id: str) -> None:
    """Key points from the manifest and a link to the next module (in the same language)."""
    m = curriculum.module(module_id)
    points = "".join(f"<li>{_esc(p)}</li>" for p in m.key_points)
    nxt = curriculum.next_module(module_id)
    reached = _("You have reached the end of the workshop.")
    thanks = _("Thank you for taking part.")
    end = f"<b>{_esc(reached)}</b> {_esc(thanks)}"
    if nxt is None:
        link = f"<p>{end}</p>"
    else:
        name = _("Module {number}: {title}").format(number=nxt.number, title=nxt.title)
        target = f"<a href='{_esc(Path(nxt.notebook).name)}'>{_esc(name)}</a>"
        if nxt.id in agenda.AT_HOME:
            optional = _("Optional, at home, only for couples who both feel safe and free to "
                         "choose:")
            link = f"<p>{end} <i>{_esc(optional)}</i> {target}</p>"
        else:
            following = _("Next:")
            link = f"<p><b>{_esc(following)}</b> {target}</p>"
    heading = _("Key points")
    display(HTML(f"{'' if _styled else STYLE}<div class='closer-footer closer-card-box' "
                 f"lang='{i18n.current()}'><h3>{_esc(heading)}</h3><ul>{points}</ul>"
                 f"{link}</div>"))
