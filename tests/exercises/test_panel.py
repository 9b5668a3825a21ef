"""The participant's panel: pseudonym, consent, country and help lines, damaged files, the bar."""

from __future__ import annotations

import json

import ipywidgets as w
import pytest

from exercise_helpers import (WHO, _all_html, _find, _help_box, _visible, emergency_number,  # noqa: F401
                              on_disk, s, saved_status, shown, started, upload_value,
                              deck_cards)
from workshop import exercises, resources, session
from workshop.exercises.frontend import DownloadButton
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")


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


# --------------------------------------------------------------------------- the page-level panels


def test_participant_bar_asks_for_a_pseudonym_only_when_needed(answers_dir, shown):
    exercises.participant_bar()
    [bar] = shown
    assert "choose a pseudonym" in _all_html(bar)
    session.current().choose(WHO)
    assert "choose a pseudonym" not in _all_html(bar)


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
