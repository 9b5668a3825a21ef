"""The inbox seen from a notebook or a terminal: send and withdraw (participants), collect
(facilitators).

Inside a server on the hub, the address ($CLOSER_INBOX_URL) and the token ($JUPYTERHUB_API_TOKEN)
are already set; from another computer, a facilitator passes the hub's address and a token made
on the hub's token page. Every failure is an `InboxError` with one plain line.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from workshop import files, share
from workshop.hub import INBOX, INBOX_URL_ENV
from workshop.hub.store import file_name
from workshop.i18n import _, ngettext

TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
TIMEOUT = 30


class InboxError(RuntimeError):
    """The inbox could not be reached or refused the request; `str()` says why, in one line."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def inbox_url(hub: str) -> str:
    """The inbox's address on a hub whose public address is `hub` (https://hub.example.org/)."""
    return hub.rstrip("/") + f"/services/{INBOX}/"


class Inbox:
    def __init__(self, url: str, token: str):
        self.url = url if url.endswith("/") else url + "/"
        self.token = token

    @classmethod
    def from_env(cls, environ=None) -> "Inbox | None":
        """The inbox of the hub this server runs on, or None when not on a Closer hub."""
        env = os.environ if environ is None else environ
        url, token = env.get(INBOX_URL_ENV), env.get(TOKEN_ENV)
        return cls(url, token) if url and token else None

    def _call(self, method: str, path: str, body: bytes | None = None) -> tuple[bytes, str]:
        request = urllib.request.Request(self.url + path, data=body, method=method, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raise InboxError(_reason(exc), exc.code) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InboxError(_("the facilitator's inbox cannot be reached ({problem})").format(
                problem=reason)) from None

    def _json(self, method: str, path: str, body: bytes | None = None) -> dict:
        raw, _kind = self._call(method, path, body)
        try:
            return json.loads(raw)
        except ValueError:
            raise InboxError(_("the inbox answered with something that is not JSON")) from None

    # ------------------------------------------------------------------ participants
    def mine(self) -> dict | None:
        """My contribution's id and arrival time, or None."""
        return self._json("GET", "api/mine")["contribution"]

    def send(self, obj: dict) -> dict:
        """Send (or replace) my contribution: a facilitator share file."""
        return self._json("PUT", "api/mine", share.dumps(share.validate(obj)))["contribution"]

    def withdraw(self) -> bool:
        return self._json("DELETE", "api/mine")["withdrawn"]

    # ------------------------------------------------------------------ facilitators
    def contributions(self) -> list[dict]:
        return self._json("GET", "api/contributions")["contributions"]

    def download(self, share_id: str) -> bytes:
        return self._call("GET", f"api/contributions/{share_id}")[0]

    def collect(self, out: Path | str) -> list[Path]:
        """Download every contribution into a private folder, each checked as a share file,
        ready for `workshop reports`. Files of contributions since withdrawn are removed."""
        folder = files.private_dir(Path(out))
        wanted = {}
        for item in self.contributions():
            raw = self.download(item["id"])
            share.parse(raw, file_name(item["id"]))
            wanted[file_name(item["id"])] = raw
        for old in folder.glob("contribution-*.json"):
            if old.name not in wanted:
                old.unlink()
        written = []
        for name, raw in sorted(wanted.items()):
            files.write_atomic(folder / name, raw)
            written.append(folder / name)
        return written


def _reason(exc: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(exc.read()).get("error") or exc.reason
    except (ValueError, AttributeError, OSError):
        detail = exc.reason
    if exc.code == 403:
        return _("the inbox refused this ({problem})").format(problem=detail)
    if exc.code == 400:
        return _("the inbox did not accept this: {problem}").format(problem=detail)
    return _("the inbox answered {status} ({problem})").format(status=exc.code, problem=detail)


def collect_and_report(contributions: Path | str = "contributions", out: Path | str = "reports",
                       min_group_size: int = 5, inbox: Inbox | None = None):
    """For a facilitator's notebook: download every contribution, then make the reports as
    `workshop reports` does. Returns the batch result (its `errors` lists any file refused)."""
    from workshop.reports import batch

    inbox = inbox or Inbox.from_env()
    if inbox is None:
        raise InboxError(_("not on a Closer hub: ${address} and ${token} are not set").format(
            address=INBOX_URL_ENV, token=TOKEN_ENV))
    paths = inbox.collect(contributions)
    result = batch.build_all(Path(contributions), Path(out), workers=1,
                             min_group_size=min_group_size, progress=False)
    print(ngettext("{n} contribution in {folder}; group report: {report}",
                   "{n} contributions in {folder}; group report: {report}", len(paths)).format(
                       n=len(paths), folder=contributions, report=Path(out) / "group.html"))
    return result
