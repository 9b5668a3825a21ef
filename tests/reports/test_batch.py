"""`reports.batch`: the whole `workshop reports` run, one fresh process per report, and the
single-report launcher behind module 08's button."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
import textwrap

import pytest
from report_helpers import (
    BAD_FILES,
    ISOLATION_NAMES,
    assert_self_contained,
    canary_folder,
    cohort_run,
    expected_rows,
    make_answers,
    read_probes,
    run_in_process,
    score_rows,
    snapshot,
    text_of,
    write,
)

from workshop import instruments
from workshop.reports import batch


@pytest.fixture
def run(tmp_path_factory):
    return cohort_run(tmp_path_factory)


# ----------------------------------------------------------------------------- the whole run

@pytest.mark.slow
def test_bad_files_exit_1_each_named_once_and_the_rest_still_reported(run):
    assert run.code == 1
    invalid = [line for line in run.stderr.splitlines() if line.startswith("INVALID")]
    assert len(invalid) == len(BAD_FILES)
    for name, reason in BAD_FILES.items():
        mine = [line for line in invalid if f"{os.sep}{name}:" in line]
        assert len(mine) == 1, (name, invalid)
        assert reason in mine[0]
    written = sorted(p.stem for p in (run.out / "participants").glob("*.html"))
    assert written == sorted(run.people)
    assert run.result.reports == len(run.people)
    assert "12 personal report(s)" in run.stdout and "3 file(s) rejected" in run.stdout


@pytest.mark.slow
def test_scores_csv_has_every_valid_participant(run):
    with open(run.out / "scores.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["participant"] for r in rows} == set(run.people)
    per_person = sum(len(i.subscales) for i in instruments.load_all().values())
    assert len(rows) == per_person * len(run.people)


@pytest.mark.slow
def test_outputs_are_private(run):
    assert stat.S_IMODE(run.out.stat().st_mode) == 0o700
    assert stat.S_IMODE((run.out / "participants").stat().st_mode) == 0o700
    files = [p for p in run.out.rglob("*") if p.is_file()]
    assert len(files) == len(run.people) + 2
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert not [p for p in run.out.iterdir() if p.name.startswith(".")]  # no staging left over


@pytest.mark.slow
def test_input_files_untouched(run):
    assert snapshot(run.answers_dir) == run.before


@pytest.mark.slow
def test_one_worker_process_per_participant(run):
    pids = list(run.result.pids.values())
    assert sorted(run.result.pids) == sorted(run.people)
    assert len(set(pids)) == len(pids)
    assert os.getpid() not in pids


def test_out_inside_the_answers_folder_is_refused(tmp_path):
    folder = tmp_path / "answers"
    write(folder, make_answers("alder-11"))
    code, _, stderr, _ = run_in_process([str(folder), "--out", str(folder / "reports"), "-q"])
    assert code == 2 and "inside the answers folder" in stderr
    assert not (folder / "reports").exists()


# ----------------------------------------------------------------------------- isolation

@pytest.mark.slow
def test_each_report_runs_in_a_process_that_held_only_its_own_data(tmp_path, run_cli):
    """A real `workshop reports` process; each worker records every canary string it can reach.

    Run in a fresh process on purpose: this test module itself holds the canaries in memory."""
    folder, probe, out = tmp_path / "answers", tmp_path / "probe", tmp_path / "out"
    probe.mkdir()
    canary_folder(folder, ISOLATION_NAMES)
    proc = run_cli("reports", folder, "--out", out, "--workers", "2",
                   env={batch.PROBE_ENV: str(probe)})
    assert proc.returncode == 0, proc.stderr
    assert "Reports" in proc.stderr and "100%" in proc.stderr  # the progress bar
    seen = read_probes(probe)
    assert set(seen) == {*ISOLATION_NAMES, "__group__"}
    for name in ISOLATION_NAMES:
        assert seen[name]["seen"] == [f"canary-{name}"], name  # its own, and only its own
    pids = [v["pid"] for v in seen.values()]
    assert len(set(pids)) == len(pids)  # a new process for every report and for the group


@pytest.mark.slow
def test_the_isolation_probe_would_catch_a_leak(tmp_path):
    """Control: a parent that reads every answer file before forking leaks them all, and the
    probe reports it. So the clean result above means something."""
    folder, probe, out = tmp_path / "answers", tmp_path / "probe", tmp_path / "out"
    probe.mkdir()
    names = ISOLATION_NAMES[:3]
    canary_folder(folder, names)
    script = textwrap.dedent(f"""
        from pathlib import Path
        from workshop import answers
        from workshop.reports import batch
        held = [answers.load(p) for p in sorted(Path({str(folder)!r}).glob("*.json"))]
        batch.build_all(Path({str(folder)!r}), Path({str(out)!r}), workers=2, progress=False)
    """)
    env = {**os.environ, batch.PROBE_ENV: str(probe)}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)
    seen = read_probes(probe)
    for name in names:
        assert set(seen[name]["seen"]) == {f"canary-{n}" for n in names}


# ----------------------------------------------------------------------------- one report (module 08)

@pytest.mark.slow
def test_render_file_makes_the_report_in_a_separate_process(tmp_path):
    data = make_answers("alder-11", reflections={"walls-notice": "just mine"})
    path = write(tmp_path / "answers", data)
    page = batch.render_file(path)
    assert score_rows(page) == expected_rows(data)
    assert "alder-11" in page and "just mine" in text_of(page)
    assert_self_contained(page)


@pytest.mark.slow
def test_render_file_reports_a_bad_file(tmp_path):
    path = write(tmp_path, b"[]", "bad.json")
    with pytest.raises(RuntimeError, match="must be a JSON object"):
        batch.render_file(path)


@pytest.mark.parametrize("argv", [[], ["one"], ["two", "a.json", "b.html"],
                                  ["one", "a.json", "b.html", "extra"]])
def test_main_without_one_file_and_one_page_shows_its_usage(argv, capsys):
    assert batch.main(argv) == 2
    assert "usage: python -m workshop.reports.batch one ANSWERS.json OUT.html" in \
        capsys.readouterr().err


def test_main_refuses_a_bad_file_in_one_line_and_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, b"[]", "bad.json")
    out = tmp_path / "out.html"
    assert batch.main(["one", str(path), str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(path) in err and "must be a JSON object" in err
    assert not out.exists()
