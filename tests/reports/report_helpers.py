"""Answer files, runs and page checks shared by the report tests (`tests/reports/test_*.py`).

One realistic run (12 valid participants and 3 broken files, in-process through `cli.main`) feeds
most tests; a small-group folder checks suppression. Both are made once per test session. Every
run uses two workers and a handful of people, to stay fast.

Not a `conftest.py`: test folders have no `__init__.py`, so pytest imports every conftest as the
module `conftest`, and one here would replace `tests/conftest.py` for `from conftest import ...`.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import random
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from workshop import answers, cli, i18n, instruments, scoring
from workshop.reports import batch, pdf
from workshop.reports.render import CSP

HOSTILE = {
    "walls-notice": "<script>alert(1)</script>",
    "why-heard": "<img src=x onerror=alert(1)>",
    "forward-step": '<a href="javascript:alert(1)">x</a>',
}
HOSTILE_STEP = "<script>alert(2)</script>"


# ----------------------------------------------------------------------------- fixtures in code

def make_answers(name: str, *, consent: bool = True, quote: bool = False,
                 reflections: dict | None = None, only: dict | None = None,
                 fixed: int | None = None, plan: dict | None = None,
                 language: str | None = None, country: str | None = None) -> dict:
    """A valid answer file. Answers are drawn from a generator seeded by the pseudonym, so each
    person differs but the file is the same every run. `only` limits which instruments and
    items are answered ({instrument: [item ids]}); `fixed` answers every item with one value;
    `language` and `country` are the optional fields of the same names."""
    rng = random.Random(name)
    data = answers.new(name)
    data["consent"] = {"group_report": consent, "reflections_in_group_report": quote}
    for iid, inst in instruments.load_all().items():
        if only is not None and iid not in only:
            continue
        chosen = only[iid] if only is not None else [i.id for i in inst.items]
        data["instruments"][iid] = {
            item: fixed if fixed is not None else rng.randint(inst.min, inst.max)
            for item in chosen}
    data["reflections"] = dict(reflections or {})
    if plan:
        data["exercises"]["action-plan"] = dict(plan)
    if language:
        data["language"] = language
    if country:
        data["country"] = country
    return answers.validate(data)


def write(folder: Path, data: dict | bytes, filename: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (filename or f"{data['participant']}.json")
    path.write_bytes(data if isinstance(data, bytes) else answers.dumps(data))
    return path


def number(name: str) -> str:
    return name.rsplit("-", 1)[1]


def words(name: str, kind: str = "my") -> str:
    """A reflection only this person wrote. It does not contain the pseudonym: a person who
    signs their own reflection is not the report leaking their name."""
    return f"{kind} words number {number(name)}"


QUOTED = ["alder-11", "birch-12", "cedar-13", "damson-14"]          # count and may be quoted
UNQUOTED = ["elder-15", "fir-16", "gorse-17", "hazel-18", "juniper-19", "larch-20"]  # count only
NOT_COUNTED = ["quince-21", "rowan-22"]                             # no group_report consent
PARTIAL = "larch-20"
HOSTILE_NAME = "alder-11"


def main_cohort(folder: Path) -> dict[str, dict]:
    """12 valid participants (10 consenting) and 3 broken files; returns data by pseudonym."""
    people = {}
    for name in QUOTED + UNQUOTED:
        reflections = ({**HOSTILE} if name == HOSTILE_NAME else
                       {"walls-notice": words(name, "shared" if name in QUOTED else "kept")})
        only = None
        if name == PARTIAL:  # one walls item; one perfectionism subscale; nothing else
            perf = instruments.get("perfectionism")
            only = {"walls": ["walls-01"],
                    "perfectionism": [i.id for i in perf.items_of(perf.subscales[0].id)]}
        people[name] = make_answers(
            name, quote=name in QUOTED, reflections=reflections, only=only,
            plan={"step": HOSTILE_STEP if name == HOSTILE_NAME else f"a small step for {name}",
                  "when": "Sunday mornings"})
    # Not counted: every answer at the top of the scale, so counting them would move the means.
    people["quince-21"] = make_answers("quince-21", consent=False, quote=True, fixed=5,
                                       reflections={"walls-notice": words("quince-21", "unshared")})
    people["rowan-22"] = make_answers("rowan-22", consent=False, fixed=5,
                                      reflections={"walls-notice": words("rowan-22", "unshared")})
    for data in people.values():
        write(folder, data)
    write(folder, b"{this is not json", "broken.json")
    out_of_range = make_answers("sorrel-31")
    out_of_range["instruments"]["walls"]["walls-01"] = 9
    write(folder, json.dumps(out_of_range).encode(), "range.json")
    wrong = make_answers("tansy-32")
    wrong["format"] = "some-other-app"
    write(folder, json.dumps(wrong).encode(), "wrong-format.json")
    return people


BAD_FILES = {"broken.json": "not valid JSON", "range.json": "outside the scale",
             "wrong-format.json": "format"}


@dataclass
class Run:
    answers_dir: Path
    out: Path
    people: dict
    code: int
    stdout: str
    stderr: str
    result: batch.Result
    before: dict

    def personal(self, name: str) -> str:
        return (self.out / "participants" / f"{name}.html").read_text(encoding="utf-8")

    @property
    def group(self) -> str:
        return (self.out / "group.html").read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns, stat.S_IMODE(p.stat().st_mode))
            for p in sorted(folder.iterdir())}


def run_in_process(argv: list[str]) -> tuple[int, str, str, batch.Result | None]:
    """`workshop reports ARGV` through cli.main: exit code, stdout, stderr and the batch Result
    (which holds the worker pids). The command sets this process's language (its --lang or the
    terminal's); it is put back afterwards, so the tests that follow are not affected."""
    kept = []
    real = batch.build_all

    def spy(*args, **kwargs):
        kept.append(real(*args, **kwargs))
        return kept[-1]

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "build_all", spy)
        mp.setattr(pdf, "find_chromium", lambda: None)  # as on a machine without Chromium
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                i18n.using(i18n.current()):
            code = cli.main(["reports", *argv])
    return code, out.getvalue(), err.getvalue(), (kept[0] if kept else None)


_MADE: dict[str, object] = {}  # made once per test session, shared by every report test file


def once(name: str, make):
    if name not in _MADE:
        _MADE[name] = make()
    return _MADE[name]


def cohort_run(tmp_path_factory) -> Run:
    """The realistic run, made once per test session: each test file's `run` fixture returns it."""
    return once("cohort", lambda: _cohort_run(tmp_path_factory))


def _cohort_run(tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("reports")
    folder = base / "answers"
    people = main_cohort(folder)
    before = snapshot(folder)
    out = base / "out"
    code, stdout, stderr, result = run_in_process(
        [str(folder), "--out", str(out), "--workers", "2", "--pdf", "-q"])
    return Run(folder, out, people, code, stdout, stderr, result, before)


# ----------------------------------------------------------------------------- page helpers

TABLE = re.compile(r"<table class=[\"']closer-scores[\"']>(.*?)</table>", re.DOTALL)
ROW = re.compile(r"<tr><th scope=[\"']row[\"']>(.*?)</th><td class=[\"']num[\"']>(.*?)</td>"
                 r"<td>(.*?)</td></tr>", re.DOTALL)


def score_rows(page: str) -> list[tuple[str, str, str]]:
    """(pattern, score, band words) of every score table in a personal report, in order."""
    return [tuple(html.unescape(cell).strip() for cell in row)
            for table in TABLE.findall(page) for row in ROW.findall(table)]


def expected_rows(data: dict) -> list[tuple[str, str, str]]:
    rows = []
    for results in scoring.score_all(data).values():
        if all(r.score is None for r in results):
            continue  # the report says "not enough answers" instead of a table
        rows += [(r.label, "\u2013" if r.score is None else f"{r.score:.0f}",
                  "Not enough answers yet" if r.score is None else r.band) for r in results]
    return rows


def text_of(page: str) -> str:
    """Visible text, roughly: tags and embedded images removed, entities decoded."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


class Tags(HTMLParser):
    """Every real tag and attribute of a page (text that merely looks like a tag is not one)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def assert_self_contained(page: str) -> None:
    tags = Tags(page).tags
    names = {t for t, _ in tags}
    assert not names & {"script", "link", "iframe", "object", "embed", "base", "form"}, names
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}) in tags
    for tag, attrs in tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), (tag, key)
            if key == "src":
                assert value.startswith("data:image/png;base64,"), value[:60]
            if key == "href":
                # in-page anchors, and the help lines' phone numbers (a call loads nothing)
                assert value.startswith("#") or re.fullmatch(r"tel:[0-9]+", value), value
            assert "javascript:" not in value.lower() and "//" not in value.split(",")[0], value
    style = "".join(re.findall(r"<style>(.*?)</style>", page, re.DOTALL))
    assert "url(" not in style and "@import" not in style


def assert_no_code(page: str) -> None:
    text = text_of(page)
    for code in ("import ", "report.show", "personal.Report", "group.load", "answers_path",
                 "In [", "Out["):
        assert code not in text, code
    assert "jp-InputArea" not in page and "input_area" not in page


def assert_escaped(page: str) -> None:
    """The hostile reflections are on the page as text, and none became a tag."""
    tags = Tags(page).tags
    assert "script" not in {t for t, _ in tags}
    assert not [a for t, a in tags if t == "img" and (a.get("src") == "x" or "onerror" in a)]
    assert not [a for t, a in tags if "javascript:" in a.get("href", "")]
    assert "<script" not in page.lower() and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;a href=" in page and "x&lt;/a&gt;" in page
    text = text_of(page)
    for hostile in HOSTILE.values():
        assert hostile in text


# ----------------------------------------------------------------------------- small groups

def small_group(folder: Path) -> dict[str, dict]:
    """10 people, of whom only 4 agreed to be counted (2 of those also to be quoted)."""
    people = {}
    for i in range(10):
        name = f"small-{i:02d}"
        people[name] = make_answers(name, consent=i < 4, quote=i < 2,
                                    reflections={"walls-notice": words(name)})
        write(folder, people[name])
    return people


def small_folder(tmp_path_factory) -> Path:
    return once("small", lambda: _small_folder(tmp_path_factory))


def _small_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small") / "answers"
    small_group(folder)
    return folder


# ----------------------------------------------------------------------------- isolation

ISOLATION_NAMES = ["ash-1", "beech-2", "cherry-3", "dogwood-4", "elm-5"]


def canary_folder(folder: Path, names: list[str]) -> None:
    for name in names:
        write(folder, make_answers(name, quote=True,
                                   reflections={"walls-notice": f"canary-{name}"}))


def read_probes(probe: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in probe.glob("*.json")}
