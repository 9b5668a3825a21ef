"""`reports.render`: an executed report becomes one self-contained page with no code on it."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from report_helpers import Tags, assert_no_code, assert_self_contained, cohort_run, text_of

from workshop.reports import render


@pytest.fixture
def run(tmp_path_factory):
    return cohort_run(tmp_path_factory)


@pytest.mark.slow
def test_pages_are_self_contained_with_no_code(run):
    pages = [run.group] + [run.personal(n) for n in run.people]
    for page in pages:
        assert page.startswith("<!DOCTYPE html>")
        assert_self_contained(page)
        assert_no_code(page)
    assert "<img" in run.personal("birch-12")  # charts are there, embedded
    assert "<img" in run.group


def executed_notebook():
    """What a template looks like after it ran: Markdown, a hidden code cell and its output."""
    cell = new_code_cell("report = personal.Report.load(answers_path)\nreport.show('header')",
                         execution_count=1)
    cell.outputs = [new_output("display_data", data={"text/html": "<p>Shown to the reader</p>",
                                                     "text/plain": "<HTML object>"})]
    return new_notebook(cells=[new_markdown_cell("## Your reflections"), cell])


def test_page_keeps_outputs_and_markdown_and_drops_code_and_prompts():
    page = render.page(executed_notebook(), "Closer report: river-42")
    assert page.startswith("<!DOCTYPE html>")
    assert_self_contained(page)
    assert_no_code(page)
    text = text_of(page)
    assert "Your reflections" in text and "Shown to the reader" in text
    assert "answers_path" not in text and "[1]" not in text
    assert render.stylesheet() in page  # the style sheet is inline, not linked


def test_the_title_is_escaped():
    page = render.page(new_notebook(), "Closer report: <b>&")
    assert "<title>Closer report: &lt;b&gt;&amp;</title>" in page
    assert ("title", {}) in Tags(page).tags


def test_the_policy_forbids_scripts_and_remote_loads():
    rules = dict(rule.strip().split(" ", 1) for rule in render.CSP.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["img-src"] == "data:"
    assert "script-src" not in rules  # falls back to default-src 'none'
    assert rules["form-action"] == "'none'" and rules["base-uri"] == "'none'"


def test_one_exporter_is_reused():
    assert render.exporter() is render.exporter()
