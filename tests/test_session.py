"""The session model: who is answering, one `Saved` result per save, listeners, damaged files."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from exercise_helpers import (WHO, _all_html, _find, _help_box, _visible, emergency_number,  # noqa: F401
                              on_disk, s, saved_status, shown, started, upload_value,
                              deck_cards)
from workshop import answers, session
from workshop.session import Recovery, Saved, Session

pytestmark = pytest.mark.usefixtures("fresh_session")


class Reloads:
    """Counts the times a session tells its listeners that the whole file changed."""

    def __init__(self, s: Session):
        self.count = 0
        self.stop = s.listen(self._heard)

    def _heard(self) -> None:
        self.count += 1


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


# --------------------------------------------------------------------------- in Spanish
# Messages are worded when they happen, in the page's language (a Spanish page sets "es").

def test_a_damaged_file_is_explained_in_spanish_on_a_spanish_page(answers_dir):
    from workshop import i18n

    started(answers_dir)
    data = on_disk(answers_dir)
    del data["consent"]
    (answers_dir / f"{WHO}.json").write_text(json.dumps(data))
    with i18n.using("es"):
        problem = Session(answers_dir).problem
    assert problem.startswith("No se pudo leer tu archivo de respuestas porque la entrada "
                              "“consent” falta.")
    assert "no se sobrescribió nada" in problem
    (answers_dir / f"{WHO}.json").write_text("")
    with i18n.using("es"):
        problem = Session(answers_dir).problem
    assert problem.startswith("No se pudo leer tu archivo de respuestas porque está vacío.")


def test_refused_saves_say_why_in_spanish(answers_dir):
    from workshop import i18n

    with i18n.using("es"):
        nobody = Session(answers_dir).save(("reflections", "walls-notice"), "texto")
        s = started(answers_dir)
        refused = s.set("consent", "x", None, True)
        outside = s.save(("instruments", "walls", "walls-01"), 9)
    assert nobody.message == ("Todavía no se guardó nada: primero elige un seudónimo arriba en "
                              "la página.")
    assert refused.message == "No se guardó: consent.x no es un campo conocido"
    assert outside.message.startswith("No se guardó: instruments.walls.walls-01 9 está fuera")
    assert session.NEED_PSEUDONYM.startswith("Not saved yet")  # the constant stays English
