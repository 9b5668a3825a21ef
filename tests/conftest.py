"""Shared fixtures: a private answers folder, a valid answer file, a tiny instrument, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import instruments

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture
def answers_dir(tmp_path, monkeypatch) -> Path:
    """An answers folder under tmp_path, also named by WORKSHOP_ANSWERS_DIR."""
    folder = tmp_path / "answers"
    monkeypatch.setenv("WORKSHOP_ANSWERS_DIR", str(folder))
    return folder


@pytest.fixture
def fresh_session(answers_dir):
    """An empty answers folder and no kernel-wide session, before and after the test."""
    from workshop import session

    session.reset()
    yield
    session.reset()


@pytest.fixture
def valid_data() -> dict:
    """A complete, valid answer file as the spec shows it, written out by hand."""
    return {
        "format": "closer-answers",
        "version": 1,
        "participant": "river-42",
        "created": "2026-11-21T10:00:00Z",
        "updated": "2026-11-21T10:42:00Z",
        "consent": {"group_report": True, "reflections_in_group_report": False},
        "instruments": {"walls": {"walls-01": 4, "walls-02": 2}},
        "exercises": {"listening-quiz": {"q1": "b"}},
        "reflections": {"walls-notice": "free text"},
    }


@pytest.fixture
def write_json(tmp_path):
    """Write a dict (or raw bytes) as a file and return its path."""
    def write(data, name: str = "river-42.json", folder: Path | None = None) -> Path:
        folder = folder or tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        raw = data if isinstance(data, bytes) else json.dumps(data, indent=2).encode("utf-8")
        path.write_bytes(raw)
        return path
    return write


@pytest.fixture
def tiny() -> instruments.Instrument:
    """A hand-sized instrument: scale 1-5, one subscale of five items, item t3 reversed,
    min_answered 0.8 (so 4 of 5 answers are enough, 3 are not)."""
    return instruments.parse({
        "id": "tiny",
        "title": "Tiny",
        "scale": {"min": 1, "max": 5},
        "min_answered": 0.8,
        "subscales": [{"id": "only", "label": "Only"}],
        "items": [
            {"id": "t1", "subscale": "only", "text": "one"},
            {"id": "t2", "subscale": "only", "text": "two"},
            {"id": "t3", "subscale": "only", "text": "three", "reverse": True},
            {"id": "t4", "subscale": "only", "text": "four"},
            {"id": "t5", "subscale": "only", "text": "five"},
        ],
    }, where="tiny test instrument")


@pytest.fixture
def run_cli():
    """Run `python -m workshop ...` in a fresh process, as a facilitator would."""
    def run(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run([sys.executable, "-m", "workshop", *map(str, args)],
                              capture_output=True, text=True, cwd=cwd, env=full_env, timeout=120)
    return run


HUB_TESTS = Path(__file__).resolve().parent / "hub"


def pytest_collection_modifyitems(config, items):
    """Everything here is `hub`; what uses the live hub is also `slow` (out of make test-fast)."""
    for item in items:
        if HUB_TESTS in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.hub)
            if {"live", "hub_root"} & set(getattr(item, "fixturenames", ())):
                item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def hub_root():
    """A private root for the hub tests' users and hub (see tests/hub/hub_fixtures.py)."""
    sys.path.insert(0, str(HUB_TESTS))
    import hub_fixtures

    yield from hub_fixtures.hub_root()


@pytest.fixture(scope="session")
def live(hub_root):
    """One real JupyterHub for the whole session, with everyone signed in once."""
    import hub_fixtures

    yield from hub_fixtures.live(hub_root)
