"""The hand-over between a report's builder and its template."""

from __future__ import annotations

from workshop.reports import handoff


def test_provided_data_is_taken_by_path_and_forgotten(tmp_path):
    path = tmp_path / "a.json"
    assert handoff.take(path) is None
    handoff.provide(path, {"participant": "river-42"})
    # the same file, however its path is written
    assert handoff.take(tmp_path / "." / "a.json") == {"participant": "river-42"}
    handoff.provide(path, None)
    assert handoff.take(path) is None and handoff.pending() == {}
