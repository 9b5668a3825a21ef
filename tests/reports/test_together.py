"""`reports.together`: the couple's conversation report compares only what both partners shared,
shows both numbers with what a higher score means, escapes everything, and plans one talk."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from report_helpers import (
    HOSTILE,
    Tags,
    assert_escaped,
    assert_no_code,
    assert_self_contained,
    make_answers,
    once,
    text_of,
)

from workshop import instruments, resources, scoring, share
from workshop.reports import TOGETHER_TEMPLATE, build, handoff, together

WALLS, FEARS, CONNECTION = (instruments.get(i) for i in ("walls", "fears", "connection"))


def partner(name: str, chosen: list[str], reflections: dict | None = None, *,
            fixed: int | None = None, only: dict | None = None, **extra) -> dict:
    """A partner share made the way a participant makes one, from a full answer file."""
    data = make_answers(name, reflections=reflections, fixed=fixed, only=only)
    data.update(extra)
    return share.make(data, "partner", chosen, list(reflections or {}))


def everything(inst) -> dict:
    return {inst.id: [i.id for i in inst.items]}


@pytest.fixture
def matrix(tmp_path_factory):
    """A shares walls and fears (and three hostile reflections); B shares walls and connection.
    The page is made once, through the builder, as `workshop together` makes it."""
    def make():
        folder = tmp_path_factory.mktemp("together")
        a = partner("alder-11", ["walls", "fears"], dict(HOSTILE))
        b = partner("birch-12", ["walls", "connection"], {"walls-notice": "birch words"})
        paths = share.write(a, folder / "a.json"), share.write(b, folder / "b.json")
        return a, b, build.together_html(*paths, generated="2026-11-21")
    return once("together-matrix", make)


# ----------------------------------------------------------------------------- the whole page

def test_only_the_self_assessment_both_shared_appears(matrix):
    a, b, page = matrix
    assert WALLS.title in page
    for inst in (FEARS, CONNECTION):
        assert inst.title not in page
        for sub in inst.subscales:
            assert html.escape(sub.label) not in page and sub.label not in text_of(page)
        for item in inst.items:
            assert html.escape(item.text) not in page


def test_both_numbers_and_what_a_higher_score_means_for_every_pattern(matrix):
    a, b, page = matrix
    ra = scoring.score(WALLS, a["instruments"]["walls"])
    rb = scoring.score(WALLS, b["instruments"]["walls"])
    # the section as the report writes it: a captioned table, one row per pattern
    section = together.TogetherReport(a, b).scores_html()
    table = re.search(r"<table class='closer-pair'><caption>(.*?)</caption>(.*?)</table>",
                      section, re.DOTALL)
    assert table and "alder-11" in table.group(1) and "birch-12" in table.group(1)
    head = re.search(r"<thead>(.*?)</thead>", table.group(2)).group(1)
    assert re.findall(r"<th scope='col'[^>]*>(.*?)</th>", head) == ["Pattern", "alder-11",
                                                                     "birch-12"]
    rows = re.findall(r"<tr><th scope='row'>(.*?)<br><span[^>]*>A higher score means (.*?)\."
                      r"</span></th><td class='num'>(.*?)</td><td class='num'>(.*?)</td></tr>",
                      table.group(2))
    expected = [(html.escape(sub.label), html.escape(sub.higher_means), scoring_text(x),
                 scoring_text(y)) for sub, x, y in zip(WALLS.subscales, ra, rb)]
    assert rows == expected
    # and the same on the exported page, in reading order
    text = " ".join(text_of(page).split())
    for sub, x, y in zip(WALLS.subscales, ra, rb):
        assert (f"{sub.label} A higher score means {sub.higher_means}. {scoring_text(x)} "
                f"{scoring_text(y)}") in text
    alt = next(html.unescape(attrs["alt"]) for tag, attrs in Tags(page).tags if tag == "img")
    for x, y in zip(ra, rb):
        assert f"{x.label}: alder-11 {scoring_text(x)}, birch-12 {scoring_text(y)}" in alt


def scoring_text(result) -> str:
    return "not enough answers" if result.score is None else f"{result.score:.0f}"


def test_hostile_reflections_are_escaped_and_attributed(matrix):
    a, b, page = matrix
    assert_escaped(page)
    text = text_of(page)
    assert "alder-11 chose to share" in text and "birch-12 chose to share" in text
    assert re.search(r"birch-12, in module 04, [^:]+:\s+birch words", text)


def test_the_page_is_self_contained_with_no_code_and_a_heading_outline(matrix):
    page = matrix[2]
    assert_self_contained(page)
    assert_no_code(page)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    levels = [int(t[1]) for t, _ in Tags(page).tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels  # no level skipped
    h2 = [html.unescape(m) for m in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]
    assert h2 == ["Your scores side by side", "Where you see things alike",
                  "Where you see things differently", "Statements you answered differently",
                  "In your own words", "A plan for a 20 to 30 minute conversation",
                  "If you need support"]
    assert re.search(r"<h2 id=[\"']help[\"']>", page)
    assert re.search(r"href=[\"']#help[\"']", page)


def test_the_page_says_it_is_education_and_only_where_both_feel_safe(matrix):
    text = " ".join(text_of(matrix[2]).split())
    assert "This is education, not therapy." in text
    assert "meant for two people who feel safe with each other and free to say no" in text
    assert "neither set of answers is the right one" in text
    assert resources.help_text(None).split(".")[0] in text or "Find A Helpline" in text
    assert "Couples counselling is not recommended where there is abuse, fear or control" in text


def test_each_share_file_is_read_once_and_forgotten(tmp_path, monkeypatch):
    a = partner("alder-11", ["walls"])
    b = partner("birch-12", ["walls"])
    paths = share.write(a, tmp_path / "a.json"), share.write(b, tmp_path / "b.json")
    loads = []
    real = share.load

    def counting(p):
        loads.append(Path(p))
        return real(p)

    monkeypatch.setattr(share, "load", counting)
    page = build.together_html(*paths)
    assert "alder-11" in page
    assert loads == list(paths)
    assert handoff.pending() == {}


def test_the_builder_refuses_a_pair_by_file_name(tmp_path):
    a = share.write(partner("alder-11", ["walls"]), tmp_path / "a.json")
    f = share.write(share.make(make_answers("birch-12"), "facilitator", ["walls"], []),
                    tmp_path / "f.json")
    with pytest.raises(share.ShareError, match=re.escape(f"{f} is a share file for the "
                                                         "facilitator")):
        build.together_html(a, f)
    with pytest.raises(share.ShareError, match="both share files come from 'alder-11'"):
        build.together_html(a, a)


def test_the_template_has_exactly_these_parameters():
    nb = nbformat.read(TOGETHER_TEMPLATE, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert set(re.findall(r"^(\w+)\s*=", tagged[0].source, re.MULTILINE)) == {
        "share_a", "share_b", "generated", "lang", "language"}


# ----------------------------------------------------------------------------- sections

def report(a: dict, b: dict, **kwargs) -> together.TogetherReport:
    return together.TogetherReport(a, b, generated="2026-11-21", **kwargs)


def test_far_apart_answers_are_seen_differently_never_as_who_is_right():
    r = report(partner("alder-11", ["walls"], fixed=1), partner("birch-12", ["walls"], fixed=5))
    differently = r.differently_html()
    for sub in WALLS.subscales:
        assert f"<b>{html.escape(sub.label)}</b>" in differently
    assert re.search(r"alder-11 \d+, birch-12 \d+, \d+ points apart", differently)
    assert "None of the patterns you both shared are within 15 points" in r.alike_html()
    heading = together.SECTION_HEADINGS["differently"][1]
    assert "neither score is the right one" in heading and "not a case to win" in heading
    for word in ("wrong", "better", "worse", "should"):
        assert word not in text_of(differently).lower()


def test_close_answers_are_seen_alike():
    r = report(partner("alder-11", ["walls"], fixed=3), partner("birch-12", ["walls"], fixed=3))
    alike = r.alike_html()
    assert all(f"<b>{html.escape(s.label)}</b>" in alike for s in WALLS.subscales)
    assert "15 points or more apart this time" in r.differently_html()
    assert "No statement was answered 2 or more points apart" in r.statements_html()


def test_the_threshold_is_fifteen_points():
    """Two walls subscales of four items: one answer moved by 2 points moves the score by 12.5;
    by 3 points (two answers) by 18.75."""
    sub = next(s for s in WALLS.subscales if len(WALLS.items_of(s.id)) == 4)
    items = [i for i in WALLS.items_of(sub.id)]
    base = {i.id: 3 for i in items}
    near = dict(base, **{items[0].id: 5})
    far = dict(base, **{items[0].id: 5, items[1].id: 4})
    only = {"walls": [i.id for i in items]}

    def with_answers(name, answers_):
        s = partner(name, ["walls"], only=only)
        s["instruments"]["walls"] = answers_
        return s

    a = with_answers("alder-11", base)
    assert f"<b>{html.escape(sub.label)}</b>" in report(a, with_answers("birch-12", near)) \
        .alike_html()
    assert f"<b>{html.escape(sub.label)}</b>" in report(a, with_answers("birch-12", far)) \
        .differently_html()


def test_statements_two_points_apart_are_shown_in_words_widest_first():
    r = report(partner("alder-11", ["walls"], fixed=1), partner("birch-12", ["walls"], fixed=5))
    page = r.statements_html()
    rows = re.findall(r"<tr><th scope='row'[^>]*>(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>",
                      page)
    assert len(rows) == together.MAX_STATEMENTS
    assert rows[0] == (html.escape(WALLS.items[0].text), "Never (1 of 5)",
                       "Almost always (5 of 5)")
    more = len(WALLS.items) - together.MAX_STATEMENTS
    assert f"{more} more statements differ by 2 points or more" in page


def test_a_one_point_difference_is_not_a_statement_to_show():
    a = partner("alder-11", ["walls"], fixed=2)
    b = partner("birch-12", ["walls"], fixed=3)
    assert "<tr>" not in report(a, b).statements_html()


def test_with_no_self_assessment_in_common_only_reflections_and_the_plan_remain():
    r = report(partner("alder-11", ["walls"], {"walls-notice": "a words"}),
               partner("birch-12", ["fears"]))
    assert "did not both share the same self-assessment" in r.scores_html()
    assert r.alike_html() == r.differently_html() == r.statements_html() == ""
    assert "a words" in r.reflections_html()
    assert "birch-12 did not share a reflection this time" in r.reflections_html()
    assert "one of the reflections above" in r.plan_html()
    assert WALLS.title not in r.header_html() + r.scores_html()


def test_the_plan_uses_speaker_and_listener_turns_and_a_break():
    r = report(partner("alder-11", ["walls"], fixed=3), partner("birch-12", ["walls"], fixed=3))
    plan = text_of(r.plan_html())
    for words in ("20 to 30 minutes", "speaker", "listener paraphrases", "Swap",
                  "Agree one small thing", "pause signal", "flooded", "twenty minutes",
                  "not the right tool", "module 07"):
        assert words in plan, words
    first = html.unescape(re.search(r"such as <b>(.*?)</b>", r.plan_html()).group(1))
    assert first in {s.label for s in WALLS.subscales}


def test_help_lines_follow_the_partners_countries():
    r = report(partner("alder-11", ["walls"], country="GB"),
               partner("birch-12", ["walls"], country="IE"))
    assert resources.safety_html("GB") in r.help_html()
    assert resources.help_html("IE") in r.help_html()
    general = report(partner("alder-11", ["walls"]), partner("birch-12", ["walls"])).help_html()
    assert resources.safety_html(None) in general


def test_partners_in_different_languages_get_english_with_a_note():
    a = partner("alder-11", ["walls"], {"walls-notice": "me siento sola"}, language="es")
    b = partner("birch-12", ["walls"])
    assert together.language_for(a, b) == "en"
    mixed = report(a, b)
    assert "You work in different languages" in mixed.header_html()
    assert "<blockquote lang='es'>me siento sola</blockquote>" in mixed.reflections_html()
    # asked for a language: no note, whatever the partners work in
    assert together.language_for(b, a, "es") == "es"
    assert "different languages" not in report(b, a, lang="en").header_html()
    assert "different languages" not in report(b, partner("cedar-13", ["walls"])).header_html()
    assert together.REPORT_LANGUAGES == ("en", "es")


def test_the_report_itself_refuses_a_facilitator_share():
    a = partner("alder-11", ["walls"])
    f = share.make(make_answers("birch-12"), "facilitator", ["walls"], [])
    with pytest.raises(share.ShareError):
        together.TogetherReport(a, f)
