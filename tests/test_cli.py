"""The `workshop` command, in a real process and in-process through main()."""

from __future__ import annotations

import csv
import json

import pytest

from workshop import instruments
from workshop.cli import main

COMMANDS = ["start", "validate", "demo-cohort", "scores", "reports", "agenda"]
SPEC_COLUMNS = ["participant", "instrument", "subscale", "mean", "score", "answered", "items"]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def answer_file(participant="river-42", walls=None):
    return {"format": "closer-answers", "version": 1, "participant": participant,
            "consent": {"group_report": True}, "instruments": {"walls": walls or {}}}


@pytest.fixture
def bad_files(tmp_path, write_json):
    """One of each kind of unusable file, as a facilitator might find them."""
    folder = tmp_path / "bad"
    truncated = write_json(b'{"format": "closer-answers", "vers', name="truncated.json",
                           folder=folder)
    out_of_range = write_json(answer_file("range", {"walls-01": 9}), name="range.json",
                              folder=folder)
    not_object = write_json(b"[]", name="list.json", folder=folder)
    a_folder = folder / "folder.json"
    a_folder.mkdir()
    return [truncated, out_of_range, not_object, a_folder, folder / "missing.json"]


# ----------------------------------------------------------------------------- help and usage

def test_help_in_a_real_process_lists_every_command(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout
    assert result.stderr == ""


def test_help_in_process(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize("command", ["validate", "demo-cohort", "scores", "reports"])
def test_sub_command_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert f"workshop {command}" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["no-such-command"],
    ["validate"],                                  # needs at least one file
    ["demo-cohort", "--out", "x"],                 # --n is required
    ["demo-cohort", "--n", "many", "--out", "x"],
    ["scores", "somewhere"],                       # --out is required
    ["agenda", "--bogus"],
])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_usage_errors_found_after_parsing_exit_2(tmp_path, capsys):
    assert main(["demo-cohort", "--n", "0", "--out", str(tmp_path / "x")]) == 2
    assert main(["scores", str(tmp_path / "no-such-folder"), "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert "--n" in err and "no-such-folder" in err
    assert not (tmp_path / "x").exists()


def test_usage_error_in_a_real_process(run_cli):
    result = run_cli("scores")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- validate

def test_validate_valid_files_exits_0(tmp_path, write_json, capsys):
    a = write_json(answer_file("river-42", {"walls-01": 3}), name="a.json")
    b = write_json(answer_file("calm-heron-7"), name="b.json")
    assert main(["validate", str(a), str(b)]) == 0
    captured = capsys.readouterr()
    assert "river-42" in captured.out and "calm-heron-7" in captured.out
    assert captured.err == ""


def test_validate_reports_one_line_per_bad_file(tmp_path, write_json, bad_files, run_cli):
    good = write_json(answer_file(), name="good.json")
    result = run_cli("validate", good, *bad_files)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("INVALID")]
    assert len(problem_lines) == len(bad_files)
    for path in bad_files:
        assert sum(str(path) in line for line in problem_lines) == 1, path
    assert not any(str(good) in line for line in problem_lines)
    # the out-of-range file names its field
    assert any("walls-01" in line for line in problem_lines if "range.json" in line)
    assert f"1 valid, {len(bad_files)} invalid" in result.stderr


def test_validate_in_process_with_one_bad_file(tmp_path, write_json, capsys):
    good = write_json(answer_file(), name="good.json")
    bad = write_json(b"{", name="bad.json")
    assert main(["validate", "-q", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""                      # quiet: only the problems
    lines = captured.err.splitlines()
    assert len(lines) == 1 and str(bad) in lines[0]


def test_validate_keeps_going_after_an_overlong_number(tmp_path, write_json, capsys):
    huge = write_json(json.dumps(answer_file()).replace('"version": 1', '"version": 1'
                                                        + "0" * 5000).encode(), name="huge.json")
    good = write_json(answer_file(), name="good.json")
    assert main(["validate", str(huge), str(good)]) == 1
    captured = capsys.readouterr()
    assert str(huge) in captured.err
    assert "river-42" in captured.out              # the next file was still checked


# ----------------------------------------------------------------------------- demo-cohort

def test_demo_cohort_writes_n_files(tmp_path, run_cli):
    out = tmp_path / "demo"
    result = run_cli("demo-cohort", "--n", 7, "--seed", 2, "--out", out)
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.json"))
    assert len(files) == 7
    check = run_cli("validate", *files)
    assert check.returncode == 0, check.stderr


def test_demo_cohort_in_process(tmp_path, capsys):
    assert main(["demo-cohort", "--n", "3", "--seed", "1", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.json"))) == 3
    assert "3" in capsys.readouterr().out


# ----------------------------------------------------------------------------- scores

def test_scores_csv_has_the_spec_columns_and_one_row_per_subscale(tmp_path, run_cli):
    cohort = tmp_path / "cohort"
    assert run_cli("demo-cohort", "--n", 5, "--seed", 9, "--out", cohort).returncode == 0
    out = tmp_path / "scores.csv"
    result = run_cli("scores", cohort, "--out", out)
    assert result.returncode == 0, result.stderr
    columns, rows = read_csv(out)
    assert columns == SPEC_COLUMNS
    subscales = {(iid, s.id) for iid, inst in instruments.load_all().items()
                 for s in inst.subscales}
    participants = {p.stem for p in cohort.glob("*.json")}
    assert len(participants) == 5
    keys = [(r["participant"], r["instrument"], r["subscale"]) for r in rows]
    assert len(keys) == len(set(keys)) == len(participants) * len(subscales)
    assert set(keys) == {(p, i, s) for p in participants for i, s in subscales}
    for r in rows:
        assert 0 <= int(r["answered"]) <= int(r["items"])
        if r["score"]:
            assert 0 <= float(r["score"]) <= 100


def test_scores_exit_1_with_a_bad_file_but_scores_the_rest(tmp_path, write_json, capsys):
    folder = tmp_path / "mixed"
    write_json(answer_file("river-42", {"walls-01": 3}), name="river-42.json", folder=folder)
    write_json(answer_file("calm-heron-7", {"walls-02": 4}), name="calm-heron-7.json",
               folder=folder)
    bad = write_json(b'{"format": "closer-answers", "version": 1, "participant": "x", ',
                     name="broken.json", folder=folder)
    out = tmp_path / "scores.csv"
    assert main(["scores", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err
    _, rows = read_csv(out)
    assert {r["participant"] for r in rows} == {"river-42", "calm-heron-7"}


def test_scores_of_hand_written_walls_answers_match_hand_arithmetic(tmp_path, write_json, run_cli):
    # walls.toml: scale 1-5, min_answered 0.66; reversed items are walls-04 (stoicism),
    # walls-08 (busyness), walls-12 (caregiving), walls-21 (numbing) and walls-20 (smokescreens).
    # Every subscale has 4 items except numbing, which has 5 (walls-13 to 16, and 21).
    # A reversed answer a counts as 1 + 5 - a = 6 - a.
    walls = {
        "walls-01": 4, "walls-02": 5, "walls-03": 3, "walls-04": 2,   # stoicism
        "walls-05": 2, "walls-07": 4, "walls-08": 5,                  # busyness, 06 missing
        "walls-09": 5, "walls-10": 4,                                 # caregiving, 11+12 missing
        "walls-13": 1, "walls-14": 2, "walls-15": 2, "walls-16": 4,   # numbing,
        "walls-21": 2,                                                # with its reversed item
        "walls-17": 3, "walls-18": 4, "walls-19": 2, "walls-20": 1,   # smokescreens
    }
    expected = {
        # stoicism: 4, 5, 3, (6-2)=4 -> 16/4 = 4.0 ; (4.0-1)/4*100 = 75.0
        "stoicism": ("4.0", "75.0", 4),
        # busyness: 2, 4, (6-5)=1 -> 7/3 = 2.3333 ; 3 of 4 = 0.75 >= 0.66 so scored
        #           (7/3-1)/4*100 = (4/3)/4*100 = 33.3333
        "busyness": ("2.3333", "33.3333", 3),
        # caregiving: 2 of 4 answered = 0.5 < 0.66 -> no mean, no score
        "caregiving": ("", "", 2),
        # numbing: 1, 2, 2, 4, (6-2)=4 -> 13/5 = 2.6 ; (2.6-1)/4*100 = 40.0
        "numbing": ("2.6", "40.0", 5),
        # smokescreens: 3, 4, 2, (6-1)=5 -> 14/4 = 3.5 ; (3.5-1)/4*100 = 62.5
        "smokescreens": ("3.5", "62.5", 4),
    }
    folder = tmp_path / "one"
    write_json(answer_file("river-42", walls), name="river-42.json", folder=folder)
    out = tmp_path / "scores.csv"
    result = run_cli("scores", folder, "--out", out)
    assert result.returncode == 0, result.stderr
    _, rows = read_csv(out)
    got = {r["subscale"]: r for r in rows if r["instrument"] == "walls"}
    assert set(got) == set(expected)
    for subscale, (mean, score, answered) in expected.items():
        row = got[subscale]
        assert row["participant"] == "river-42"
        assert int(row["answered"]) == answered, subscale
        assert int(row["items"]) == (5 if subscale == "numbing" else 4), subscale
        if mean == "":
            assert row["mean"] == "" and row["score"] == "", subscale
        else:
            assert float(row["mean"]) == pytest.approx(float(mean), abs=1e-4), subscale
            assert float(row["score"]) == pytest.approx(float(score), abs=1e-4), subscale
    # instruments this person never opened are present, unscored
    others = [r for r in rows if r["instrument"] != "walls"]
    assert others and all(r["mean"] == "" and r["answered"] == "0" for r in others)


def test_agenda_prints_the_plan(capsys):
    assert main(["agenda", "--start", "09:30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| Start |") and "09:30" in out and "Total:" in out
