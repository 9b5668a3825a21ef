"""The session model and the "who am I" widgets: pseudonym, consents, damaged files, my data.

Everything runs in-process against a private answers folder: widgets are built with an explicit
Session, values are set as a participant's clicks would set them, and the answer file on disk is
read back after every step.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from workshop import answers, exercises, session
from workshop.session import Session

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
             "last_modified": dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)},)


def events_of(s: Session) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    s.listen(lambda event, payload: seen.append((event, payload)))
    return seen


# --------------------------------------------------------------------------- the model

def test_choose_creates_the_file_and_remembers_the_pseudonym(answers_dir):
    s = Session(answers_dir)
    seen = events_of(s)
    data = s.choose(WHO)
    assert data["participant"] == WHO
    assert on_disk(answers_dir)["participant"] == WHO
    assert (answers_dir / ".current").read_text() == WHO
    assert ("participant", WHO) in seen


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
    seen = events_of(s)
    assert s.set("reflections", "walls-notice", None, "text") is False
    assert seen and seen[0][0] == "error" and "pseudonym" in seen[0][1]
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
    with pytest.raises(ValueError):
        s.set("consent", "x", None, True)


def test_an_answer_outside_the_scale_is_not_saved(answers_dir):
    s = started(answers_dir)
    seen = events_of(s)
    assert s.set("instruments", "walls", "walls-01", 9) is False
    assert seen[-1][0] == "error" and "outside the scale" in seen[-1][1]
    assert on_disk(answers_dir)["instruments"] == {}


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
    assert not (answers_dir / f"{WHO}.json").exists()
    problem = reopened.problem
    assert problem.startswith("Your answer file could not be read")
    assert aside.name in problem and "nothing was overwritten" in problem
    for jargon in ("Traceback", "Error", "Exception", "errno", "None", "json.decoder"):
        assert jargon not in problem

    seen = events_of(reopened)
    assert reopened.restore_backup()
    assert reopened.problem is None
    assert reopened.get("reflections", "walls-notice") == "first"
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "first"}
    assert ("participant", WHO) in seen


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
    assert reopened.restore_backup() is False
    assert reopened.problem  # still explained, nothing pretended
    assert Session(answers_dir).restore_backup() is False  # a later kernel: still no backup
    assert s.participant == WHO


def test_erase_deletes_every_copy_and_forgets_the_pseudonym(answers_dir):
    s = started(answers_dir)
    s.set("reflections", "walls-notice", None, "one")
    s.set("reflections", "walls-notice", None, "two")
    (answers_dir / f"{WHO}.corrupt-20260101T000000000000Z.json").write_text("old")
    assert (answers_dir / f"{WHO}.json.bak").exists()
    seen = events_of(s)
    s.erase()
    assert s.participant is None and s.data is None
    assert ("participant", None) in seen
    assert sorted(p.name for p in answers_dir.iterdir()) == []
    assert Session(answers_dir).participant is None


def test_import_upload_and_download_bytes(answers_dir, valid_data):
    s = Session(answers_dir)
    raw = json.dumps(valid_data).encode()
    assert s.import_upload(raw) == WHO
    assert s.participant == WHO
    assert (answers_dir / ".current").read_text() == WHO
    assert on_disk(answers_dir) == valid_data
    assert s.download_bytes() == (answers_dir / f"{WHO}.json").read_bytes()


def test_import_of_garbage_changes_nothing(answers_dir):
    s = started(answers_dir)
    s.set("reflections", "walls-notice", None, "keep me")
    before = (answers_dir / f"{WHO}.json").read_bytes()
    for raw in (b"", b"not json", b'{"format": "something-else"}', b"\xff\xfe"):
        with pytest.raises(answers.AnswerFileError):
            s.import_upload(raw)
    assert (answers_dir / f"{WHO}.json").read_bytes() == before
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

def test_download_link_carries_exactly_the_file(answers_dir):
    s = started(answers_dir)
    panel = exercises.MyData(s)
    s.set("reflections", "walls-notice", None, "caf\u00e9 \u2764 <b>")  # refreshes the link
    match = re.search(r"href='data:application/json;base64,([A-Za-z0-9+/=]+)'",
                      panel.download.value)
    assert match, panel.download.value
    assert base64.b64decode(match.group(1)) == (answers_dir / f"{WHO}.json").read_bytes()
    assert f"download='{WHO}.json'" in panel.download.value


def test_no_download_before_any_answer(answers_dir):
    panel = exercises.MyData(Session(answers_dir))
    assert "No answers saved yet" in panel.download.value
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
    assert "No answers saved yet" in panel.download.value
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
    assert "base64," in panel.download.value


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
    out: list = []
    monkeypatch.setattr(exercises, "display", out.append)
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
    seen = events_of(s)
    (answers_dir / f"{WHO}.json").write_bytes(b"\xff")
    assert s.set("reflections", "walls-notice", None, "text") is False
    assert s.last_error.startswith("Not saved: is not UTF-8 text")
    assert seen[-1] == ("error", s.last_error)
    assert s.set_consent("group_report", True) is False
    assert s.last_error.startswith("Not saved:")
    assert (answers_dir / f"{WHO}.json").read_bytes() == b"\xff"
    (answers_dir / f"{WHO}.json").unlink()
    assert s.set_consent("group_report", True) is True and s.last_error is None


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
    assert not s2.set("reflections", "why-heard", None, "new") and "restore" in s2.last_error
    assert not s2.set("reflections", "why-heard", None, "newer")
    assert answers.backup_path(path).read_bytes() == good_backup
    s2.start_fresh()
    assert s2.set("reflections", "why-heard", None, "new")
    assert answers.load(path)["reflections"] == {"why-heard": "new"}


def test_every_module_bar_offers_a_download_of_the_current_file(answers_dir, shown):
    """Not only 00 and 08: a copy can be taken from any page before a Binder break."""
    import base64
    import re

    s = started(answers_dir)
    s.set("reflections", "walls-notice", None, "before the break")
    exercises.participant_bar()
    [bar] = shown
    link = re.search(r"download='([^']+)' href='data:application/json;base64,([^']+)'",
                     _all_html(bar))
    assert link and link.group(1) == f"{WHO}.json"
    assert base64.b64decode(link.group(2)) == (answers_dir / f"{WHO}.json").read_bytes()
    session.current().set("reflections", "walls-notice", None, "after an edit")
    fresh = re.search(r"base64,([^']+)'", _all_html(bar)).group(1)
    assert base64.b64decode(fresh) == (answers_dir / f"{WHO}.json").read_bytes()
