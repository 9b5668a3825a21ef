"""Root pytest hooks, so they apply to `tests/` and to the notebooks nbval collects alike."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

NETGUARD = Path(__file__).resolve().parent / "tests" / "system" / "netguard"
NETGUARD_LOG_ENV = "CLOSER_NETGUARD_LOG"

_MADE_ANSWERS_DIR: str | None = None
_GUARD_LOG: Path | None = None


def pytest_configure(config):
    """Give the test run its own answers folder when none is set.

    nbval starts each notebook's kernel with this process's environment, so notebooks run under
    `make test` never read or write `notebooks/answers/` (a participant's or a developer's).
    """
    global _MADE_ANSWERS_DIR
    if not os.environ.get("WORKSHOP_ANSWERS_DIR"):
        _MADE_ANSWERS_DIR = tempfile.mkdtemp(prefix="closer-test-answers-")
        os.environ["WORKSHOP_ANSWERS_DIR"] = _MADE_ANSWERS_DIR


def _is_notebook_cell(item) -> bool:
    return str(getattr(item, "path", "")).endswith(".ipynb")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts the first notebook kernel, close the network for every kernel after
    it: the network guard (tests/system/netguard) goes first on PYTHONPATH and logs any attempt.

    Notebooks run last in `make test`, so no other test's subprocess inherits the guard.
    """
    global _GUARD_LOG
    if _GUARD_LOG is not None or not _is_notebook_cell(item):
        return
    _GUARD_LOG = Path(tempfile.mkdtemp(prefix="closer-netguard-")) / "net.log"
    path = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(NETGUARD), path) if p)
    os.environ[NETGUARD_LOG_ENV] = str(_GUARD_LOG)


def _guard_events(kind: str) -> list[dict]:
    if _GUARD_LOG is None or not _GUARD_LOG.exists():
        return []
    events = map(json.loads, _GUARD_LOG.read_text(encoding="utf-8").splitlines())
    return [e for e in events if e["event"] == kind]


def pytest_sessionfinish(session, exitstatus):
    """The notebooks ran with the network closed and nobody's pseudonym: fail the run if any of
    them tried to reach another machine, if the guard never loaded in their kernels (then it
    proved nothing), or if merely opening them saved a file."""
    if _GUARD_LOG is None:
        return
    blocked = _guard_events("blocked")
    kernels = [e for e in _guard_events("loaded") if "ipykernel" in " ".join(e["argv"])]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    problem = ""
    if blocked:
        problem = f"a notebook tried to reach the network: {blocked[:3]}"
    elif not kernels:
        problem = "the network guard did not load in the notebooks' kernels"
    elif _MADE_ANSWERS_DIR and os.listdir(_MADE_ANSWERS_DIR):
        problem = ("opening the notebooks as a newcomer saved something unasked: "
                   f"{sorted(os.listdir(_MADE_ANSWERS_DIR))}")
    if problem:
        if reporter:
            reporter.write_line(f"FAILED notebooks: {problem}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config):
    global _MADE_ANSWERS_DIR
    if _MADE_ANSWERS_DIR is not None:
        if os.environ.get("WORKSHOP_ANSWERS_DIR") == _MADE_ANSWERS_DIR:
            del os.environ["WORKSHOP_ANSWERS_DIR"]
        shutil.rmtree(_MADE_ANSWERS_DIR, ignore_errors=True)
        _MADE_ANSWERS_DIR = None
