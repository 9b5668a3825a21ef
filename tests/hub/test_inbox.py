"""The inbox service on the live hub: write-only for participants, readable by facilitators,
and never by anyone without the hub's word for who they are."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import requests

from workshop import share
from workshop.hub import inbox

ANSWERS = {"format": "closer-answers", "version": 1, "participant": "ash",
           "created": "2026-11-21T10:00:00Z", "updated": "2026-11-21T10:00:00Z",
           "consent": {"group_report": True, "reflections_in_group_report": False},
           "instruments": {"walls": {"walls-01": 4, "walls-02": 2}}, "exercises": {},
           "reflections": {}}


def contribution() -> bytes:
    return share.dumps(share.make(ANSWERS, "facilitator", ["walls"], []))


def call(live, method: str, path: str, token: str | None = None, **kw) -> requests.Response:
    headers = {"Authorization": f"token {token}"} if token else {}
    return requests.request(method, f"{live.hub.url}/services/inbox/{path}", headers=headers,
                            timeout=30, **kw)


@pytest.fixture
def emptied(live):
    """Nothing in the inbox from the three participants, before and after."""
    for person in live.participants():
        call(live, "DELETE", "api/mine", person.token)
    yield live
    for person in live.participants():
        call(live, "DELETE", "api/mine", person.token)


def test_a_participant_puts_replaces_and_withdraws_only_their_own(emptied):
    live = emptied
    ash, birch = live.people["ash"], live.people["birch"]
    kept = call(live, "PUT", "api/mine", ash.token, data=contribution())
    assert kept.status_code == 200, kept.text
    first = kept.json()["contribution"]["id"]
    assert call(live, "GET", "api/mine", ash.token).json()["contribution"]["id"] == first
    assert call(live, "GET", "api/mine", birch.token).json()["contribution"] is None
    assert call(live, "DELETE", "api/mine", birch.token).json() == {"withdrawn": False}
    second = call(live, "PUT", "api/mine", ash.token, data=contribution()).json()
    fern = live.facilitator
    ids = [c["id"] for c in call(live, "GET", "api/contributions", fern.token).json()
           ["contributions"]]
    assert ids == [second["contribution"]["id"]]  # replaced, not added
    assert call(live, "DELETE", "api/mine", ash.token).json() == {"withdrawn": True}
    assert call(live, "GET", "api/contributions", fern.token).json()["contributions"] == []


def test_participants_can_never_read_the_contributions(emptied):
    live = emptied
    ash, birch = live.people["ash"], live.people["birch"]
    sent = call(live, "PUT", "api/mine", ash.token, data=contribution()).json()["contribution"]
    for path in ("api/contributions", f"api/contributions/{sent['id']}",
                 "api/contributions.zip"):
        refused = call(live, "GET", path, birch.token)
        assert refused.status_code == 403, path
        assert sent["id"] not in refused.text
        assert call(live, "GET", path, ash.token).status_code == 403  # not even their own


def test_the_facilitator_lists_and_downloads_without_any_name(emptied):
    live = emptied
    for person in live.participants():
        assert call(live, "PUT", "api/mine", person.token, data=contribution()).status_code == 200
    fern = live.facilitator
    listing = call(live, "GET", "api/contributions", fern.token)
    items = listing.json()["contributions"]
    assert len(items) == 3 and all(set(i) == {"id", "received", "instruments", "reflections"}
                                   for i in items)
    one = call(live, "GET", f"api/contributions/{items[0]['id']}", fern.token)
    assert one.headers["Content-Disposition"].endswith(f'contribution-{items[0]["id"]}.json"')
    assert share.parse(one.content)["audience"] == "facilitator"
    archive = zipfile.ZipFile(io.BytesIO(call(live, "GET", "api/contributions.zip",
                                              fern.token).content))
    assert sorted(archive.namelist()) == sorted(f"contribution-{i['id']}.json" for i in items)
    everything = listing.text + "".join(archive.read(n).decode() for n in archive.namelist())
    assert not any(name in everything for name in ("ash", "birch", "cedar"))


def test_without_the_hubs_word_nothing_is_allowed(live):
    assert call(live, "GET", "api/mine").status_code == 403
    assert call(live, "PUT", "api/mine", data=contribution()).status_code == 403
    assert call(live, "GET", "api/contributions", "not-a-real-token").status_code == 403


def test_a_browser_cookie_alone_cannot_send_for_someone(live):
    """A signed-in browser can see the inbox page, but another site's form could ride on that
    cookie: sending and withdrawing need the server's API token."""
    ash = live.people["ash"]
    page = ash.browser.get(f"{live.hub.url}/services/inbox/", timeout=60)
    assert page.status_code == 200 and "The facilitator's inbox" in page.text
    forged = ash.browser.put(f"{live.hub.url}/services/inbox/api/mine", data=contribution(),
                             timeout=30)
    assert forged.status_code == 403


def test_the_facilitators_page_lists_contributions(emptied):
    live = emptied
    call(live, "PUT", "api/mine", live.people["birch"].token, data=contribution())
    page = live.facilitator.browser.get(f"{live.hub.url}/services/inbox/", timeout=60)
    assert page.status_code == 200 and "Contributions to the group report" in page.text
    assert "1 contribution. None carries a name" in page.text and "contributions.zip" in page.text


def test_anything_but_a_facilitator_share_is_refused_with_the_reason(live):
    ash = live.people["ash"]
    partner = share.dumps(share.make(ANSWERS, "partner", ["walls"], []))
    refused = call(live, "PUT", "api/mine", ash.token, data=partner)
    assert refused.status_code == 400 and "partner" in refused.json()["error"]
    bad = call(live, "PUT", "api/mine", ash.token, data=json.dumps(ANSWERS).encode())
    assert bad.status_code == 400 and "full answer file" in bad.json()["error"]


def test_pages_escape_what_they_show():
    page = inbox.page_for_facilitator([{"id": "ab12", "received": "<b>x</b>",
                                        "instruments": ["<script>"], "reflections": 0}])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "You have not sent anything" in inbox.page_for_participant(None)


def test_the_pages_speak_the_hubs_language():
    from workshop import i18n

    items = [{"id": f"ab1{n}", "received": "2026-11-21T10:00:00Z", "instruments": ["walls"],
              "reflections": 0} for n in range(2)]
    with i18n.using("es"):
        facilitator = inbox.page_for_facilitator(items)
        participant = inbox.page_for_participant(None)
        sent = inbox.page_for_participant({"id": "ab12", "received": "2026-11-21T10:00:00Z"})
    assert "<html lang='es'>" in facilitator and "<h1>Aportes para el informe del grupo</h1>" \
        in facilitator
    assert "2 aportes. Ninguno lleva nombre" in facilitator
    assert "<th>Recibido (UTC)</th>" in facilitator and "Descarga todo (zip)" in facilitator
    assert "No enviaste nada a la persona facilitadora." in participant
    assert "“Enviar a la persona facilitadora” del módulo 08" in participant
    assert "Tu aporte se recibió el 2026-11-21T10:00:00Z (UTC)." in sent
    english = inbox.page_for_facilitator(items[:1])
    assert "<html lang='en'>" in english and "1 contribution. None carries a name" in english
