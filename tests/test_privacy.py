"""Privacy rules, one by one. Each test is written so that breaking its rule makes it fail.

- no pseudonym in the group report;
- a participant without consent appears nowhere in it, not even in a subgroup's count: the group
  report with and without them is the same apart from the took-part count and the date;
- no figure from fewer people than the minimum group size;
- reflections are quoted only with consent, and escaped;
- personal reports, score tables and answer files are mode 0600 (folders 0700);
- erasing leaves no copy of the answers behind: backup, damaged copies, lock, temporaries.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import random
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import answers, instruments, session
from workshop.cli import main
from workshop.reports import group, personal, render

SECTIONS = ("header", "distributions", "patterns", "discussion", "reflections", "reliability")
HOSTILE = "<script>alert('quoted')</script> & <img src=x onerror=alert(1)>"
OUTSIDER = "yak-outsider-99"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def person(name: str, *, consent: bool = True, quote: bool = False, fixed: int | None = None,
           skip: tuple[str, ...] = (), reflection: str | None = None) -> dict:
    """A valid answer file; answers are seeded by the name, `skip` leaves instruments out."""
    rng = random.Random(name)
    data = answers.new(name)
    data["consent"] = {"group_report": consent, "reflections_in_group_report": quote}
    for iid, inst in instruments.load_all().items():
        if iid in skip:
            continue
        data["instruments"][iid] = {i.id: fixed if fixed is not None else
                                    rng.randint(inst.min, inst.max) for i in inst.items}
    if reflection is not None:
        data["reflections"]["walls-notice"] = reflection
    return answers.validate(data)


def write(folder: Path, *people: dict) -> Path:
    for data in people:
        answers.save(data, folder / f"{data['participant']}.json")
    return folder


def sections(report: group.GroupReport) -> dict[str, str]:
    return {name: getattr(report, f"{name}_html")() for name in SECTIONS}


def cohort(skip_walls_for: int = 2, consenting: int = 6) -> list[dict]:
    """Consenting people; the first `skip_walls_for` never answered the walls self-assessment,
    so with the defaults only 4 consenting people have walls scores: below a minimum of 5."""
    people = [person(f"zebra-pseudonym-{n:02d}", skip=("walls",) if n < skip_walls_for else ())
              for n in range(consenting)]
    people[-1]["consent"]["reflections_in_group_report"] = True
    people[-1]["reflections"]["walls-notice"] = HOSTILE
    return people


def outsider() -> dict:
    """Answers everything at the top of the scale, agreed to quotes but not to being counted."""
    return person(OUTSIDER, consent=False, quote=True, fixed=5,
                  reflection="OUTSIDER-SECRET words that must never be quoted")


def normalise(page: str, took_part: int, generated: str) -> str:
    """Blank the two things allowed to differ: how many took part, and the date (and the random
    ids papermill gives the cell it injects, which are no content)."""
    page, n = re.subn(rf"<b>{took_part}</b>(\s*)took part", r"<b>N</b>\1took part", page)
    assert n == 1, "the took-part count is not where expected"
    generated = render.when(generated)  # as the page shows it: "1 January 2026"
    assert generated in page
    page = re.sub(r"cell-id=[0-9a-zA-Z-]+", "cell-id=ID", page)
    return page.replace(generated, "DATE")


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", " ", fragment))


# ----------------------------------------------------------------------------- consent

@pytest.mark.slow
def test_a_participant_without_consent_changes_nothing_but_the_took_part_count(tmp_path):
    people = cohort()
    without = write(tmp_path / "without", *people)
    with_ = write(tmp_path / "with", *people, outsider())
    g_without, g_with = group.GroupData.collect(without), group.GroupData.collect(with_)

    assert g_with.took_part == g_without.took_part + 1
    for field in ("consented", "rejected", "scores", "answer_sets", "reflections"):
        assert getattr(g_with, field) == getattr(g_without, field), field

    a = sections(group.GroupReport(g_without, 5, generated="2026-01-01", seed=0))
    b = sections(group.GroupReport(g_with, 5, generated="2026-01-02", seed=0))
    a["header"] = normalise(a["header"], g_without.took_part, "2026-01-01")
    b["header"] = normalise(b["header"], g_with.took_part, "2026-01-02")
    assert a == b
    page = "".join(b.values())
    assert "OUTSIDER-SECRET" not in page and OUTSIDER not in page
    # not even in a subgroup: walls has 4 consenting scores, and stays hidden with the outsider's
    walls = instruments.get("walls")
    for sub in walls.subscales:
        assert len(g_with.scores.get(("walls", sub.id), [])) == 4
    assert page.count("too few answers to show") >= len(walls.subscales)


def test_the_took_part_count_is_the_only_number_that_includes_everyone(tmp_path):
    folder = write(tmp_path / "a", *cohort(), outsider())
    header = group.GroupReport(group.GroupData.collect(folder), 5, generated="x").header_html()
    assert "<b>7</b> took part" in header and "<b>6</b> agreed to be counted" in header


# ----------------------------------------------------------------------------- no pseudonyms

def test_no_pseudonym_appears_in_any_section_of_the_group_report(tmp_path):
    people = cohort(skip_walls_for=0, consenting=12)
    folder = write(tmp_path / "a", *people, outsider())
    report = group.GroupReport(group.GroupData.collect(folder), 5, generated="2026-01-01", seed=1)
    page = "".join(sections(report).values())
    assert "<img" in page and "Cronbach" in page  # control: the figures are there
    for data in [*people, outsider()]:
        assert data["participant"] not in page
    assert "zebra-pseudonym" not in page


# ----------------------------------------------------------------------------- minimum group size

def test_below_the_minimum_only_the_two_counts_are_shown(tmp_path):
    folder = write(tmp_path / "a", *cohort(skip_walls_for=0, consenting=4), outsider())
    report = group.GroupReport(group.GroupData.collect(folder), 5, generated="2026-01-01")
    parts = sections(report)
    assert report.suppressed
    assert all(parts[name] == "" for name in SECTIONS if name != "header")
    numbers = re.findall(r"\d+", text_of(parts["header"]).replace(render.when("2026-01-01"), ""))
    assert sorted(numbers) == ["4", "5", "5"]  # 5 took part, 4 counted, "fewer than 5"


def test_a_pattern_answered_by_fewer_than_the_minimum_shows_no_figure(tmp_path):
    folder = write(tmp_path / "a", *cohort())  # 6 counted; only 4 answered walls
    report = group.GroupReport(group.GroupData.collect(folder), 5, generated="x", seed=0)
    walls = instruments.get("walls")
    table = report.distributions_html()
    for sub in walls.subscales:
        row = re.search(rf"<th scope='row'>{re.escape(group.esc(sub.label))}</th>(.*?)</tr>",
                        table)
        assert row and "too few answers to show" in row.group(1), sub.label
        assert not re.search(r"\d", text_of(row.group(1))), row.group(1)
    assert all(inst.id != "walls" for _, inst, _ in report.common_patterns())
    # control: a pattern everyone answered does show its figures
    other = instruments.get("fears").subscales[0]
    row = re.search(rf"<th scope='row'>{re.escape(group.esc(other.label))}</th>"
                    r"<td class='num'>(\d+)</td>", table)
    assert row and row.group(1) == "6"


def test_the_reliability_appendix_respects_a_larger_minimum(tmp_path):
    # 12 counted with a minimum of 12; walls was answered by only 10 of them
    folder = write(tmp_path / "a", *cohort(skip_walls_for=2, consenting=12))
    report = group.GroupReport(group.GroupData.collect(folder), 12, generated="x")
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td class='num'>\d+</td>"
                      r"<td class='num'>([^<]*)</td><td class='num'>([^<]*)</td></tr>",
                      report.reliability_html())
    assert rows
    walls_title = instruments.get("walls").title
    for title, _label, count, alpha in rows:
        if html.unescape(title) == walls_title:
            assert (count, alpha) == ("&lt;12", "&ndash;")
        else:
            assert count == "12"


# ----------------------------------------------------------------------------- reflections

def test_reflections_are_quoted_only_with_both_consents(tmp_path):
    people = [person(f"quote-{g}-{q}".lower(), consent=g, quote=q,
                     reflection=f"words of {g} and {q}")
              for g in (True, False) for q in (True, False)]
    people += [person(f"filler-{n}") for n in range(5)]  # enough people to show figures
    report = group.GroupReport(group.GroupData.collect(write(tmp_path / "a", *people)), 5,
                               generated="x", seed=0)
    assert [text for _, text, _ in report.g.reflections] == ["words of True and True"]
    quoted = report.reflections_html()
    assert "words of True and True" in quoted
    for other in ("words of True and False", "words of False and True",
                  "words of False and False"):
        assert other not in quoted


def test_quoted_reflections_are_escaped(tmp_path):
    folder = write(tmp_path / "a", *cohort())
    quoted = group.GroupReport(group.GroupData.collect(folder), 5, generated="x",
                               seed=0).reflections_html()
    assert "&lt;script&gt;alert(&#x27;quoted&#x27;)&lt;/script&gt; &amp; &lt;img" in quoted
    assert "<script" not in quoted and "<img" not in quoted


def test_the_personal_report_escapes_what_the_participant_wrote():
    data = person("river-42", reflection=HOSTILE)
    data["exercises"]["action-plan"] = {"step": HOSTILE, "when": "<b>now</b>"}
    report = personal.Report(data, generated="x")
    page = report.reflections_html() + report.action_plan_html()
    assert page.count("&lt;script&gt;") == 2 and "&lt;b&gt;now&lt;/b&gt;" in page
    assert "<script" not in page and "<img" not in page and "<b>now" not in page


# ----------------------------------------------------------------------------- file modes

@pytest.fixture
def open_umask():
    """As if the participant's system created files readable by everyone."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_answer_files_are_private_even_with_an_open_umask(tmp_path, open_umask):
    folder = tmp_path / "answers"
    s = session.Session(folder)
    s.choose("river-42")
    s.set("instruments", "walls", "walls-01", 3)
    s.set("instruments", "walls", "walls-02", 4)
    assert mode(folder) == 0o700
    for name in ("river-42.json", "river-42.json.bak", ".river-42.json.lock", ".current"):
        assert mode(folder / name) == 0o600, name


def test_a_damaged_copy_kept_aside_is_private(tmp_path, open_umask):
    folder = tmp_path / "answers"
    session.Session(folder).choose("river-42")
    path = folder / "river-42.json"
    path.write_bytes(b"{ damaged by another program")
    os.chmod(path, 0o644)
    s = session.Session(folder)
    assert s.damaged is not None and mode(s.damaged) == 0o600


def test_a_score_table_replacing_a_readable_one_is_private(tmp_path, capsys):
    folder = write(tmp_path / "a", *cohort())
    out = tmp_path / "scores.csv"
    out.write_text("old")
    os.chmod(out, 0o644)
    assert main(["scores", str(folder), "--out", str(out)]) == 0
    assert mode(out) == 0o600 and "zebra-pseudonym-00" in out.read_text()


@pytest.mark.slow
def test_reports_end_to_end_private_unnamed_and_blind_to_the_non_consenting(tmp_path):
    """`workshop reports` twice, with and without a non-consenting participant, into folders
    that already hold files readable by anyone."""
    people = cohort()
    pages = {}
    for label, extra in (("without", []), ("with", [outsider()])):
        folder = write(tmp_path / label, *people, *extra)
        out = tmp_path / f"out-{label}"
        (out / "participants").mkdir(parents=True)
        for stale in (out / "scores.csv", out / "group.html"):
            stale.write_text("stale")
            os.chmod(stale, 0o644)
        result = subprocess.run([sys.executable, "-m", "workshop", "reports", str(folder),
                                 "--out", str(out), "--workers", "2", "-q"],
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        assert mode(out) == 0o700 and mode(out / "participants") == 0o700
        files = [p for p in out.rglob("*") if p.is_file()]
        assert len(files) == len(people) + len(extra) + 2
        for p in files:
            assert mode(p) == 0o600, p
        pages[label] = (out / "group.html").read_text(encoding="utf-8")

    generated = re.search(r"Made on (\d{1,2} \w+ \d{4})", pages["with"]).group(1)
    generated = _dt.datetime.strptime(generated, "%d %B %Y").date().isoformat()
    assert normalise(pages["with"], 7, generated) == normalise(pages["without"], 6, generated)
    for data in [*people, outsider()]:
        assert data["participant"] not in pages["with"]
    assert "OUTSIDER-SECRET" not in pages["with"]
    assert "&lt;script&gt;" in pages["with"] and "<script" not in pages["with"]


# ----------------------------------------------------------------------------- erase

def test_erase_leaves_no_copy_behind(tmp_path):
    folder = tmp_path / "answers"
    s = session.Session(folder)
    s.choose("river-42")
    for value in (1, 2, 3):
        s.set("instruments", "walls", "walls-01", value)
    s.set("reflections", "walls-notice", None, "my private words")
    # every other kind of copy a participant's answers can leave in the folder
    (folder / "river-42.json.bak").exists() or pytest.fail("no backup to erase")
    (folder / "river-42.corrupt-20261121T100000000000Z.json").write_text("my private words {")
    (folder / "river-42.corrupt-20261122T100000000000Z.json").write_text("{")
    (folder / ".river-42.json.tmp-killed1").write_text('{"my private words')
    (folder / ".river-42.json.bak.tmp-killed2").write_text('{"my private words')
    # someone else's files, which must stay
    neighbour = session.Session(folder)
    neighbour.choose("river-420")
    neighbour.set("reflections", "walls-notice", None, "the neighbour's words")
    neighbour.set("reflections", "walls-notice", None, "the neighbour's words, again")
    (folder / ".current").write_text("river-42")
    theirs = {p.name: p.read_bytes() for p in folder.iterdir() if "river-420" in p.name}
    assert len(theirs) == 3  # file, backup, lock

    s = session.Session(folder)
    assert s.participant == "river-42"
    s.erase()

    left = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert {name: raw for name, raw in left.items() if "river-420" in name} == theirs
    for name, raw in left.items():
        if "river-420" in name:
            continue
        assert "river-42" not in name, f"{name} survived the erase"
        assert b"river-42" not in raw and b"my private words" not in raw, name
    assert s.participant is None and s.data is None
    assert session.Session(folder).participant is None  # the pseudonym is forgotten too
