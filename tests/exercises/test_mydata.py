"""My data (download when asked, restore, erase) and the personal report button."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from exercise_helpers import (WHO, _all_html, _find, _help_box, _visible, emergency_number,  # noqa: F401
                              on_disk, s, saved_status, shown, started, upload_value,
                              deck_cards)
from workshop import exercises
from workshop.exercises.frontend import DownloadButton
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")


# --------------------------------------------------------------------------- my data

def test_download_carries_exactly_the_file_when_asked(answers_dir):
    s = started(answers_dir)
    panel = exercises.MyData(s)
    assert isinstance(panel.download, DownloadButton)
    assert not panel.download.disabled and f"{WHO}.json" in panel.download.label
    s.set("reflections", "walls-notice", None, "caf\u00e9 \u2764 <b>")
    raw, filename, mime = panel.download.make()  # built now, from the file as it is now
    assert raw == (answers_dir / f"{WHO}.json").read_bytes()
    assert json.loads(raw)["reflections"] == {"walls-notice": "caf\u00e9 \u2764 <b>"}
    assert (filename, mime) == (f"{WHO}.json", "application/json")
    assert "data:" not in _all_html(panel.widget)  # no copy of the answers sits in the page


def test_no_download_before_any_answer(answers_dir):
    panel = exercises.MyData(Session(answers_dir))
    assert "No answers saved yet" in panel.download_note.value
    assert panel.download.disabled and panel.download.make() is None
    assert panel.download.label == "Download my answers"
    assert panel.erase_button.disabled


def test_erase_asks_first_then_clears_file_backup_current_and_widgets(answers_dir):
    s = started(answers_dir)
    panel = exercises.MyData(s)
    reflection = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    reflection.text.value = "one"
    reflection.text.value = "two"
    assert (answers_dir / f"{WHO}.json.bak").exists()

    panel.erase_button.click()
    assert panel.confirm.layout.display == ""
    assert "cannot be undone" in panel.confirm_text.value
    panel.confirm_no.click()
    assert panel.confirm.layout.display == "none"
    assert (answers_dir / f"{WHO}.json").exists()

    panel.erase_button.click()
    panel.confirm_yes.click()
    for name in (f"{WHO}.json", f"{WHO}.json.bak", ".current"):
        assert not (answers_dir / name).exists(), name
    assert s.participant is None
    assert reflection.text.value == "" and reflection.text.disabled
    assert "were erased" in panel.erase_message.value
    assert "No answers saved yet" in panel.download_note.value
    assert panel.download.disabled and panel.download.make() is None
    assert panel.erase_button.disabled
    assert Session(answers_dir).participant is None


def test_restore_from_an_uploaded_file(answers_dir, valid_data):
    s = Session(answers_dir)  # a fresh Binder session: nobody chosen yet
    panel = exercises.MyData(s)
    consents = exercises.ConsentBoxes(s)
    walls = exercises.InstrumentExercise("walls", session=s)
    quiz = exercises.QuizExercise("listening-quiz", session=s)
    reflection = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    assert walls.buttons["walls-01"].disabled

    raw = json.dumps(valid_data, indent=1).encode()
    panel.upload.value = upload_value(raw)

    assert (answers_dir / f"{WHO}.json").exists()
    assert on_disk(answers_dir) == valid_data
    assert (answers_dir / ".current").read_text() == WHO
    assert "Restored the answers" in panel.upload_message.value
    assert WHO in panel.upload_message.value
    assert panel.upload.value == ()  # ready for another file
    assert walls.buttons["walls-01"].value == 4 and walls.buttons["walls-02"].value == 2
    assert not walls.buttons["walls-01"].disabled
    assert quiz.choices["q1"].value == "b" and "A strong choice" in quiz.feedback["q1"].value
    assert reflection.text.value == "free text"
    assert consents.boxes["group_report"].value is True
    assert consents.boxes["reflections_in_group_report"].value is False
    assert not panel.download.disabled and f"({WHO}.json)" in panel.download.label
    assert panel.download_note.value == ""
    assert panel.download.make()[0] == (answers_dir / f"{WHO}.json").read_bytes()


def test_report_button_makes_the_page_only_when_asked(answers_dir, monkeypatch):
    from workshop.reports import batch

    s = started(answers_dir)
    made: list[Path] = []
    monkeypatch.setattr(batch, "render_file",
                        lambda path: made.append(Path(path)) or "<html>caf\u00e9 report</html>")
    report = exercises.ReportButton(s)
    assert isinstance(report.button, DownloadButton) and made == []
    sent: list = []
    monkeypatch.setattr(report.button, "send", lambda content, buffers=None: sent.append(
        (content, buffers)))
    report.button._asked(report.button, {"ask": "file"}, [])
    assert made == [answers_dir / f"{WHO}.json"]
    assert sent == [({"kind": "file", "filename": f"closer-report-{WHO}.html",
                      "mime": "text/html"}, ["<html>caf\u00e9 report</html>".encode("utf-8")])]
    assert "ready" in report.output.value
    assert report.make() == "<html>caf\u00e9 report</html>"


def test_report_button_explains_a_failure_and_sends_nothing(answers_dir, monkeypatch):
    from workshop.reports import batch

    def broken(path):
        raise RuntimeError("the <template> is missing")

    monkeypatch.setattr(batch, "render_file", broken)
    report = exercises.ReportButton(started(answers_dir))
    sent: list = []
    monkeypatch.setattr(report.button, "send", lambda *a, **k: sent.append(a))
    report.button._asked(report.button, {"ask": "file"}, [])
    assert sent == [] and report.button.busy is False
    assert "could not be made" in report.output.value
    assert "the &lt;template&gt; is missing" in report.output.value  # escaped, not markup
    assert "Traceback" not in report.output.value


@pytest.mark.parametrize("raw, words", [
    (b"this is not json", "is not valid JSON"),
    (b"", "is empty"),
    (b'{"format": "closer-answers", "version": 1}', "is missing"),
    (json.dumps({"a": 1}).encode(), "is this a Closer answer file?"),
])
def test_uploading_garbage_explains_and_changes_nothing(answers_dir, raw, words):
    s = started(answers_dir)
    panel = exercises.MyData(s)
    reflection = exercises.ReflectionExercise("walls-notice", "Prompt?", session=s)
    reflection.text.value = "keep me"
    before = sorted((p.name, p.read_bytes()) for p in answers_dir.iterdir())

    panel.upload.value = upload_value(raw, "notes.json")

    message = panel.upload_message.value
    assert "could not be restored" in message and words in html.unescape(message)
    assert "Traceback" not in message and "Error" not in message
    assert sorted((p.name, p.read_bytes()) for p in answers_dir.iterdir()) == before
    assert s.participant == WHO and reflection.text.value == "keep me"


def test_report_button_without_answers_says_so(answers_dir):
    button = exercises.ReportButton(Session(answers_dir))
    assert button.make() is None
    assert "no saved answers yet" in button.output.value
