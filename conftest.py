"""Root pytest hooks, so they apply to `tests/` and to the notebooks nbval collects alike."""

from __future__ import annotations

import os
import shutil
import tempfile

_MADE_ANSWERS_DIR: str | None = None


def pytest_configure(config):
    """Give the test run its own answers folder when none is set.

    nbval starts each notebook's kernel with this process's environment, so notebooks run under
    `make test` never read or write `notebooks/answers/` (a participant's or a developer's).
    """
    global _MADE_ANSWERS_DIR
    if not os.environ.get("WORKSHOP_ANSWERS_DIR"):
        _MADE_ANSWERS_DIR = tempfile.mkdtemp(prefix="closer-test-answers-")
        os.environ["WORKSHOP_ANSWERS_DIR"] = _MADE_ANSWERS_DIR


def pytest_unconfigure(config):
    global _MADE_ANSWERS_DIR
    if _MADE_ANSWERS_DIR is not None:
        if os.environ.get("WORKSHOP_ANSWERS_DIR") == _MADE_ANSWERS_DIR:
            del os.environ["WORKSHOP_ANSWERS_DIR"]
        shutil.rmtree(_MADE_ANSWERS_DIR, ignore_errors=True)
        _MADE_ANSWERS_DIR = None
