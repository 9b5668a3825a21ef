"""The facilitator's inbox: a hub-managed web service, authenticated by JupyterHub (HubOAuth).

Everyone signed in to the hub may put, replace or withdraw their own contribution (with their
server's API token; never with a browser cookie alone, so no other page can do it for them).
Only tokens with the facilitators' scope may list and download contributions. The rules live in
`store.Store`; this module only maps requests to them.

Run by the hub as `python -m workshop.hub.inbox --lang LANG --store DIR` (see config.services):
its pages and refusals are in the hub's language.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import secrets
import signal
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import httpserver, web

from workshop import i18n, share
from workshop.hub import READ_SCOPE
from workshop.hub.store import Store, file_name
from workshop.i18n import _, ngettext


class Base(HubOAuthenticated, web.RequestHandler):
    def initialize(self, store: Store):
        self.store = store

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")

    def who(self) -> dict:
        """The signed-in user, or 403 (an API never redirects to a login page)."""
        user = self.current_user
        if not user:
            raise web.HTTPError(403, _("sign in to the hub first"))
        return user

    def facilitator(self) -> dict:
        user = self.who()
        if not self.hub_auth.check_scopes({READ_SCOPE}, user):
            raise web.HTTPError(403, _("only facilitators can read the inbox"))
        return user

    def write_json(self, obj, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(obj))

    def write_error(self, status_code: int, **kwargs) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, web.HTTPError) and exc.log_message:
            reason = exc.log_message
        self.write_json({"error": reason}, status_code)


class Mine(Base):
    """A participant's own contribution: whether it is there, send (replace), withdraw."""

    def _owner(self) -> str:
        user = self.who()
        if user.get("kind", "user") != "user":
            raise web.HTTPError(403, _("only people send contributions"))
        return user["name"]

    def _token_only(self) -> str:
        owner = self._owner()  # identifies the user, and notes whether a token did it
        if not getattr(self, "_token_authenticated", False):
            raise web.HTTPError(403, _("send or withdraw from your own server (with its API "
                                       "token)"))
        return owner

    def get(self) -> None:
        self.write_json({"contribution": self.store.mine(self._owner())})

    def put(self) -> None:
        owner = self._token_only()
        try:
            kept = self.store.put(owner, self.request.body)
        except share.ShareError as exc:
            raise web.HTTPError(400, str(exc)) from None
        self.write_json({"contribution": kept})

    def delete(self) -> None:
        self.write_json({"withdrawn": self.store.withdraw(self._token_only())})


class Listing(Base):
    def get(self) -> None:
        self.facilitator()
        self.write_json({"contributions": self.store.contributions()})


class One(Base):
    def get(self, share_id: str) -> None:
        self.facilitator()
        try:
            raw = self.store.get(share_id)
        except KeyError:
            raise web.HTTPError(404, _("no contribution with that id (it may have been "
                                       "withdrawn)")) from None
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="{file_name(share_id)}"')
        self.finish(raw)


class Zip(Base):
    def get(self) -> None:
        self.facilitator()
        self.set_header("Content-Type", "application/zip")
        self.set_header("Content-Disposition", 'attachment; filename="contributions.zip"')
        self.finish(self.store.zip_all())


class Page(Base):
    """What a person sees at /services/inbox/: the list (facilitators) or their own status."""

    @web.authenticated
    def get(self) -> None:
        user = self.who()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        if self.hub_auth.check_scopes({READ_SCOPE}, user):
            self.finish(page_for_facilitator(self.store.contributions()))
        else:
            self.finish(page_for_participant(self.store.mine(user["name"])))


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='{i18n.current()}'><head><meta charset='utf-8'>"
            f"<title>{title}</title>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
            "padding:0 1rem;line-height:1.5}td,th{padding:.3rem .6rem;text-align:left}"
            "code{background:#f3f3f3;padding:0 .2rem}</style></head>"
            f"<body><h1>{title}</h1>{body}</body></html>")


def _text(words: str) -> str:
    """Words as HTML text (quotes and apostrophes stay as they are)."""
    return html.escape(words, quote=False)


def page_for_facilitator(items: list[dict]) -> str:
    rows = "".join(
        f"<tr><td><a href='api/contributions/{html.escape(c['id'])}'>"
        f"{html.escape(file_name(c['id']))}</a></td><td>{html.escape(c['received'])}</td>"
        f"<td>{html.escape(', '.join(c['instruments']) or '-')}</td>"
        f"<td>{c['reflections']}</td></tr>" for c in items)
    heads = "".join(f"<th>{_text(h)}</th>" for h in (
        _("File"), _("Received (UTC)"), _("Self-assessments"), _("Reflections")))
    table = f"<table><tr>{heads}</tr>{rows}</table>" if items else \
        f"<p>{_text(_('No contributions yet.'))}</p>"
    count = ngettext("{n} contribution. None carries a name: each has only a random id. "
                     "Participants can replace or withdraw theirs at any time, so collect them "
                     "again just before you make the report.",
                     "{n} contributions. None carries a name: each has only a random id. "
                     "Participants can replace or withdraw theirs at any time, so collect them "
                     "again just before you make the report.", len(items)).format(n=len(items))
    return _page(_text(_("Contributions to the group report")), (
        f"<p>{_text(count)}</p>" + table + "<p>" +
        _("<a href='api/contributions.zip'>Download all (zip)</a>, unzip it into a folder, "
          "then run <code>workshop reports FOLDER --out reports</code>. Or, in your own "
          "notebook, run the facilitator notebook's cells.") + "</p>"))


def page_for_participant(mine: dict | None) -> str:
    if mine:
        status = _("Your contribution arrived at {time} (UTC). Only the facilitator can read "
                   "it, and it carries no name.").format(time=mine["received"])
    else:
        status = _("You have not sent anything to the facilitator.")
    return _page(_text(_("The facilitator's inbox")), f"<p>{_text(status)}</p><p>" +
                 _text(_("To send, replace or withdraw your contribution, use the panel "
                         "\"Send to the facilitator\" in module 08. Nobody else's "
                         "contribution can be seen here.")) + "</p>")


def make_app(store: Store, prefix: str) -> web.Application:
    api = url_path_join(prefix, "api")
    handlers = [
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        (url_path_join(api, "mine"), Mine, {"store": store}),
        (url_path_join(api, "contributions"), Listing, {"store": store}),
        (url_path_join(api, "contributions.zip"), Zip, {"store": store}),
        (url_path_join(api, r"contributions/([0-9a-f]{16,64})"), One, {"store": store}),
        (prefix, Page, {"store": store}),
    ]
    return web.Application(handlers, cookie_secret=secrets.token_bytes(32))


async def serve(store: Store, prefix: str, host: str, port: int) -> None:
    """Answer until the hub stops the service (SIGTERM, or SIGINT)."""
    server = httpserver.HTTPServer(make_app(store, prefix), max_body_size=share.MAX_BYTES + 4096)
    server.listen(port, host)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workshop.hub.inbox",
                                     description="The facilitator's inbox (run by JupyterHub).")
    parser.add_argument("--store", required=True, help="the folder for contributions")
    parser.add_argument("--ip", help="address to listen on (default: the host of the service's "
                                     "URL; 0.0.0.0 in a Kubernetes hub pod)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT,
                        help="the language of its pages and refusals (the hub's)")
    args = parser.parse_args(argv)
    i18n.use(args.lang)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/inbox/")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8082"))
    host = args.ip or url.hostname or "127.0.0.1"
    asyncio.run(serve(Store(args.store), prefix, host, url.port or 80))


if __name__ == "__main__":
    main()
