"""Executed report notebooks to one self-contained HTML file.

The page has no code, no prompts and nothing loaded from the network: images are embedded as
data URIs, the style sheet is inline, and a Content-Security-Policy forbids scripts and remote
loads, so even a text that slipped through escaping could not run or call out.
"""

from __future__ import annotations

import functools
import html

from workshop.reports import TEMPLATES_DIR

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")


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
    fragment, _ = exporter().from_notebook_node(nb)
    return fragment


def page(nb, title: str) -> str:
    """A complete, self-contained HTML document for one executed report notebook."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{stylesheet()}\n</style>\n</head>\n"
        f"<body>\n<main class=\"report\">\n{body(nb)}\n</main>\n</body>\n</html>\n"
    )


def esc(text) -> str:
    """Escape any value for HTML text and attributes: every report's free text goes through it."""
    return html.escape(str(text), quote=True)
