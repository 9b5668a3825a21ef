"""The language choice on the welcome page: saved in the answer file like the country, the page's
own language kept in a new file, and a link to the page in the other language when they differ."""

from __future__ import annotations

import json

import ipywidgets as w
import pytest

from exercise_helpers import (WHO, _find, on_disk, shown, spanish, started)  # noqa: F401
from workshop import answers, exercises, i18n, session
from workshop.exercises import language
from workshop.exercises.frontend import Live
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")

WELCOME_ES = "es/00-bienvenida.ipynb"  # from notebooks/00-welcome.ipynb
WELCOME_EN = "../00-welcome.ipynb"  # from notebooks/es/00-bienvenida.ipynb


def welcome(shown) -> tuple[w.Widget, w.Dropdown, Live, exercises.PseudonymPicker]:
    """The welcome panel as the notebook shows it: its language choice, link and picker."""
    exercises.welcome_setup()
    panel = shown[-1]
    choice = _find(panel, w.Dropdown, description=language.LABEL)
    link = _find(panel, Live, _dom_classes=("closer-language-link",))
    text = _find(panel, w.Text, _dom_classes=("closer-pseudonym",))
    return panel, choice, link, text


def choose(panel, name: str = WHO) -> None:
    """Type a pseudonym and press the picker's button, as a participant does."""
    text = _find(panel, w.Text, _dom_classes=("closer-pseudonym",))
    text.value = name
    _find(panel, w.Button, button_style="primary").click()


# --------------------------------------------------------------------------- the links

def test_the_other_welcome_page_is_linked_relative_to_this_one():
    assert language.page_in("es", "welcome", page="en") == WELCOME_ES
    assert language.page_in("en", "welcome", page="es") == WELCOME_EN
    assert language.page_in("en", "welcome", page="en") == "00-welcome.ipynb"
    # any module: the same number, the other folder
    assert language.page_in("es", "walls", page="en") == "es/04-muros.ipynb"


def test_the_offer_is_written_in_the_language_it_offers():
    i18n.translations.cache_clear()
    es = language.switch_html("es", page="en")
    en = language.switch_html("en", page="es")
    assert f'href="{WELCOME_ES}"' in es and "español" in es and "English" not in es
    assert f'href="{WELCOME_EN}"' in en and "English" in en and "español" not in en
    assert i18n.current() == "en"  # writing the offer does not change the page's language


# --------------------------------------------------------------------------- the control

def test_a_labelled_native_choice_of_the_two_languages_on_the_page_language(answers_dir, shown):
    panel, choice, link, _text = welcome(shown)
    assert choice.description == "Language / Idioma"  # both languages: anyone can find it
    assert choice.options == (("English", "en"), ("Español", "es"))
    assert choice.options == tuple((i18n.NAMES[c], c) for c in i18n.LANGUAGES)
    assert choice.value == "en" and link.value == ""
    assert "closer-language" in choice._dom_classes
    assert panel.children[0].children[0] is choice  # the first thing on the welcome panel


def test_the_choice_does_not_wait_for_a_pseudonym(answers_dir, shown):
    """Someone on the wrong language's page must be able to leave before writing anything."""
    _panel, choice, link, _text = welcome(shown)
    assert not choice.disabled
    choice.value = "es"
    assert f'href="{WELCOME_ES}"' in link.value and link.lang == "es"
    assert not answers_dir.exists() or not list(answers_dir.glob("*.json"))  # nothing saved


# --------------------------------------------------------------------------- saved like country

def test_choosing_spanish_saves_it_and_offers_the_spanish_page(answers_dir, shown):
    started(answers_dir)
    session.reset()
    _panel, choice, link, _text = welcome(shown)
    assert "language" not in on_disk(answers_dir)  # an older file: nothing written on opening
    choice.value = "es"
    assert on_disk(answers_dir)["language"] == "es"
    assert f'<a href="{WELCOME_ES}">' in link.value and "español" in link.value
    assert link.lang == "es"  # a screen reader reads the offer in Spanish
    status = _find(_panel, w.Widget, _dom_classes=("closer-status",))
    assert "Saved at" in status.value  # the page's language: English

    choice.value = "en"
    assert on_disk(answers_dir)["language"] == "en"
    assert link.value == ""


def test_a_new_file_made_on_the_english_page_says_english(answers_dir, shown):
    panel, _choice, _link, _text = welcome(shown)
    choose(panel)
    assert on_disk(answers_dir)["language"] == "en"
    answers.load(answers_dir / f"{WHO}.json")  # and the file is valid


def test_a_new_file_made_on_the_spanish_welcome_page_says_spanish(answers_dir, shown, spanish):
    panel, choice, link, text = welcome(shown)
    assert choice.value == "es" and link.value == ""
    assert text.description == "Seudónimo"
    choose(panel)
    assert session.current().participant == WHO
    assert on_disk(answers_dir)["language"] == "es"  # without touching the choice
    assert choice.value == "es" and link.value == ""
    answers.load(answers_dir / f"{WHO}.json")


def test_a_module_page_opened_first_also_starts_the_file_in_its_language(answers_dir, shown,
                                                                         spanish):
    exercises.participant_bar()
    choose(shown[-1])
    assert on_disk(answers_dir)["language"] == "es"


def test_an_existing_language_is_kept_and_the_other_page_offered(answers_dir, shown, spanish):
    s = started(answers_dir)
    s.save(("language",), "en")
    session.reset()
    panel, choice, link, _text = welcome(shown)
    assert choice.value == "en"
    assert f'href="{WELCOME_EN}"' in link.value and "English" in link.value
    assert link.lang == "en"
    choose(panel)  # the same pseudonym again on the Spanish page
    assert on_disk(answers_dir)["language"] == "en"  # the participant's choice, not the page's


def test_a_language_chosen_before_the_pseudonym_is_the_one_saved(answers_dir, shown):
    panel, choice, link, _text = welcome(shown)
    choice.value = "es"
    choose(panel)
    assert on_disk(answers_dir)["language"] == "es"
    assert choice.value == "es" and f'href="{WELCOME_ES}"' in link.value


def test_a_rebuilt_panel_and_an_upload_show_the_saved_language(answers_dir, shown, valid_data):
    started(answers_dir).save(("language",), "es")
    again = exercises.LanguageChoice(session=Session(answers_dir))
    assert again.choice.value == "es" and WELCOME_ES in again.link.value

    _panel, choice, link, _text = welcome(shown)
    session.current().import_upload(json.dumps({**valid_data, "language": "en"}).encode())
    assert choice.value == "en" and link.value == ""
    session.current().import_upload(json.dumps({**valid_data, "language": "es"}).encode())
    assert choice.value == "es" and WELCOME_ES in link.value


def test_erasing_goes_back_to_the_pages_language(answers_dir, shown):
    panel, choice, link, _text = welcome(shown)
    choose(panel)
    choice.value = "es"
    session.current().erase()
    assert choice.value == "en" and link.value == "" and not choice.disabled
