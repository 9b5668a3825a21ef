"""`reports.personal`: what a participant's report shows, only theirs, every text escaped."""

from __future__ import annotations

import datetime as _dt
import re

import pytest
from report_helpers import (
    HOSTILE,
    HOSTILE_NAME,
    HOSTILE_STEP,
    PARTIAL,
    assert_escaped,
    cohort_run,
    expected_rows,
    make_answers,
    number,
    run_in_process,
    score_rows,
    text_of,
    words,
    write,
)

from workshop import answers, instruments
from workshop.reports import handoff, personal, render


@pytest.fixture
def run(tmp_path_factory):
    return cohort_run(tmp_path_factory)


# ----------------------------------------------------------------------------- in the whole run

@pytest.mark.slow
def test_each_personal_report_shows_that_persons_scores(run):
    for name, data in run.people.items():
        rows = score_rows(run.personal(name))
        assert rows, name
        assert rows == expected_rows(data), name


@pytest.mark.slow
def test_personal_report_sections(run):
    today = render.when(_dt.date.today().isoformat())  # "21 November 2026"
    for name in ("birch-12", "quince-21"):
        page = run.personal(name)
        text = text_of(page)
        assert name in text and f"Made on {today}" in text
        assert "reflection aid, not a diagnosis" in text
        assert "What you might try next" in text and "Revisit: Module" in text
        assert "Help and resources" in text
        assert f"Closer report: {name}" in page
    assert words("birch-12", "shared") in text_of(run.personal("birch-12"))
    assert "a small step for birch-12" in text_of(run.personal("birch-12"))
    assert words("quince-21", "unshared") in text_of(run.personal("quince-21"))  # theirs


@pytest.mark.slow
def test_not_enough_answers_is_said_in_words(run):
    text = text_of(run.personal(PARTIAL))
    # walls (one item), connection, fears and safe-space have no score at all
    assert text.count("Not enough answers to show scores") == 4
    perf = instruments.get("perfectionism")
    missing = perf.subscales[1].label
    assert f"Not enough answers for: {missing}" in text
    assert (missing, "\u2013", "Not enough answers yet") in score_rows(run.personal(PARTIAL))


@pytest.mark.slow
def test_a_personal_report_holds_nobody_elses_data(run):
    for name in run.people:
        text = text_of(run.personal(name))
        for other in run.people:
            if other != name:
                assert other not in text
                assert f"words number {number(other)}" not in text


@pytest.mark.slow
def test_hostile_reflections_are_escaped_in_the_personal_report(run):
    page = run.personal(HOSTILE_NAME)
    assert_escaped(page)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # the action plan too


@pytest.mark.slow
def test_module_url_links_next_steps_back_to_their_module(tmp_path):
    folder = tmp_path / "answers"
    write(folder, make_answers("alder-12"))
    base = "https://binder.example/voila/render/notebooks/"
    code, _, _, _ = run_in_process([str(folder), "--out", str(tmp_path / "out"), "-q",
                                    "--module-url", base])
    page = (tmp_path / "out" / "participants" / "alder-12.html").read_text()
    assert code == 0
    links = re.findall(r'href="(https://binder\.example/[^"]+)"', page)
    assert links and all(link.startswith(base) and link.endswith(".ipynb") for link in links)


# ----------------------------------------------------------------------------- sections, in process

def test_free_text_is_escaped_in_every_section_that_shows_it():
    data = make_answers(HOSTILE_NAME, reflections=HOSTILE, plan={"step": HOSTILE_STEP})
    report = personal.Report(data, generated="2026-11-21")
    shown = report.reflections_html() + report.action_plan_html()
    for hostile in [*HOSTILE.values(), HOSTILE_STEP]:
        assert hostile not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in shown
    assert HOSTILE_NAME in report.header_html() and "21 November 2026" in report.header_html()


def test_empty_sections_say_so_kindly():
    report = personal.Report(make_answers("alder-11", only={}), generated="2026-11-21")
    assert "did not write any reflections" in report.reflections_html()
    assert "No action plan yet" in report.action_plan_html()
    assert "None of your patterns stood out strongly" in report.next_steps_html()


def test_module_link_names_the_notebook_or_links_to_it():
    plain = personal.module_link("walls")
    assert "Module 04" in plain and "notebooks/04-walls.ipynb" in plain and "<a " not in plain
    linked = personal.module_link("walls", "https://example.org/nb/")
    assert linked.startswith('<a href="https://example.org/nb/04-walls.ipynb">')
    assert personal.module_link("no-such-module") == "no-such-module"


def test_report_load_uses_the_provided_data_and_reads_the_file_only_without_it(
        tmp_path, monkeypatch):
    data = make_answers("alder-11")
    path = write(tmp_path, data)
    reads = []
    real_load = answers.load
    monkeypatch.setattr(answers, "load", lambda p: reads.append(p) or real_load(p))
    handoff.provide(path, data)
    try:
        assert personal.Report.load(path).data is data
        assert reads == []
    finally:
        handoff.provide(path, None)
    assert personal.Report.load(path).data == data  # forgotten: read from the file again
    assert reads == [path]
