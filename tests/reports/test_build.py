"""`reports.build`: one report made in this process from its papermill template."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from report_helpers import expected_rows, make_answers, score_rows, write

from workshop import answer_format, answers
from workshop.reports import (
    GROUP_TEMPLATE,
    PARTICIPANT_TEMPLATE,
    TOGETHER_TEMPLATE,
    build,
    handoff,
)


@pytest.mark.parametrize("template, names", [
    (PARTICIPANT_TEMPLATE, {"answers_path", "generated", "module_url", "language"}),
    (GROUP_TEMPLATE, {"answers_dir", "min_group_size", "generated", "language"}),
    (TOGETHER_TEMPLATE, {"share_a", "share_b", "generated", "lang", "language"}),
])
def test_templates_live_in_the_package_with_a_parameters_cell(template, names):
    nb = nbformat.read(template, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assigned = set(re.findall(r"^(\w+)\s*=", tagged[0].source, re.MULTILINE))
    assert names <= assigned
    for cell in nb.cells:
        assert not cell.get("outputs")
        # Every text a reader sees comes from Python, translated: no Markdown cells.
        assert cell.cell_type == "code"
        assert cell.metadata["jupyter"]["source_hidden"] is True
        assert "remove-input" in cell.metadata["tags"]
    # The language is set in the process that renders, before anything is shown.
    first = nb.cells[1].source
    assert first.index("i18n.use(language)") < first.index("report = ")


@pytest.mark.slow
def test_each_answer_file_is_read_and_validated_once_per_report(tmp_path, monkeypatch):
    """The builder reads and validates the file, and the template gets that very data through
    `handoff.provide` instead of reading the file a second time."""
    data = make_answers("alder-11", reflections={"walls-notice": "only mine"})
    path = write(tmp_path / "answers", data)
    loads, validations = [], []
    real_load, real_validate = answers.load, answer_format.validate

    def counting_load(p):
        loads.append(Path(p))
        return real_load(p)

    def counting_validate(d, p=None):
        validations.append(p)
        return real_validate(d, p)

    monkeypatch.setattr(answers, "load", counting_load)
    monkeypatch.setattr(answer_format, "validate", counting_validate)
    got, page = build.participant_html(path, "2026-11-21")
    assert got == data
    assert score_rows(page) == expected_rows(data)  # the page was made from that one reading
    assert "only mine" in page
    assert loads == [path]
    assert len(validations) == 1
    assert handoff.pending() == {}  # the worker does not keep the data once the page is made


def test_the_provided_data_is_forgotten_even_when_the_template_fails(tmp_path, monkeypatch):
    path = write(tmp_path / "answers", make_answers("alder-11"))

    def broken(template, parameters):
        assert handoff.pending()  # handed over while the template runs
        raise RuntimeError("the template broke")

    monkeypatch.setattr(build, "execute", broken)
    with pytest.raises(RuntimeError, match="the template broke"):
        build.participant_html(path)
    assert handoff.pending() == {}


def test_a_bad_file_is_refused_before_any_template_runs(tmp_path, monkeypatch):
    path = write(tmp_path, b'{"format": "closer-answers", "version": 1}', "bad.json")
    monkeypatch.setattr(build, "execute", lambda *a: pytest.fail("the template ran"))
    with pytest.raises(answers.AnswerFileError, match="is missing") as exc:
        build.participant_html(path)
    assert str(path) in str(exc.value)
