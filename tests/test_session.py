"""The session model and the "who am I" widgets: pseudonym, consents, damaged files, my data.

Everything runs in-process against a private answers folder: widgets are built with an explicit
Session, values are set as a participant's clicks would set them, and the answer file on disk is
read back after every step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from pathlib import Path

import ipywidgets as w
import pytest

from workshop import answers, exercises, resources, session
from workshop.exercises.frontend import DownloadButton
from workshop.session import Recovery, Saved, Session

pytestmark = pytest.mark.usefixtures("fresh_session")

WHO = "river-42"



def on_disk(folder: Path, who: str = WHO) -> dict:
    return json.loads((folder / f"{who}.json").read_text(encoding="utf-8"))


def started(folder: Path, who: str = WHO) -> Session:
    s = Session(folder)
    s.choose(who)
    return s


def upload_value(raw: bytes, name: str = "river-42.json") -> tuple[dict, ...]:
    """What ipywidgets 8's FileUpload holds after a browser upload: a tuple of dicts."""
    return ({"name": name, "type": "application/json", "size": len(raw),
             "content": memoryview(raw),
             "last_modified": dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)},)


class Reloads:
    """Counts the times a session tells its listeners that the whole file changed."""

    def __init__(self, s: Session):
        self.count = 0
        self.stop = s.listen(self._heard)

    def _heard(self) -> None:
        self.count += 1


def emergency_number(code: str) -> str:
    entry = resources.for_country(code)
    return next(line["phone"] for line in entry["lines"] if line["kind"] == "emergency")


# --------------------------------------------------------------------------- the model

def test_choose_creates_the_file_and_remembers_the_pseudonym(answers_dir):
    s = Session(answers_dir)
    reloads = Reloads(s)
    data = s.choose(WHO)
    assert data["participant"] == WHO
    assert on_disk(answers_dir)["participant"] == WHO
    assert (answers_dir / ".current").read_text() == WHO
    assert reloads.count == 1


def test_listeners_hear_only_wholesale_changes_and_can_stop(answers_dir, valid_data):
    s = Session(answers_dir)
    reloads, other = Reloads(s), Reloads(s)
    s.choose(WHO)
    assert (reloads.count, other.count) == (1, 1)
    s.save(("instruments", "walls", "walls-01"), 4)
    s.set("reflections", "walls-notice", None, "text")
    s.set_consent("group_report", True)
    assert (reloads.count, other.count) == (1, 1)  # one answer saved: nothing to reload
    s.choose("blue-heron")
    assert reloads.count == 2
    reloads.stop()
    reloads.stop()  # stopping twice is harmless
    s.choose(WHO)
    assert (reloads.count, other.count) == (2, 3)
    s.import_upload(json.dumps(valid_data).encode())
    s.start_fresh()
    s.erase()
    assert (reloads.count, other.count) == (2, 6)
    assert len(s._listeners) == 1


def test_a_listener_may_stop_while_being_called(answers_dir):
    s = Session(answers_dir)
    heard: list[str] = []

    def once():
        heard.append("once")
        stop_once()

    stop_once = s.listen(once)
    s.listen(lambda: heard.append("always"))
    s.choose(WHO)
    s.choose("blue-heron")
    assert heard == ["once", "always", "always"]


def test_a_new_session_resumes_from_current(answers_dir):
    started(answers_dir).set("reflections", "walls-notice", None, "a wall")
    again = Session(answers_dir)
    assert again.participant == WHO
    assert again.get("reflections", "walls-notice") == "a wall"


def test_the_default_folder_comes_from_the_environment(answers_dir):
    assert session.current().directory == answers_dir
    assert session.current() is session.current()
    session.reset()
    started(answers_dir)
    assert session.current().participant == WHO


def test_without_a_pseudonym_nothing_is_saved(answers_dir):
    s = Session(answers_dir)
    reloads = Reloads(s)
    for result in (s.set("reflections", "walls-notice", None, "text"),
                   s.save(("reflections", "walls-notice"), "text"),
                   s.set_consent("group_report", True),
                   s.save(("country",), "GB")):
        assert not result and result.ok is False
        assert result.message == session.NEED_PSEUDONYM and "pseudonym" in result.message
    assert reloads.count == 0  # a refused save is reported by its result, not to listeners
    assert not answers_dir.exists() or not list(answers_dir.glob("*.json"))


def test_set_and_get(answers_dir):
    s = started(answers_dir)
    assert s.set("instruments", "walls", "walls-01", 4)
    assert s.set("exercises", "listening-quiz", "q1", "b")
    assert s.set("reflections", "walls-notice", None, "free text")
    assert s.get("instruments", "walls") == {"walls-01": 4}
    assert s.get("exercises", "listening-quiz", "q1") == "b"
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "free text"}
    # clearing removes the entry instead of saving an empty value
    assert s.set("reflections", "walls-notice", None, "")
    assert s.set("instruments", "walls", "walls-01", None)
    assert on_disk(answers_dir)["reflections"] == {}
    assert on_disk(answers_dir)["instruments"]["walls"] == {}
    # an unknown consent is refused by the file's rules, with a reason, and nothing changes
    before = on_disk(answers_dir)
    refused = s.set("consent", "x", None, True)
    assert not refused and refused.message == "Not saved: consent.x is not a known field"
    assert on_disk(answers_dir) == before
    # a place that is not part of an answer file at all is a programming error: loud
    for section in ("bogus", "participant", "updated", "format"):
        with pytest.raises(ValueError, match="not a place for an answer"):
            s.set(section, "x", None, "y")
    with pytest.raises(ValueError):
        s.save((), "y")
    assert on_disk(answers_dir) == before


def test_save_returns_a_frozen_truthy_result_with_the_stamp(answers_dir):
    s = started(answers_dir)
    reloads = Reloads(s)
    result = s.save(("instruments", "walls", "walls-01"), 4)
    assert isinstance(result, Saved) and result and result.ok and result.message == ""
    assert result.updated == on_disk(answers_dir)["updated"] == s.data["updated"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ok = False
    assert s.set_consent("group_report", 1) and on_disk(answers_dir)["consent"][
        "group_report"] is True  # stored as true/false, whatever was passed
    assert reloads.count == 0  # saving one answer does not reload every widget


def test_country_is_saved_and_removed_like_any_answer(answers_dir):
    s = started(answers_dir)
    assert s.save(("country",), "GB")
    assert on_disk(answers_dir)["country"] == "GB" and s.data["country"] == "GB"
    refused = s.save(("country",), "gb")  # the schema wants capitals
    assert not refused and refused.message.startswith("Not saved:")
    assert on_disk(answers_dir)["country"] == "GB"
    assert s.save(("country",), None)
    assert "country" not in on_disk(answers_dir)
    assert s.save(("country",), "ES") and s.save(("country",), "")
    assert "country" not in on_disk(answers_dir)


def test_an_answer_outside_the_scale_is_not_saved(answers_dir):
    s = started(answers_dir)
    result = s.set("instruments", "walls", "walls-01", 9)
    assert not result and "outside the scale" in result.message
    assert result.message.startswith("Not saved:")
    assert on_disk(answers_dir)["instruments"] == {}
    assert s.data["instruments"] == {}  # the model keeps what is on disk, not the refused value


@pytest.mark.parametrize("name, reason", [
    ("", "a pseudonym is needed"),
    ("River 42", "lower-case letters"),
    ("-river", "starting with a letter or digit"),
    ("x" * 41, "at most 40 characters"),
])
def test_choose_rejects_bad_pseudonyms(answers_dir, name, reason):
    s = Session(answers_dir)
    with pytest.raises(answers.AnswerFileError) as caught:
        s.choose(name)
    assert reason in caught.value.reason
    assert s.participant is None
    assert not (answers_dir / ".current").exists()


def test_a_corrupt_file_is_set_aside_with_a_plain_message(answers_dir):
    s = started(answers_dir)
    s.set("reflections", "walls-notice", None, "first")   # the .bak will hold this one
    s.set("reflections", "walls-notice", None, "second")
    (answers_dir / f"{WHO}.json").write_text("{half a file", encoding="utf-8")

    reopened = Session(answers_dir)
    assert reopened.participant == WHO and reopened.data is None
    [aside] = answers_dir.glob(f"{WHO}.corrupt-*.json")
    assert re.fullmatch(rf"{WHO}\.corrupt-[0-9TZ]+\.json", aside.name)
    assert aside.read_text() == "{half a file"          # kept, not overwritten
    assert reopened.damaged == aside
    assert isinstance(reopened.recovery, Recovery) and reopened.recovery.damaged == aside
    assert reopened.recovery.backup == answers.backup_path(answers_dir / f"{WHO}.json")
    assert reopened.recovery.has_backup and reopened.waiting_backup()
    assert not (answers_dir / f"{WHO}.json").exists()
    problem = reopened.problem
    assert problem.startswith("Your answer file could not be read")
    assert aside.name in problem and "nothing was overwritten" in problem
    for jargon in ("Traceback", "Error", "Exception", "errno", "None", "json.decoder"):
        assert jargon not in problem

    reloads = Reloads(reopened)
    assert reopened.restore_backup()
    assert reopened.problem is None and reopened.recovery is None and reopened.damaged is None
    assert reopened.get("reflections", "walls-notice") == "first"
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "first"}
    assert reloads.count == 1


def test_a_file_missing_a_field_names_the_field(answers_dir):
    started(answers_dir)
    data = on_disk(answers_dir)
    del data["consent"]
    (answers_dir / f"{WHO}.json").write_text(json.dumps(data))
    problem = Session(answers_dir).problem
    assert 'the entry "consent" is missing' in problem


def test_restore_backup_without_a_backup_says_no(answers_dir):
    s = started(answers_dir)  # one save: no .bak yet
    (answers_dir / f"{WHO}.json").write_text("garbage")
    reopened = Session(answers_dir)
    assert reopened.problem
    assert not reopened.recovery.has_backup and not reopened.waiting_backup()
    reloads = Reloads(reopened)
    assert reopened.restore_backup() is False
    assert reopened.problem  # still explained, nothing pretended
    assert reloads.count == 0
    assert Session(answers_dir).restore_backup() is False  # a later kernel: still no backup
    assert s.participant == WHO


def test_erase_deletes_every_copy_and_forgets_the_pseudonym(answers_dir):
    s = started(answers_dir)
    s.set("reflections", "walls-notice", None, "one")
    s.set("reflections", "walls-notice", None, "two")
    (answers_dir / f"{WHO}.corrupt-20260101T000000000000Z.json").write_text("old")
    assert (answers_dir / f"{WHO}.json.bak").exists()
    reloads = Reloads(s)
    s.erase()
    assert s.participant is None and s.data is None
    assert reloads.count == 1
    assert sorted(p.name for p in answers_dir.iterdir()) == []
    assert Session(answers_dir).participant is None


def test_import_upload_and_download_bytes(answers_dir, valid_data):
    s = Session(answers_dir)
    reloads = Reloads(s)
    raw = json.dumps(valid_data).encode()
    assert s.import_upload(raw) == WHO
    assert reloads.count == 1
    assert s.participant == WHO
    assert (answers_dir / ".current").read_text() == WHO
    assert on_disk(answers_dir) == valid_data
    assert s.download_bytes() == (answers_dir / f"{WHO}.json").read_bytes()


def test_import_of_garbage_changes_nothing(answers_dir):
    s = started(answers_dir)
    s.set("reflections", "walls-notice", None, "keep me")
    before = (answers_dir / f"{WHO}.json").read_bytes()
    reloads = Reloads(s)
    for raw in (b"", b"not json", b'{"format": "something-else"}', b"\xff\xfe"):
        with pytest.raises(answers.AnswerFileError):
            s.import_upload(raw)
    assert (answers_dir / f"{WHO}.json").read_bytes() == before
    assert reloads.count == 0  # the widgets keep showing what they showed
    assert s.participant == WHO


# --------------------------------------------------------------------------- pseudonym picker

def test_picker_lower_cases_and_starts_the_session(answers_dir):
    s = Session(answers_dir)
    picker = exercises.PseudonymPicker(s)
    assert "lower-case letters" in picker.message.value  # the hint before anyone is chosen
    picker.text.value = "  River-42 "
    picker.button.click()
    assert s.participant == WHO
    assert (answers_dir / f"{WHO}.json").exists()
    assert picker.text.value == WHO
    assert f"<b>{WHO}</b>" in picker.message.value and "working as" in picker.message.value


@pytest.mark.parametrize("typed, reason", [
    ("", "a pseudonym is needed"),
    ("my name", "use lower-case letters a-z, digits and &#x27;-&#x27;"),
    ("-abc", "starting with a letter or digit"),
    ("a" * 41, "at most 40 characters"),
    ("émile", "use lower-case letters a-z"),
])
def test_picker_shows_why_a_pseudonym_is_refused(answers_dir, typed, reason):
    s = Session(answers_dir)
    picker = exercises.PseudonymPicker(s)
    picker.text.value = typed
    assert picker.choose() is False
    assert reason in picker.message.value
    assert "closer-warn" in picker.message.value
    assert s.participant is None
    assert not answers_dir.exists() or not list(answers_dir.iterdir())


def test_picker_shows_a_resumed_pseudonym(answers_dir):
    started(answers_dir)
    picker = exercises.PseudonymPicker(Session(answers_dir))
    assert picker.text.value == WHO and "working as" in picker.message.value


# --------------------------------------------------------------------------- consents

def test_consents_save_at_once_and_come_back(answers_dir):
    s = Session(answers_dir)
    boxes = exercises.ConsentBoxes(s)
    assert all(b.disabled for b in boxes.boxes.values())
    assert all(b.value is False for b in boxes.boxes.values())
    s.choose(WHO)
    assert not any(b.disabled for b in boxes.boxes.values())

    boxes.boxes["group_report"].value = True
    assert on_disk(answers_dir)["consent"] == {"group_report": True,
                                               "reflections_in_group_report": False}
    assert "Saved" in boxes.status.widget.value
    boxes.boxes["reflections_in_group_report"].value = True
    assert on_disk(answers_dir)["consent"]["reflections_in_group_report"] is True

    again = exercises.ConsentBoxes(Session(answers_dir))
    assert {k: b.value for k, b in again.boxes.items()} == {
        "group_report": True, "reflections_in_group_report": True}
    again.boxes["group_report"].value = False
    assert on_disk(answers_dir)["consent"]["group_report"] is False


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


# --------------------------------------------------------------------------- the page-level panels

@pytest.fixture
def shown(monkeypatch):
    """Capture what the notebook calls would display."""
    from workshop.exercises import panel

    out: list = []
    monkeypatch.setattr(exercises, "display", out.append)
    monkeypatch.setattr(panel, "display", out.append)
    return out


def _all_html(widget) -> str:
    """Every HTML value under a widget, to read what a participant would see."""
    parts = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if hasattr(w, "value") and isinstance(w.value, str):
            parts.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(parts)


def test_participant_bar_asks_for_a_pseudonym_only_when_needed(answers_dir, shown):
    exercises.participant_bar()
    [bar] = shown
    assert "choose a pseudonym" in _all_html(bar)
    session.current().choose(WHO)
    assert "choose a pseudonym" not in _all_html(bar)


def _find(widget, kind, **attrs):
    """The first widget of a kind under `widget` whose attributes match."""
    stack = [widget]
    while stack:
        w = stack.pop(0)
        if isinstance(w, kind) and all(getattr(w, k) == v for k, v in attrs.items()):
            return w
        stack.extend(getattr(w, "children", ()))
    raise LookupError(f"no {kind.__name__} with {attrs}")


def _visible(widget, root) -> bool:
    """Shown unless it or a box around it has display none."""
    def path_to(node, target):
        if node is target:
            return [node]
        for child in getattr(node, "children", ()):
            found = path_to(child, target)
            if found:
                return [node, *found]
        return []
    return all(w.layout.display != "none" for w in path_to(root, widget))


def test_welcome_panel_offers_the_backup_after_damage(answers_dir, shown):
    import ipywidgets as w

    s = started(answers_dir)
    s.set("reflections", "welcome-hopes", None, "first")
    s.set("reflections", "welcome-hopes", None, "second")
    (answers_dir / f"{WHO}.json").write_bytes(b"\x00\x01")
    session.reset()
    exercises.welcome_setup()
    [panel] = shown
    problem = _find(panel, w.VBox, _dom_classes=("closer-problem",))
    restore = _find(panel, w.Button, description="Restore my last good copy")
    assert _visible(problem, panel) and _visible(restore, panel)
    assert "Something went wrong with your saved answers" in problem.children[0].value
    assert "restore the last good copy" in problem.children[0].value.lower()
    assert session.current().problem

    restore.click()
    assert session.current().problem is None
    assert session.current().get("reflections", "welcome-hopes") == "first"
    assert on_disk(answers_dir)["reflections"] == {"welcome-hopes": "first"}
    assert _visible(problem, panel) and not _visible(restore, panel)
    assert "Your last good copy is back" in problem.children[0].value


def test_no_problem_box_when_all_is_well(answers_dir, shown):
    import ipywidgets as w

    started(answers_dir)
    session.reset()
    exercises.welcome_setup()
    [panel] = shown
    problem = _find(panel, w.VBox, _dom_classes=("closer-problem",))
    assert not _visible(problem, panel)


def test_set_and_set_consent_report_a_file_damaged_meanwhile(answers_dir):
    s = started(answers_dir)
    reloads = Reloads(s)
    (answers_dir / f"{WHO}.json").write_bytes(b"\xff")
    result = s.set("reflections", "walls-notice", None, "text")
    assert not result and result.message.startswith("Not saved: is not UTF-8 text")
    consent = s.set_consent("group_report", True)
    assert not consent and consent.message.startswith("Not saved:")
    assert (answers_dir / f"{WHO}.json").read_bytes() == b"\xff"
    (answers_dir / f"{WHO}.json").unlink()
    again = s.set_consent("group_report", True)
    assert again and again.ok is True and again.message == ""
    assert on_disk(answers_dir)["consent"]["group_report"] is True
    assert reloads.count == 0


def test_a_waiting_backup_is_not_replaced_until_the_participant_chooses(answers_dir):
    """After damage, answering on must not quietly overwrite the last good copy."""
    s = Session()
    s.choose(WHO)
    s.set("reflections", "walls-notice", None, "the good answer")
    s.set("reflections", "walls-notice", None, "the good answer, edited")  # makes a .bak
    path = answers.path_for(WHO, answers_dir)
    good_backup = answers.backup_path(path).read_bytes()
    path.write_text("{ truncated")
    s2 = Session()
    assert s2.problem and s2.waiting_backup()
    refused = s2.set("reflections", "why-heard", None, "new")
    assert not refused and "restore" in refused.message
    assert not s2.save(("reflections", "why-heard"), "newer")
    assert not s2.save(("country",), "GB")
    assert answers.backup_path(path).read_bytes() == good_backup
    reloads = Reloads(s2)
    s2.start_fresh()
    assert reloads.count == 1 and s2.recovery is None
    assert s2.set("reflections", "why-heard", None, "new")
    assert answers.load(path)["reflections"] == {"why-heard": "new"}


def test_every_module_bar_offers_a_download_of_the_current_file(answers_dir, shown):
    """Not only 00 and 08: a copy can be taken from any page before a Binder break, and the copy
    is made only when asked, so no save ever resends the whole file to the page."""
    s = started(answers_dir)
    s.set("reflections", "walls-notice", None, "before the break")
    exercises.participant_bar()
    [bar] = shown
    button = _find(bar, DownloadButton)
    assert _visible(button, bar)
    raw, filename, _mime = button.make()
    assert filename == f"{WHO}.json"
    assert raw == (answers_dir / f"{WHO}.json").read_bytes()
    for n in range(3):
        session.current().set("reflections", "walls-notice", None, f"after edit {n}")
        assert "data:" not in _all_html(bar)
        assert "base64" not in _all_html(bar)
    assert button.make()[0] == (answers_dir / f"{WHO}.json").read_bytes()
    assert json.loads(button.make()[0])["reflections"] == {"walls-notice": "after edit 2"}


def test_the_bar_hides_the_download_until_someone_is_chosen(answers_dir, shown):
    exercises.participant_bar()
    [bar] = shown
    button = _find(bar, DownloadButton)
    assert not _visible(button, bar) and button.make() is None
    session.current().choose(WHO)
    assert _visible(button, bar)
    assert button.make()[0] == (answers_dir / f"{WHO}.json").read_bytes()


# --------------------------------------------------------------------------- help lines, country

def _help_box(panel) -> w.HTML:
    return _find(panel, w.HTML, _dom_classes=("closer-help-box",))


def test_the_bar_shows_the_help_lines_for_the_saved_country(answers_dir, shown):
    s = started(answers_dir)
    s.save(("country",), "GB")
    exercises.participant_bar()
    [bar] = shown
    box = _help_box(bar)
    assert resources.help_html("GB") in box.value
    assert emergency_number("GB") in box.value


def test_the_bar_without_a_country_shows_the_general_pointer(answers_dir, shown):
    exercises.participant_bar()  # nobody chosen yet: help is there all the same
    [bar] = shown
    box = _help_box(bar)
    assert resources.help_html(None) in box.value
    assert emergency_number("GB") not in resources.help_html(None)  # so the next test can fail


def test_welcome_country_choice_saves_and_shows_that_countrys_lines(answers_dir, shown):
    started(answers_dir)
    session.reset()
    exercises.welcome_setup()
    [panel] = shown
    choice = _find(panel, w.Dropdown, description="Country")
    box = _help_box(panel)
    assert choice.value == exercises.CountryChoice.NONE
    assert choice.options[0] == ("Choose a country (optional)", "none")
    assert {code for code, _ in resources.countries()} <= {v for _, v in choice.options}
    assert "country" not in on_disk(answers_dir)
    number = emergency_number("GB")
    assert number not in box.value

    choice.value = "GB"
    assert on_disk(answers_dir)["country"] == "GB"
    assert number in box.value and resources.help_html("GB") in box.value

    choice.value = "none"
    assert "country" not in on_disk(answers_dir)
    assert number not in box.value and resources.help_html(None) in box.value


def test_a_chosen_country_comes_back_and_other_saves_nothing(answers_dir):
    s = started(answers_dir)
    s.save(("country",), "ES")
    again = exercises.CountryChoice(Session(answers_dir))
    assert again.choice.value == "ES"
    again.choice.value = "other"  # a country with no lines listed: the general pointer
    assert "country" not in on_disk(answers_dir)
    unsure = exercises.CountryChoice(Session(answers_dir))
    assert unsure.choice.value == exercises.CountryChoice.NONE


def test_the_country_choice_waits_for_a_pseudonym(answers_dir):
    s = Session(answers_dir)
    choice = exercises.CountryChoice(s)
    assert choice.choice.disabled
    s.choose(WHO)
    assert not choice.choice.disabled


def test_an_upload_with_a_country_updates_the_choice_and_the_help(answers_dir, shown,
                                                                   valid_data):
    exercises.welcome_setup()
    [panel] = shown
    choice = _find(panel, w.Dropdown, description="Country")
    box = _help_box(panel)
    session.current().import_upload(json.dumps({**valid_data, "country": "GB"}).encode())
    assert choice.value == "GB"
    assert emergency_number("GB") in box.value


def test_safety_notes_show_the_caveat_for_the_country(answers_dir):
    s = started(answers_dir)
    first = exercises.safety_note(s)
    assert first.value == resources.safety_html(None)
    s.save(("country",), "GB")
    second, third = exercises.safety_note(s), exercises.safety_note(s)  # several on one page
    assert second.value == third.value == resources.safety_html("GB")
    assert emergency_number("GB") in second.value
    assert "closer-safety-box" in second._dom_classes
    assert first.comm is not None  # a new note does not close an earlier one on the page


def test_lesson_safety_displays_the_note_for_the_kernels_participant(answers_dir, monkeypatch):
    from workshop import lesson

    started(answers_dir).save(("country",), "GB")
    out: list = []
    monkeypatch.setattr(lesson, "display", out.append)
    lesson.safety()
    [note] = out
    assert note.value == resources.safety_html("GB")
