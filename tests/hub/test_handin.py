"""The "Send to the facilitator" panel: no button without consent, only what is ticked is sent,
sending again replaces, withdrawing removes. First against an inbox in memory (the panel's own
rules), then from a participant's kernel on the live hub."""

from __future__ import annotations

import json

import pytest

from workshop import session as session_module, share
from workshop.hub import handin
from workshop.hub.client import InboxError


class MemoryInbox:
    """Stands in for client.Inbox: keeps what one participant sent."""

    def __init__(self, fail: str = ""):
        self.kept: dict | None = None
        self.fail = fail

    def mine(self):
        return {"id": self.kept["id"], "received": "2026-11-21T10:50:00Z"} if self.kept else None

    def send(self, obj):
        if self.fail:
            raise InboxError(self.fail)
        self.kept = share.validate(obj)
        return self.mine()

    def withdraw(self):
        had, self.kept = self.kept is not None, None
        return had


@pytest.fixture
def person(fresh_session):
    s = session_module.current()
    s.choose("river-42")
    for item, value in (("walls-01", 4), ("walls-02", 2)):
        s.set("instruments", "walls", item, value)
    s.set("reflections", "walls-notice", None, "I go quiet when I am tired.")
    return s


def visible(widget) -> bool:
    return widget.layout.display != "none"


def test_without_consent_there_is_no_button_and_the_words_say_why(person):
    panel = handin.HandIn(person, MemoryInbox())
    assert not visible(panel.send_button) and not visible(panel.pick_box)
    assert "not agreed to count in the group report" in panel.intro.value
    assert panel.send() is None and panel.inbox.kept is None


def test_consent_given_on_another_page_shows_the_button_when_asked_again(person, answers_dir):
    panel = handin.HandIn(person, MemoryInbox())
    other_kernel = session_module.Session(answers_dir)  # the welcome page, in its own kernel
    other_kernel.set_consent("group_report", True)
    panel.refresh()
    assert visible(panel.send_button)
    assert [key for key in panel.picks] == [("instruments", "walls")]  # no reflection offered
    assert not any(tick.value for tick in panel.picks.values())  # nothing ticked at first


def test_only_what_is_ticked_is_sent_without_a_pseudonym(person):
    person.set_consent("group_report", True)
    person.set_consent("reflections_in_group_report", True)
    inbox = MemoryInbox()
    panel = handin.HandIn(person, inbox)
    assert set(panel.picks) == {("instruments", "walls"), ("reflections", "walls-notice")}
    assert panel.send() is None and "nothing is chosen" in panel.status.value
    panel.picks[("instruments", "walls")].value = True
    kept = panel.send()
    assert kept and inbox.kept["instruments"] == {"walls": {"walls-01": 4, "walls-02": 2}}
    assert inbox.kept["reflections"] == {} and "from" not in inbox.kept
    assert "river-42" not in json.dumps(inbox.kept)
    assert "Sending again replaces it" in panel.status.value and visible(panel.withdraw_button)


def test_withdrawing_empties_the_inbox_and_says_so(person):
    person.set_consent("group_report", True)
    inbox = MemoryInbox()
    panel = handin.HandIn(person, inbox)
    panel.picks[("instruments", "walls")].value = True
    panel.send()
    assert panel.withdraw() is True and inbox.kept is None
    assert "Withdrawn" in panel.status.value and not visible(panel.withdraw_button)


def test_a_contribution_sent_before_consent_was_taken_back_can_still_be_withdrawn(person):
    person.set_consent("group_report", True)
    inbox = MemoryInbox()
    panel = handin.HandIn(person, inbox)
    panel.picks[("instruments", "walls")].value = True
    panel.send()
    person.set_consent("group_report", False)
    again = handin.HandIn(person, inbox)
    assert not visible(again.send_button) and visible(again.withdraw_button)
    assert again.withdraw() is True


def test_a_refusal_from_the_inbox_is_one_plain_line(person):
    person.set_consent("group_report", True)
    panel = handin.HandIn(person, MemoryInbox(fail="the facilitator's inbox cannot be reached"))
    panel.picks[("instruments", "walls")].value = True
    assert panel.send() is None
    assert "Not sent: the facilitator&#x27;s inbox cannot be reached" in panel.status.value


def test_off_the_hub_nothing_is_offered(person, monkeypatch):
    monkeypatch.delenv("CLOSER_INBOX_URL", raising=False)
    person.set_consent("group_report", True)
    panel = handin.HandIn(person)
    assert panel.inbox is None and not visible(panel.send_button)
    assert "works on the workshop&#x27;s hub only" in panel.intro.value


def test_the_panel_speaks_the_pages_language(person):
    from workshop import i18n

    person.set_consent("group_report", True)
    inbox = MemoryInbox()
    with i18n.using("es"):
        panel = handin.HandIn(person, inbox)
        assert panel.send_button.description == "Enviar a la persona facilitadora"
        assert panel.withdraw_button.description == "Retirar lo que envié"
        assert "Lo que envías <b>no lleva seudónimo</b>" in panel.intro.value
        tick = panel.picks[("instruments", "walls")]
        assert tick.description == "Mis respuestas a “Los muros que levanto”"
        assert panel.send() is None and "No se envió: no elegiste nada" in panel.status.value
        tick.value = True
        assert panel.send()
        status = panel.status.value
        assert ("El buzón de la persona facilitadora tiene lo que enviaste el 2026-11-21 a las "
                "10:50:00 UTC. Si vuelves a enviar, se reemplaza.") in status
        assert "Para el informe del grupo que prepara la persona facilitadora" in status
        assert panel.withdraw() is True
        assert "Retirado: el buzón de la persona facilitadora ya no tiene nada tuyo." in \
            panel.status.value
    sent_line = handin._sent_line({"received": "2026-11-21T10:50:00Z"})
    assert "what you sent on 2026-11-21 at 10:50:00 UTC. Sending again replaces it." in sent_line


def test_without_consent_or_off_the_hub_the_words_are_spanish(person, monkeypatch):
    from workshop import i18n

    monkeypatch.delenv("CLOSER_INBOX_URL", raising=False)
    with i18n.using("es"):
        refused = handin.HandIn(person, MemoryInbox())
        off = handin.HandIn(person)
    assert "No diste permiso para que se te cuente en el informe del grupo" in refused.intro.value
    assert "solo funciona en el servidor del taller" in off.intro.value


# --------------------------------------------------------------------------- on the live hub

HAND_IN = """
from workshop import instruments, session
from workshop.hub import handin
s = session.current()
s.choose({name!r})
s.set_consent("group_report", {consent})
for n, item in enumerate(instruments.get("walls").items):
    s.set("instruments", "walls", item.id, 1 + (n + {seed}) % 5)
panel = handin.HandIn()
print("button", panel.send_button.layout.display != "none")
for tick in panel.picks.values():
    tick.value = True
kept = panel.send()
print("sent", kept["id"] if kept else None)
"""


def hand_in(person, consent: bool = True, seed: int = 0) -> str | None:
    out = person.run(HAND_IN.format(name=person.name, consent=consent, seed=seed))
    lines = dict(line.split(" ", 1) for line in out.strip().splitlines())
    assert lines["button"] == str(consent), out
    return None if lines["sent"] == "None" else lines["sent"]


def test_from_a_participants_kernel_the_button_sends_and_withdraws(live):
    ash = live.people["ash"]
    ash.start_server()
    first = hand_in(ash)
    assert first and ash.run("from workshop.hub import client\n"
                             "print(client.Inbox.from_env().mine()['id'])").strip() == first
    second = hand_in(ash, seed=1)  # sending again replaces
    listing = live.facilitator.api("GET", "", token=live.facilitator.token)  # hub is up
    assert listing.status_code == 200
    ids = [c["id"] for c in _contributions(live)]
    assert second in ids and first not in ids
    assert ash.run("from workshop.hub import handin\nprint(handin.HandIn().withdraw())").strip() \
        == "True"
    assert second not in [c["id"] for c in _contributions(live)]


def test_from_a_kernel_without_consent_nothing_is_sent(live):
    cedar = live.people["cedar"]
    cedar.start_server()
    before = _contributions(live)
    assert hand_in(cedar, consent=False) is None
    assert _contributions(live) == before


def _contributions(live) -> list[dict]:
    import requests

    fern = live.facilitator
    got = requests.get(f"{live.hub.url}/services/inbox/api/contributions", timeout=30,
                       headers={"Authorization": f"token {fern.token}"})
    assert got.status_code == 200, got.text
    return got.json()["contributions"]
