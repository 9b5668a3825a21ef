"""`reports.group`: only people who agreed are counted or quoted, small groups show only counts,
and nobody is named."""

from __future__ import annotations

import html
import re

import pytest
from report_helpers import (
    QUOTED,
    UNQUOTED,
    assert_escaped,
    cohort_run,
    make_answers,
    run_in_process,
    small_folder,
    text_of,
    words,
    write,
)

from workshop import instruments, scoring
from workshop.reports import group


@pytest.fixture
def run(tmp_path_factory):
    return cohort_run(tmp_path_factory)


@pytest.fixture
def small(tmp_path_factory):
    return small_folder(tmp_path_factory)


# ----------------------------------------------------------------------------- in the whole run

@pytest.mark.slow
def test_hostile_reflections_are_escaped_in_the_group_report(run):
    assert_escaped(run.group)


@pytest.mark.slow
def test_group_report_counts_only_consenting_people(run):
    text = text_of(run.group)
    assert re.search(r"\b12\s+took part\b", text)
    assert re.search(r"\b10\s+agreed to be counted\b", text)
    counted = [run.people[n] for n in QUOTED + UNQUOTED]
    inst = instruments.get("walls")
    sub = inst.subscales[0]
    scores = [r.score for d in counted for r in scoring.score_all(d)["walls"]
              if r.subscale == sub.id and r.score is not None]
    row = re.search(rf"<th scope=[\"']row[\"']>{re.escape(html.escape(sub.label))}</th>"
                    r"<td class=[\"']num[\"']>(\d+)</td><td class=[\"']num[\"']>(\d+)</td>",
                    run.group)
    assert row, sub.label
    assert int(row.group(1)) == len(scores)
    assert int(row.group(2)) == round(sum(scores) / len(scores))
    everyone = scores + [100.0, 100.0]  # the two non-consenting people answered 5 throughout
    assert round(sum(everyone) / len(everyone)) != round(sum(scores) / len(scores))


@pytest.mark.slow
def test_group_report_quotes_only_reflections_people_agreed_to_share(run):
    text = text_of(run.group)
    for name in QUOTED[1:]:
        assert words(name, "shared") in text
    for name in UNQUOTED:
        assert words(name, "kept") not in text
    assert words("quince-21", "unshared") not in text  # agreed to quotes, not to being counted
    assert words("rowan-22", "unshared") not in text


@pytest.mark.slow
def test_group_report_names_nobody(run):
    names = [*run.people, "sorrel-31", "tansy-32"]
    for name in names:
        assert name not in run.group
    assert "small step for" not in run.group  # action plans are never in the group report


@pytest.mark.slow
def test_alpha_appendix_with_ten_consenting(run):
    assert "Cronbach" in run.group


# ----------------------------------------------------------------------------- small groups

@pytest.mark.slow
def test_small_group_shows_only_counts(small, tmp_path, run_cli):
    """Through a real process, with the default --min-group-size of 5."""
    out = tmp_path / "out"
    proc = run_cli("reports", small, "--out", out, "--workers", "2", "-q")
    assert proc.returncode == 0, proc.stderr
    page = (out / "group.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "<img" not in page and "<table" not in page
    assert not re.search(r"\bmean\b", text, re.IGNORECASE) and "Cronbach" not in text
    assert re.search(r"\b10\s+took part\b", text) and re.search(r"\b4\s+agreed\b", text)
    assert "fewer than 5 participants" in text
    assert "words number" not in text
    for i in range(10):
        assert f"small-{i:02d}" not in page
    assert len(list((out / "participants").glob("*.html"))) == 10  # personal ones still made


@pytest.mark.slow
def test_smaller_minimum_shows_figures_for_the_same_group(small, tmp_path):
    out = tmp_path / "out"
    code, _, stderr, _ = run_in_process([str(small), "--out", str(out), "--workers", "2",
                                         "--min-group-size", "3", "-q"])
    assert code == 0, stderr
    page = (out / "group.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "<img" in page and "Mean" in text
    assert re.search(r"\b10\s+took part\b", text) and re.search(r"\b4\s+agreed\b", text)
    assert words("small-00") in text and words("small-01") in text
    assert words("small-02") not in text and words("small-05") not in text
    assert "Cronbach" not in text  # fewer than 10 counted
    for i in range(10):
        assert f"small-{i:02d}" not in page


def test_a_second_file_for_the_same_person_is_counted_once(tmp_path):
    folder = tmp_path / "answers"
    data = make_answers("alder-11")
    write(folder, data)
    write(folder, data, "alder-11-copy.json")
    g = group.GroupData.collect(folder)
    assert (g.took_part, g.consented, g.rejected) == (1, 1, 1)


# ----------------------------------------------------------------------------- sections, in process

SECTIONS = ("distributions", "patterns", "discussion", "reflections", "reliability")


def test_below_the_minimum_every_section_but_the_counts_is_empty():
    data = group.GroupData(took_part=7, consented=4, scores={("walls", "busyness"): [80.0] * 4},
                           reflections=[("walls-notice", "a quote", "en")])
    report = group.GroupReport(data, min_group_size=5, generated="2026-11-21")
    assert report.suppressed
    assert "<b>7</b> took part" in report.header_html()
    assert "fewer than 5 participants" in report.header_html()
    for section in SECTIONS:
        assert getattr(report, f"{section}_html")() == "", section


def test_a_pattern_with_too_few_scores_shows_no_figure_even_in_a_large_group():
    inst = instruments.get("walls")
    scores = {("walls", sub.id): [60.0, 70.0] for sub in inst.subscales}
    report = group.GroupReport(group.GroupData(took_part=6, consented=6, scores=scores), 5)
    assert not report.suppressed
    shown = report.distributions_html()
    every_pattern = sum(len(i.subscales) for i in instruments.load_all().values())
    assert shown.count("too few answers to show") == every_pattern  # walls too, with 2 each
    assert "<img" not in shown
    assert not [t for t in report.common_patterns() if t[1].id == "walls"]


def test_quoted_reflections_are_escaped():
    hostile = "<img src=x onerror=alert(1)>"
    data = group.GroupData(took_part=5, consented=5,
                           reflections=[("<b>where</b>-notice", hostile, "en")])
    shown = group.GroupReport(data, 5, seed=1).reflections_html()
    assert hostile not in shown and "<b>where" not in shown
    assert html.escape(hostile) in shown
