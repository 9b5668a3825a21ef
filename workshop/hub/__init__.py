"""Closer on JupyterHub: a private, persistent server for each participant on one machine.

Split by job, each module usable without the others' side effects:
`settings` (what a facilitator chooses, kept in the hub's state folder), `accounts` (pseudonyms,
passwords, the workshop code and the system users behind them), `auth` and `spawner` (the
JupyterHub authenticator and spawner built on them), `config` (every JupyterHub setting, from the
settings), `store` and `inbox` (the facilitator's write-only inbox: its rules and its web
service), `client` (the inbox seen from a notebook or the command line), `handin` (the "Send to
the facilitator" panel) and `run` (`workshop hub`).
"""

from __future__ import annotations

INBOX = "inbox"  # the hub-managed service's name: /services/inbox/
FACILITATORS = "facilitators"  # the JupyterHub group whose members read the inbox
READ_SCOPE = "custom:closer-inbox:read"  # the one permission facilitators have beyond their own
INBOX_URL_ENV = "CLOSER_INBOX_URL"  # where a participant's kernel reaches the inbox
