"""The hub's sign-in: a pseudonym and a password, or, the first time, the workshop code too.

A thin JupyterHub Authenticator over `accounts.sign_in`, which holds the rules. The login page
(templates/login.html) asks for the pseudonym, the password and the workshop code.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Integer, List, Unicode, default

from workshop.hub import FACILITATORS, accounts


class CloserAuthenticator(Authenticator):
    """Pseudonym + password; a new pseudonym is claimed with the facilitator's workshop code."""

    accounts_file = Unicode(help="accounts.json in the hub's state folder").tag(config=True)
    facilitators = List(Unicode(), help="names only the hub's operator can create").tag(
        config=True)
    min_password = Integer(8, help="shortest password a newcomer may choose").tag(config=True)

    @default("manage_groups")
    def _groups_follow_settings(self) -> bool:
        return True

    def validate_username(self, username: str) -> bool:
        return bool(accounts.NAME_RE.fullmatch(username)) and super().validate_username(username)

    async def authenticate(self, handler, data: dict) -> dict | None:
        """The signed-in person and their groups: `facilitators` follows the settings at every
        sign-in (manage_groups), so removing a name there takes the inbox away from them."""
        name = self.normalize_username(data.get("username", ""))
        # scrypt takes a moment on purpose: keep it off the hub's event loop
        who = await asyncio.to_thread(
            accounts.sign_in, Path(self.accounts_file), name, data.get("password", ""),
            data.get("code", ""), frozenset(self.facilitators), self.min_password)
        if who is None:
            return None
        return {"name": who, "groups": [FACILITATORS] if who in self.facilitators else []}
