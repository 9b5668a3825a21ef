"""`workshop reports`: personal and group reports built from answer files made in code.

One realistic run (12 valid participants and 3 broken files, in-process through `cli.main`) feeds
most tests; a small-group folder checks suppression; a few runs go through a real process, as a
facilitator would start them. Every run uses two workers and a handful of people, to stay fast.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import html
import io
import json
import os
import random
import re
import stat
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from workshop import answers, cli, instruments, scoring
from workshop.reports import GROUP_TEMPLATE, PARTICIPANT_TEMPLATE, batch, group, pdf, personal
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
                 fixed: int | None = None, plan: dict | None = None) -> dict:
    """A valid answer file. Answers are drawn from a generator seeded by the pseudonym, so each
    person differs but the file is the same every run. `only` limits which instruments and
    items are answered ({instrument: [item ids]}); `fixed` answers every item with one value."""
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
    (which holds the worker pids)."""
    kept = []
    real = batch.build_all

    def spy(*args, **kwargs):
        kept.append(real(*args, **kwargs))
        return kept[-1]

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "build_all", spy)
        mp.setattr(pdf, "find_chromium", lambda: None)  # as on a machine without Chromium
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["reports", *argv])
    return code, out.getvalue(), err.getvalue(), (kept[0] if kept else None)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("reports")
    folder = base / "answers"
    people = main_cohort(folder)
    before = snapshot(folder)
    out = base / "out"
    code, stdout, stderr, result = run_in_process(
        [str(folder), "--out", str(out), "--workers", "2", "--pdf", "-q"])
    return Run(folder, out, people, code, stdout, stderr, result, before)


# ----------------------------------------------------------------------------- page helpers

TABLE = re.compile(r"<table class=[\"']closer-scores[\"']>(.*?)</table>", re.S)
ROW = re.compile(r"<tr><th scope=[\"']row[\"']>(.*?)</th><td class=[\"']num[\"']>(.*?)</td>"
                 r"<td>(.*?)</td></tr>", re.S)


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
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
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
                assert value.startswith("#"), value  # only in-page anchors by default
            assert "javascript:" not in value.lower() and "//" not in value.split(",")[0], value
    style = "".join(re.findall(r"<style>(.*?)</style>", page, re.S))
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


# ----------------------------------------------------------------------------- templates

@pytest.mark.parametrize("template, names", [
    (PARTICIPANT_TEMPLATE, {"answers_path", "generated", "module_url"}),
    (GROUP_TEMPLATE, {"answers_dir", "min_group_size", "generated"}),
])
def test_templates_live_in_the_package_with_a_parameters_cell(template, names):
    nb = nbformat.read(template, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assigned = set(re.findall(r"^(\w+)\s*=", tagged[0].source, re.M))
    assert names <= assigned
    for cell in nb.cells:
        assert not cell.get("outputs")
        if cell.cell_type == "code":
            assert cell.metadata["jupyter"]["source_hidden"] is True
            assert "remove-input" in cell.metadata["tags"]


# ----------------------------------------------------------------------------- the whole run

def test_bad_files_exit_1_each_named_once_and_the_rest_still_reported(run):
    assert run.code == 1
    invalid = [line for line in run.stderr.splitlines() if line.startswith("INVALID")]
    assert len(invalid) == len(BAD_FILES)
    for name, reason in BAD_FILES.items():
        mine = [line for line in invalid if f"{os.sep}{name}:" in line]
        assert len(mine) == 1, (name, invalid)
        assert reason in mine[0]
    written = sorted(p.stem for p in (run.out / "participants").glob("*.html"))
    assert written == sorted(run.people)
    assert run.result.reports == len(run.people)
    assert "12 personal report(s)" in run.stdout and "3 file(s) rejected" in run.stdout


def test_scores_csv_has_every_valid_participant(run):
    with open(run.out / "scores.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["participant"] for r in rows} == set(run.people)
    per_person = sum(len(i.subscales) for i in instruments.load_all().values())
    assert len(rows) == per_person * len(run.people)


def test_each_personal_report_shows_that_persons_scores(run):
    for name, data in run.people.items():
        rows = score_rows(run.personal(name))
        assert rows, name
        assert rows == expected_rows(data), name


def test_personal_report_sections(run):
    today = _dt.date.today().isoformat()
    for name in ("birch-12", "quince-21"):
        page = run.personal(name)
        text = text_of(page)
        assert name in text and today in text
        assert "reflection aid, not a diagnosis" in text
        assert "What you might try next" in text and "Revisit: Module" in text
        assert "Help and resources" in text
        assert f"Closer report: {name}" in page
    assert words("birch-12", "shared") in text_of(run.personal("birch-12"))
    assert "a small step for birch-12" in text_of(run.personal("birch-12"))
    assert words("quince-21", "unshared") in text_of(run.personal("quince-21"))  # theirs


def test_not_enough_answers_is_said_in_words(run):
    text = text_of(run.personal(PARTIAL))
    # walls (one item), connection, fears and safe-space have no score at all
    assert text.count("Not enough answers to show scores") == 4
    perf = instruments.get("perfectionism")
    missing = perf.subscales[1].label
    assert f"Not enough answers for: {missing}" in text
    assert (missing, "\u2013", "Not enough answers yet") in score_rows(run.personal(PARTIAL))


def test_a_personal_report_holds_nobody_elses_data(run):
    for name in run.people:
        text = text_of(run.personal(name))
        for other in run.people:
            if other != name:
                assert other not in text
                assert f"words number {number(other)}" not in text


def test_hostile_reflections_are_escaped_in_the_personal_report(run):
    page = run.personal(HOSTILE_NAME)
    assert_escaped(page)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # the action plan too


def test_hostile_reflections_are_escaped_in_the_group_report(run):
    assert_escaped(run.group)


def test_pages_are_self_contained_with_no_code(run):
    pages = [run.group] + [run.personal(n) for n in run.people]
    for page in pages:
        assert page.startswith("<!DOCTYPE html>")
        assert_self_contained(page)
        assert_no_code(page)
    assert "<img" in run.personal("birch-12")  # charts are there, embedded
    assert "<img" in run.group


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


def test_group_report_quotes_only_reflections_people_agreed_to_share(run):
    text = text_of(run.group)
    for name in QUOTED[1:]:
        assert words(name, "shared") in text
    for name in UNQUOTED:
        assert words(name, "kept") not in text
    assert words("quince-21", "unshared") not in text  # agreed to quotes, not to being counted
    assert words("rowan-22", "unshared") not in text


def test_group_report_names_nobody(run):
    names = [*run.people, "sorrel-31", "tansy-32"]
    for name in names:
        assert name not in run.group
    assert "small step for" not in run.group  # action plans are never in the group report


def test_alpha_appendix_with_ten_consenting(run):
    assert "Cronbach" in run.group


def test_outputs_are_private(run):
    assert stat.S_IMODE(run.out.stat().st_mode) == 0o700
    assert stat.S_IMODE((run.out / "participants").stat().st_mode) == 0o700
    files = [p for p in run.out.rglob("*") if p.is_file()]
    assert len(files) == len(run.people) + 2
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert not [p for p in run.out.iterdir() if p.name.startswith(".")]  # no staging left over


def test_input_files_untouched(run):
    assert snapshot(run.answers_dir) == run.before


def test_one_worker_process_per_participant(run):
    pids = list(run.result.pids.values())
    assert sorted(run.result.pids) == sorted(run.people)
    assert len(set(pids)) == len(pids)
    assert os.getpid() not in pids


def test_pdf_without_chromium_says_so(run):
    assert "Chromium was not found" in run.stderr
    assert not list(run.out.rglob("*.pdf"))


def test_out_inside_the_answers_folder_is_refused(tmp_path):
    folder = tmp_path / "answers"
    write(folder, make_answers("alder-11"))
    code, _, stderr, _ = run_in_process([str(folder), "--out", str(folder / "reports"), "-q"])
    assert code == 2 and "inside the answers folder" in stderr
    assert not (folder / "reports").exists()


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


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small") / "answers"
    small_group(folder)
    return folder


def test_small_group_shows_only_counts(small_folder, tmp_path, run_cli):
    """Through a real process, with the default --min-group-size of 5."""
    out = tmp_path / "out"
    proc = run_cli("reports", small_folder, "--out", out, "--workers", "2", "-q")
    assert proc.returncode == 0, proc.stderr
    page = (out / "group.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "<img" not in page and "<table" not in page
    assert not re.search(r"\bmean\b", text, re.I) and "Cronbach" not in text
    assert re.search(r"\b10\s+took part\b", text) and re.search(r"\b4\s+agreed\b", text)
    assert "fewer than 5 participants" in text
    assert "words number" not in text
    for i in range(10):
        assert f"small-{i:02d}" not in page
    assert len(list((out / "participants").glob("*.html"))) == 10  # personal ones still made


def test_smaller_minimum_shows_figures_for_the_same_group(small_folder, tmp_path):
    out = tmp_path / "out"
    code, _, stderr, _ = run_in_process([str(small_folder), "--out", str(out), "--workers", "2",
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


# ----------------------------------------------------------------------------- isolation

ISOLATION_NAMES = ["ash-1", "beech-2", "cherry-3", "dogwood-4", "elm-5"]


def canary_folder(folder: Path, names: list[str]) -> None:
    for name in names:
        write(folder, make_answers(name, quote=True,
                                   reflections={"walls-notice": f"canary-{name}"}))


def read_probes(probe: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in probe.glob("*.json")}


def test_each_report_runs_in_a_process_that_held_only_its_own_data(tmp_path, run_cli):
    """A real `workshop reports` process; each worker records every canary string it can reach.

    Run in a fresh process on purpose: this test module itself holds the canaries in memory."""
    folder, probe, out = tmp_path / "answers", tmp_path / "probe", tmp_path / "out"
    probe.mkdir()
    canary_folder(folder, ISOLATION_NAMES)
    proc = run_cli("reports", folder, "--out", out, "--workers", "2",
                   env={batch.PROBE_ENV: str(probe)})
    assert proc.returncode == 0, proc.stderr
    assert "Reports" in proc.stderr and "100%" in proc.stderr  # the progress bar
    seen = read_probes(probe)
    assert set(seen) == {*ISOLATION_NAMES, "__group__"}
    for name in ISOLATION_NAMES:
        assert seen[name]["seen"] == [f"canary-{name}"], name  # its own, and only its own
    pids = [v["pid"] for v in seen.values()]
    assert len(set(pids)) == len(pids)  # a new process for every report and for the group


def test_the_isolation_probe_would_catch_a_leak(tmp_path):
    """Control: a parent that reads every answer file before forking leaks them all, and the
    probe reports it. So the clean result above means something."""
    folder, probe, out = tmp_path / "answers", tmp_path / "probe", tmp_path / "out"
    probe.mkdir()
    names = ISOLATION_NAMES[:3]
    canary_folder(folder, names)
    script = textwrap.dedent(f"""
        from pathlib import Path
        from workshop import answers
        from workshop.reports import batch
        held = [answers.load(p) for p in sorted(Path({str(folder)!r}).glob("*.json"))]
        batch.build_all(Path({str(folder)!r}), Path({str(out)!r}), workers=2, progress=False)
    """)
    env = {**os.environ, batch.PROBE_ENV: str(probe)}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)
    seen = read_probes(probe)
    for name in names:
        assert set(seen[name]["seen"]) == {f"canary-{n}" for n in names}


# ----------------------------------------------------------------------------- module 08, PDF

def test_render_file_makes_the_report_in_a_separate_process(tmp_path):
    data = make_answers("alder-11", reflections={"walls-notice": "just mine"})
    path = write(tmp_path / "answers", data)
    page = batch.render_file(path)
    assert score_rows(page) == expected_rows(data)
    assert "alder-11" in page and "just mine" in text_of(page)
    assert_self_contained(page)


def test_render_file_reports_a_bad_file(tmp_path):
    path = write(tmp_path, b"[]", "bad.json")
    with pytest.raises(RuntimeError, match="must be a JSON object"):
        batch.render_file(path)


@pytest.mark.slow
def test_pdf_with_chromium(tmp_path):
    if pdf.find_chromium() is None:
        pytest.skip("Chromium is not installed")
    folder, out = tmp_path / "answers", tmp_path / "out"
    for name in ("alder-11", "birch-12"):
        write(folder, make_answers(name))
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["reports", str(folder), "--out", str(out), "--workers", "2", "--pdf",
                         "-q"])
    assert code == 0, err.getvalue()
    pdfs = sorted(out.rglob("*.pdf"))
    assert [p.name for p in pdfs] == ["group.pdf", "alder-11.pdf", "birch-12.pdf"]
    for p in pdfs:
        assert p.read_bytes().startswith(b"%PDF")
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert "wrote 3 PDF(s)" in err.getvalue()


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
