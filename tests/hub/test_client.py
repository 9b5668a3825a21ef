"""The inbox from a notebook or a terminal: the facilitator's group report from three
participants' contributions, made in the facilitator's own server and from the command line."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

import pytest

from test_handin import hand_in
from workshop.hub import client

REPORT = """
from workshop.hub import client
result = client.collect_and_report("contributions", "reports", min_group_size=3)
print("errors", len(result.errors))
"""


def names_in(page: str) -> list[str]:
    """The participants' pseudonyms as words in a page (images' base64 data left out)."""
    text = re.sub(r"data:[^\"')\s]+", "", page)
    return re.findall(r"\b(ash|birch|cedar)\b", text)


@pytest.fixture(scope="module")
def three_contributions(live):
    for seed, person in enumerate(live.participants()):
        person.start_server()
        assert hand_in(person, seed=seed)
    return live


def test_the_facilitator_makes_the_group_report_in_their_own_notebook(three_contributions):
    live = three_contributions
    fern = live.facilitator
    fern.start_server()
    assert fern.model()["servers"][""]["url"] == "/user/fern/"
    notebook = fern.home / "facilitator.ipynb"
    assert notebook.exists() and notebook.stat().st_uid == os.stat(fern.home).st_uid
    assert "errors 0" in fern.run(REPORT)
    group = (fern.home / "reports" / "group.html").read_text(encoding="utf-8")
    assert "<b>3</b> took part" in group
    assert not names_in(group)
    for path in (fern.home / "contributions").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.stat().st_uid == os.stat(fern.home).st_uid


def test_the_facilitator_opens_on_their_notebook_not_the_participants_page(live):
    fern = live.facilitator
    fern.sign_in(fresh=True, follow=True)
    fern.start_server()
    page = fern.open("")
    assert page.status_code == 200 and page.url.endswith("/user/fern/lab/tree/facilitator.ipynb")


def test_the_facilitator_collects_from_the_command_line(three_contributions, tmp_path):
    live = three_contributions
    token_file = tmp_path / "token"
    token_file.write_text(live.facilitator.token)
    out = tmp_path / "contributions"
    collected = subprocess.run(
        [sys.executable, "-m", "workshop", "hub", "collect", "--out", str(out), "--hub",
         live.hub.url, "--token-file", str(token_file)], capture_output=True, text=True,
        timeout=120)
    assert collected.returncode == 0, collected.stderr
    assert "3 contributions in" in collected.stdout
    reports = subprocess.run([sys.executable, "-m", "workshop", "reports", str(out), "--out",
                              str(tmp_path / "reports"), "--min-group-size", "3", "--quiet"],
                             capture_output=True, text=True, timeout=300)
    assert reports.returncode == 0, reports.stderr
    assert "<b>3</b> took part" in (tmp_path / "reports" / "group.html").read_text()


def test_a_participants_token_cannot_collect(three_contributions, tmp_path):
    live = three_contributions
    inbox = client.Inbox(client.inbox_url(live.hub.url), live.people["ash"].token)
    with pytest.raises(client.InboxError, match="refused"):
        inbox.collect(tmp_path / "stolen")
    assert not list((tmp_path / "stolen").glob("*.json"))


def test_collecting_again_drops_what_was_withdrawn(three_contributions, tmp_path):
    live = three_contributions
    inbox = client.Inbox(client.inbox_url(live.hub.url), live.facilitator.token)
    assert len(inbox.collect(tmp_path / "c")) == 3
    live.people["cedar"].run("from workshop.hub import client\n"
                             "print(client.Inbox.from_env().withdraw())")
    assert len(inbox.collect(tmp_path / "c")) == 2
    assert len(list((tmp_path / "c").glob("contribution-*.json"))) == 2


def test_off_the_hub_there_is_no_inbox():
    assert client.Inbox.from_env({}) is None
    assert client.Inbox.from_env({"CLOSER_INBOX_URL": "http://127.0.0.1:1/",
                                  "JUPYTERHUB_API_TOKEN": "t"}).url == "http://127.0.0.1:1/"
    with pytest.raises(client.InboxError, match="cannot be reached"):
        client.Inbox("http://127.0.0.1:9/services/inbox/", "t").mine()


def test_an_unreachable_inbox_is_said_in_the_current_language(monkeypatch):
    from workshop import i18n

    with i18n.using("es"), pytest.raises(client.InboxError) as exc:
        client.Inbox("http://127.0.0.1:9/services/inbox/", "t").mine()
    assert str(exc.value).startswith("no se puede conectar con el buzón de la persona facilitadora (")
    monkeypatch.delenv("CLOSER_INBOX_URL", raising=False)
    with i18n.using("es"), pytest.raises(client.InboxError) as off:
        client.collect_and_report()
    assert str(off.value) == ("no estás en un servidor de Closer (hub): las variables "
                              "$CLOSER_INBOX_URL y "
                              "$JUPYTERHUB_API_TOKEN no están definidas")
