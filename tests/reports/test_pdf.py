"""`reports.pdf`: optional PDFs printed by a headless Chromium, and a plain note without one."""

from __future__ import annotations

import contextlib
import io
import json
import stat
import sys

import pytest
from report_helpers import cohort_run, make_answers, write

from workshop import cli
from workshop.reports import pdf


@pytest.fixture
def run(tmp_path_factory):
    return cohort_run(tmp_path_factory)


@pytest.mark.slow
def test_pdf_without_chromium_says_so(run):
    assert "Chromium was not found" in run.stderr
    assert not list(run.out.rglob("*.pdf"))


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


# ----------------------------------------------------------------------------- with a stand-in browser

def fake_browser(tmp_path, fail_on: str = "") -> str:
    """A program that answers like Chromium's --print-to-pdf and logs how it was called."""
    program = tmp_path / "fake-chromium"
    program.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"with open({str(tmp_path / 'calls.jsonl')!r}, 'a') as log:\n"
        "    log.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        f"if {fail_on!r} and sys.argv[-1].endswith({fail_on!r}):\n"
        "    sys.exit(1)\n"
        "target = next(a.split('=', 1)[1] for a in sys.argv if a.startswith('--print-to-pdf='))\n"
        "open(target, 'wb').write(b'%PDF-1.4 stand-in')\n", encoding="utf-8")
    program.chmod(0o755)
    return str(program)


def report_folder(tmp_path):
    out = tmp_path / "out"
    (out / "participants").mkdir(parents=True)
    for page in (out / "group.html", out / "participants" / "a-1.html",
                 out / "participants" / "b-2.html"):
        page.write_text("<!DOCTYPE html><p>report</p>", encoding="utf-8")
    return out


def test_every_page_gets_a_private_pdf_beside_it(tmp_path, monkeypatch):
    browser = fake_browser(tmp_path)
    monkeypatch.setattr(pdf, "find_chromium", lambda: browser)
    out = report_folder(tmp_path)
    notes = pdf.convert_all(out)
    assert notes == [f"wrote 3 PDF(s) with {browser}"]
    made = [out / "group.pdf", out / "participants" / "a-1.pdf", out / "participants" / "b-2.pdf"]
    for p in made:
        assert p.read_bytes().startswith(b"%PDF")
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    calls = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    assert [c[-1] for c in calls] == [(out / "group.html").as_uri(),
                                      (out / "participants" / "a-1.html").as_uri(),
                                      (out / "participants" / "b-2.html").as_uri()]
    for call in calls:
        assert "--headless" in call and "--disable-background-networking" in call
        assert any(a.startswith("--user-data-dir=") for a in call)  # a throwaway profile


def test_a_page_that_fails_is_named_and_the_others_are_still_printed(tmp_path, monkeypatch):
    browser = fake_browser(tmp_path, fail_on="a-1.html")
    monkeypatch.setattr(pdf, "find_chromium", lambda: browser)
    out = report_folder(tmp_path)
    notes = pdf.convert_all(out)
    assert len(notes) == 2
    assert notes[0].startswith("PDF failed for a-1.html")
    assert notes[1] == f"wrote 2 PDF(s) with {browser}"
    assert (out / "group.pdf").exists() and (out / "participants" / "b-2.pdf").exists()


def test_without_chromium_the_note_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    out = report_folder(tmp_path)
    [note] = pdf.convert_all(out)
    assert "Chromium was not found" in note and "apt-get install chromium" in note
    assert not list(out.rglob("*.pdf"))


def test_find_chromium_tries_each_known_name(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which",
                        lambda name: "/opt/bin/chromium-browser" if name == "chromium-browser"
                        else None)
    assert pdf.find_chromium() == "/opt/bin/chromium-browser"
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.find_chromium() is None
