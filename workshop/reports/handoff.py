"""The builder validates each input file once and hands it to the template that loads it.

A report template only names its files (papermill parameters are text); in the same process, the
builder has already read and validated them, so the template takes them from here instead of
reading and validating them a second time. A folder (the group report) is handed over the same
way, as what the builder collected from it.
"""

from __future__ import annotations

from pathlib import Path

_provided: dict[str, object] = {}


def _key(path: Path | str) -> str:
    return str(Path(path).resolve())


def provide(path: Path | str, data: object | None) -> None:
    """Hand over a validated file's data for `path` (None: forget it)."""
    if data is None:
        _provided.pop(_key(path), None)
    else:
        _provided[_key(path)] = data


def take(path: Path | str):
    """What the builder handed over for `path`, or None (then the template reads the file)."""
    return _provided.get(_key(path))


def pending() -> dict[str, object]:
    """Everything handed over and not yet forgotten (tests: nothing is kept after a report)."""
    return dict(_provided)
