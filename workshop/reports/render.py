"""Executed report notebooks to one self-contained HTML file, in the report's language.

The page has no code, no prompts and nothing loaded from the network: images are embedded as
data URIs, the style sheet is inline, and a Content-Security-Policy forbids scripts and remote
loads, so even a text that slipped through escaping could not run or call out.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html

from workshop import i18n
from workshop.i18n import _
from workshop.reports import TEMPLATES_DIR

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")
DATE_LOCALES = {"en": "en_GB"}  # the workshop writes UK English: "21 November 2026"


@functools.cache
def exporter():
    """One reused in-process HTML exporter (far cheaper than `jupyter nbconvert` per file)."""
    from nbconvert import HTMLExporter

    exp = HTMLExporter(template_name="basic")
    exp.exclude_input = True
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    exp.exclude_raw = True
    exp.anchor_link_text = ""
    return exp


@functools.cache
def stylesheet() -> str:
    return (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")


def body(nb) -> str:
    """The notebook's outputs and Markdown as an HTML fragment."""
    fragment, _resources = exporter().from_notebook_node(nb)
    return fragment


def page(nb, title: str, language: str | None = None) -> str:
    """A complete, self-contained HTML document for one executed report notebook; `lang` is
    the report's language (default: the current one), so screen readers pronounce it right."""
    lang = i18n.check(language or i18n.current())
    return (
        f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{stylesheet()}\n</style>\n</head>\n"
        f"<body>\n<main class=\"report\">\n{body(nb)}\n</main>\n</body>\n</html>\n"
    )


def esc(text) -> str:
    """Escape any value for HTML text and attributes: every report's free text goes through it."""
    return html.escape(str(text), quote=True)


def when(day: str) -> str:
    """An ISO date ("2026-11-21") as people read it in the current language ("21 November
    2026", "21 de noviembre de 2026"); anything else is shown as given."""
    from babel.dates import format_date

    try:
        date = _dt.date.fromisoformat(day)
    except (TypeError, ValueError):
        return str(day)
    language = i18n.current()
    return format_date(date, format="long", locale=DATE_LOCALES.get(language, language))


def heading(section: tuple[str, str | None], anchor: str = "", **values) -> str:
    """A section's heading and optional introduction, translated now (they are marked with
    `N_` where they are defined, before the report's language is known). `values` fill the
    introduction's placeholders."""
    title, intro = section
    attr = f" id='{esc(anchor)}'" if anchor else ""
    text = f"<h2{attr}>" + esc(_(title)) + "</h2>"
    if intro:
        text += "<p>" + esc(_(intro).format(**values)) + "</p>"
    return text


def footer(note: str) -> str:
    """The closing line under a rule, as the templates' Markdown footers used to look."""
    return "<hr><p><em>" + esc(_(note)) + "</em></p>"
