"""Signing in to the hub: the authenticator's answers, then the real sign-in form."""

from __future__ import annotations

import asyncio

import pytest

from hub_support import CODE, Person
from workshop.hub import FACILITATORS, accounts
from workshop.hub.auth import CloserAuthenticator
from hub_fixtures import FACILITATOR


@pytest.fixture
def authenticator(tmp_path):
    path = tmp_path / "accounts.json"
    accounts.set_code(path, "open-sesame")
    accounts.set_password(path, "sam", "sampass12")
    return CloserAuthenticator(accounts_file=str(path), facilitators=["sam"])


def sign_in(authenticator, **form):
    return asyncio.run(authenticator.authenticate(None, {"code": "", **form}))


def test_a_facilitator_signs_in_into_the_facilitators_group(authenticator):
    assert sign_in(authenticator, username="sam", password="sampass12") == \
        {"name": "sam", "groups": [FACILITATORS]}
    assert authenticator.manage_groups is True


def test_a_participant_is_in_no_group(authenticator):
    who = sign_in(authenticator, username="River", password="riverpass", code="open-sesame")
    assert who == {"name": "river", "groups": []}  # names are lower-cased first


def test_refusals_are_none(authenticator):
    assert sign_in(authenticator, username="sam", password="open-sesame",
                   code="open-sesame") is None
    assert sign_in(authenticator, username="x", password="whatever12", code="open-sesame") \
        is None
    assert authenticator.validate_username("river") and not \
        authenticator.validate_username("42river")


# --------------------------------------------------------------------------- the live form

def test_the_sign_in_page_asks_for_a_pseudonym_a_password_and_the_code(live):
    page = Person(live.hub, "nobody").browser.get(f"{live.hub.url}/hub/login", timeout=30)
    assert page.status_code == 200
    for words in ("Pseudonym:", 'name="password"', 'name="code"', "First time here?"):
        assert words in page.text


def test_the_code_does_not_open_someone_elses_pseudonym(live):
    intruder = Person(live.hub, "ash", password="not-ashs-password")
    assert intruder.sign_in(code=CODE).status_code == 403
    assert intruder.sign_in(code="wrong-code").status_code == 403


def test_a_newcomer_needs_the_code(live):
    newcomer = Person(live.hub, "dawn")
    assert newcomer.sign_in().status_code == 403
    assert newcomer.sign_in(code="wrong-code").status_code == 403
    assert newcomer.sign_in(code=CODE, password="short").status_code == 403


def test_a_facilitators_name_cannot_be_claimed_with_the_code(live):
    assert Person(live.hub, "fern", password="any-password").sign_in(code=CODE).status_code \
        == 403


def test_a_participant_signs_in_again_from_another_browser(live):
    again = Person(live.hub, "birch")
    response = again.sign_in()
    assert response.status_code == 302 and response.headers["Location"].endswith("/hub/spawn")
