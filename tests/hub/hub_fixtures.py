"""The hub tests' session: one real hub, three participants and a facilitator.

tests/conftest.py turns `hub_root` and `live` below into session fixtures. (A conftest.py in this
folder would be imported as `conftest` too and hide tests/conftest.py from the tests that import
from it; importing the fixtures into each test file would start one hub per file.)

Every test in tests/hub is marked `hub`. Those that need the live hub fail in CI (CI=true) and are
skipped elsewhere when it cannot run here (not root, no configurable-http-proxy), saying why.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hub_support import (CODE, Hub, Person, cleanup_users, make_root, one_at_a_time,
                         open_folders, restore_folders, why_not)

PARTICIPANTS = ("ash", "birch", "cedar")
FACILITATOR = "fern"


@dataclass
class Live:
    hub: Hub
    people: dict[str, Person] = field(default_factory=dict)

    @property
    def facilitator(self) -> Person:
        return self.people[FACILITATOR]

    def participants(self) -> list[Person]:
        return [self.people[name] for name in PARTICIPANTS]


def _require() -> None:
    reason = why_not()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the hub tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(f"{reason} (set CI=1 to make this a failure)")


def hub_root():
    _require()
    lock = one_at_a_time()
    cleanup_users()  # a run that was killed may have left some
    open_folders()
    root = make_root()
    try:
        yield root
    finally:
        cleanup_users()
        restore_folders()
        shutil.rmtree(root, ignore_errors=True)
        lock.close()


def live(hub_root):
    """The hub, with everyone signed in once: participants claim their pseudonym with the
    workshop code; the facilitator's account was made by the operator."""
    hub = Hub(Path(sys.executable), hub_root / "hub", facilitators=(FACILITATOR,)).start()
    state = Live(hub)
    try:
        for name in PARTICIPANTS:
            person = Person(hub, name)
            assert person.sign_in(code=CODE).status_code == 302, hub.log()
            state.people[name] = person
        fern = Person(hub, FACILITATOR)
        assert fern.sign_in().status_code == 302, hub.log()
        state.people[FACILITATOR] = fern
        yield state
    finally:
        hub.stop()
