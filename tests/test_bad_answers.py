"""A corpus of bad answer files: each is rejected in one line, and never stops the valid ones.

The small files are committed in `tests/data/bad_answers/` (its README.md says what is wrong with
each); the big and special ones (20 MB, deep nesting, a folder, links, a pipe) are made by a
fixture at test time. Each kind has its own `workshop validate` test; one `workshop reports` run
takes them all at once beside two valid files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from workshop.cli import main

BAD_DIR = REPO_ROOT / "tests" / "data" / "bad_answers"

# file name -> words its one-line rejection must contain
COMMITTED = {
    'truncated.json': 'not valid JSON',
    'not-json.json': 'not valid JSON',
    'json-array.json': 'must be a JSON object',
    'json-string.json': 'must be a JSON object',
    'json-number.json': 'must be a JSON object',
    'json-null.json': 'must be a JSON object',
    'empty.json': 'is empty',
    'whitespace-only.json': 'is empty',
    'utf8-bom.json': 'byte-order mark',
    'latin-1.json': 'not UTF-8',
    'wrong-format.json': 'format: must be',
    'missing-format.json': 'format: must be',
    'future-version.json': 'newer',
    'missing-version.json': 'version: must be 1',
    'version-as-text.json': 'version: must be 1',
    'version-as-float.json': 'version: must be 1',
    'missing-participant.json': 'participant: is missing',
    'missing-consent.json': 'consent: is missing',
    'missing-instruments.json': 'instruments: is missing',
    'unknown-field.json': 'password: is not a known field',
    'unknown-field-with-newline.json': 'is not a known field',
    'unknown-consent.json': 'consent.share_everything: is not a known field',
    'consent-as-text.json': 'consent: must be an object',
    'consent-answer-as-text.json': 'consent.group_report: must be true or false',
    'consent-answer-as-number.json': 'consent.group_report: must be true or false',
    'instruments-as-list.json': 'instruments: must be an object',
    'instrument-answers-as-list.json': 'instruments.walls: must be an object',
    'exercise-as-number.json': 'exercises.listening-quiz: must be an object',
    'exercise-answer-as-list.json': 'exercises.listening-quiz.q1: must be text',
    'exercise-text-too-long.json': 'too long',
    'reflections-as-list.json': 'reflections: must be an object',
    'reflection-as-number.json': 'reflections.walls-notice: must be text',
    'too-many-reflections.json': 'too many entries',
    'created-not-a-date.json': 'created: is not in the expected form',
    'updated-with-newline.json': 'updated: is not in the expected form',
    'answer-too-high.json': 'outside the scale',
    'answer-too-low.json': 'outside the scale',
    'answer-negative.json': 'outside the scale',
    'answer-float.json': 'whole number',
    'answer-integral-float.json': 'whole number',
    'answer-bool.json': 'whole number',
    'answer-string.json': 'whole number',
    'answer-null.json': 'whole number',
    'answer-nan.json': 'whole number',
    'answer-infinity.json': 'whole number',
    'answer-huge-number.json': 'number is too long',
    'unknown-instrument.json': 'instruments.wallz: is not a known instrument',
    'unknown-item.json': 'instruments.walls.walls-99: is not an item',
    'item-of-another-instrument.json': "is not an item of 'walls'",
    'pseudonym-traversal.json': 'participant: is not a valid pseudonym',
    'pseudonym-absolute-path.json': 'participant: is not a valid pseudonym',
    'pseudonym-uppercase.json': 'participant: is not a valid pseudonym',
    'pseudonym-empty.json': 'participant: is not a valid pseudonym',
    'pseudonym-too-long.json': 'participant: is not a valid pseudonym',
    'pseudonym-nul.json': 'participant: is not a valid pseudonym',
    'pseudonym-cyrillic-lookalike.json': 'participant: is not a valid pseudonym',
    'pseudonym-fullwidth-lookalike.json': 'participant: is not a valid pseudonym',
    'pseudonym-trailing-newline.json': 'participant: is not a valid pseudonym',
    'pseudonym-leading-dash.json': 'participant: is not a valid pseudonym',
    'pseudonym-as-number.json': 'participant: must be text',
    'key-with-newline.json': 'reflections: has a key that is not',
    'duplicate-keys.json': 'participant: appears twice',
    'duplicate-nested-keys.json': 'walls-01: appears twice',
    'lone-surrogate.json': 'broken character',
}
GENERATED = {
    'nested-100000-deep.json': 'nested too deeply',
    'big-20mb.json': 'MB',
    'reflection-1mb.json': 'too long',
    'folder.json': 'is a folder',
    'symlink-outside.json': 'outside its folder',
    'symlink-loop.json': 'loops',
    'fifo.json': 'not a regular file',
}


def valid_answers(participant: str, **extra) -> dict:
    data = {"format": "closer-answers", "version": 1, "participant": participant,
            "created": "2026-11-21T10:00:00Z", "updated": "2026-11-21T10:42:00Z",
            "consent": {"group_report": True, "reflections_in_group_report": False},
            "instruments": {"walls": {"walls-01": 4, "walls-02": 2}},
            "exercises": {"listening-quiz": {"q1": "b"}},
            "reflections": {"walls-notice": "free text"}}
    data.update(extra)
    return data


def _write_valid(path: Path, participant: str, **extra) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(valid_answers(participant, **extra), indent=2), encoding="utf-8")
    return path


def make_generated(folder: Path, outside: Path) -> dict[str, Path]:
    """The kinds too big or too special to commit, made in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    p = made["nested-100000-deep.json"] = folder / "nested-100000-deep.json"
    p.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    p = made["big-20mb.json"] = folder / "big-20mb.json"
    head = json.dumps(valid_answers("big-file"))[:-1].encode() + b', "padding": "'
    with open(p, "wb") as f:
        f.write(head)
        f.writelines([b"x" * (1024 * 1024)] * 20)
        f.write(b'"}')
    assert p.stat().st_size > 20 * 1024 * 1024
    p = made["reflection-1mb.json"] = folder / "reflection-1mb.json"
    _write_valid(p, "long-reflection", reflections={"walls-notice": "y" * (1024 * 1024)})
    p = made["folder.json"] = folder / "folder.json"
    p.mkdir()
    (p / "inside.json").write_text("{}")
    target = _write_valid(outside / "secret.json", "outside-person")
    p = made["symlink-outside.json"] = folder / "symlink-outside.json"
    p.symlink_to(target)
    p = made["symlink-loop.json"] = folder / "symlink-loop.json"
    p.symlink_to(p.name)
    p = made["fifo.json"] = folder / "fifo.json"
    os.mkfifo(p)
    return made


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("generated-bad")
    return make_generated(root / "bad", root / "outside")


def bad_path(name: str, generated: dict[str, Path]) -> Path:
    return generated[name] if name in GENERATED else BAD_DIR / name


def invalid_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("INVALID ")]


# ----------------------------------------------------------------------------- the corpus

def test_the_corpus_is_complete_and_documented():
    on_disk = {p.name for p in BAD_DIR.iterdir() if p.name != "README.md"}
    assert on_disk == set(COMMITTED), "every committed bad file needs an expected reason"
    assert not set(COMMITTED) & set(GENERATED)
    assert len(COMMITTED) + len(GENERATED) >= 30
    readme = (BAD_DIR / "README.md").read_text(encoding="utf-8")
    for name in [*COMMITTED, *GENERATED]:
        assert f"`{name}`" in readme, f"{name} is not listed in README.md"
    # every committed file is small: big ones are generated at test time
    assert max(p.stat().st_size for p in BAD_DIR.iterdir()) < 64 * 1024


# ----------------------------------------------------------------------------- validate, one by one

@pytest.mark.parametrize("name", [*COMMITTED, *GENERATED])
def test_validate_rejects_in_one_line(name, generated, capsys):
    path = bad_path(name, generated)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 2, captured.err          # the problem, then "0 valid, 1 invalid"
    problem = lines[0]
    assert problem.startswith(f"INVALID {path}: "), problem
    expected = {**COMMITTED, **GENERATED}[name]
    assert expected in problem, f"{expected!r} not in {problem!r}"
    assert lines[1] == "0 valid, 1 invalid"
    assert "Traceback" not in captured.err


def test_validate_all_at_once_in_a_real_process(generated, tmp_path):
    good = _write_valid(tmp_path / "good.json", "calm-heron-7")
    paths = [bad_path(name, generated) for name in [*COMMITTED, *GENERATED]]
    result = subprocess.run([sys.executable, "-m", "workshop", "validate", str(good), *paths],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    problems = invalid_lines(result.stderr)
    assert len(problems) == len(paths)
    for path in paths:
        assert sum(line.startswith(f"INVALID {path}: ") for line in problems) == 1, path
    assert f"ok      {good} (calm-heron-7)" in result.stdout
    assert f"1 valid, {len(paths)} invalid" in result.stderr


# ----------------------------------------------------------------------------- reports

def snapshot(root: Path, skip: tuple[Path, ...]) -> dict[str, tuple]:
    """Every entry under root (not following links), with what would change if written."""
    entries = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if Path(dirpath) / d not in skip]
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if p in skip:
                continue
            st = p.lstat()
            entries[str(p.relative_to(root))] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return entries


@pytest.mark.slow
def test_reports_skip_every_bad_file_and_report_the_valid_ones(tmp_path):
    folder = tmp_path / "answers"
    made = make_generated(folder, tmp_path / "outside")
    for name in COMMITTED:
        (folder / name).write_bytes((BAD_DIR / name).read_bytes())
    bad = {name: folder / name for name in COMMITTED} | made
    _write_valid(folder / "calm-heron-7.json", "calm-heron-7")
    _write_valid(folder / "steady-otter-3.json", "steady-otter-3")
    scratch = tmp_path / "scratch"   # the command's temporary files go here, to be checked
    scratch.mkdir()
    out = tmp_path / "out"
    before = snapshot(tmp_path, skip=(out, scratch))

    env = dict(os.environ, TMPDIR=str(scratch))
    result = subprocess.run([sys.executable, "-m", "workshop", "reports", str(folder),
                             "--out", str(out), "--workers", "2", "-q"],
                            capture_output=True, text=True, timeout=300, env=env,
                            check=False)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    problems = invalid_lines(result.stderr)
    assert len(problems) == len(bad), "\n".join(problems)
    expected = {**COMMITTED, **GENERATED}
    for name, path in bad.items():
        mine = [line for line in problems if line.startswith(f"INVALID {path}: ")]
        assert len(mine) == 1, (name, mine)
        assert expected[name] in mine[0], mine[0]
    # the valid files beside them were still reported
    assert sorted(p.name for p in (out / "participants").iterdir()) == [
        "calm-heron-7.html", "steady-otter-3.html"]
    rows = (out / "scores.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split(",")[0] for row in rows} == {"calm-heron-7", "steady-otter-3"}
    group = (out / "group.html").read_text(encoding="utf-8")
    assert re.search(r"<b>2</b> took part", group)
    assert "outside-person" not in group
    # nothing was written outside --out: not beside the answers, not in the temporary folder
    assert snapshot(tmp_path, skip=(out, scratch)) == before
    assert list(scratch.iterdir()) == []
