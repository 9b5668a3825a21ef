"""The `workshop` command, in a real process and in-process through main()."""

from __future__ import annotations

import csv
import json
import re

import pytest

from workshop import i18n, instruments
from workshop.cli import main

COMMANDS = ["start", "validate", "demo-cohort", "scores", "reports", "share", "together",
            "agenda"]
SPEC_COLUMNS = ["participant", "instrument", "subscale", "mean", "score", "answered", "items"]


@pytest.fixture(autouse=True)
def english_afterwards():
    """main() sets the process's language from --lang or the terminal: English again after."""
    yield
    i18n.use("en")


@pytest.fixture
def spanish_terminal(monkeypatch):
    """A terminal whose locale is Mexican Spanish (as gettext reads it)."""
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")


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


@pytest.mark.parametrize("command", ["validate", "demo-cohort", "scores", "reports", "share",
                                     "together"])
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
    ["share", "a.json", "--out", "s.json"],                   # --for is required
    ["share", "a.json", "--for", "everyone", "--out", "s.json"],
    ["together", "a.json", "--out", "x"],                     # needs two share files
    ["together", "a.json", "b.json", "--out", "x", "--lang", "fr"],
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


# ----------------------------------------------------------------------------- share and together

def demo_answers(folder, name, *, seed=1, group_report=True, quote=False, country=None):
    """A realistic answer file (the demo cohort's rules) with walls, fears and connection
    answered and two reflections written."""
    import random

    from workshop import answers, demo

    data = demo.participant(name, random.Random(seed), demo.START)
    for iid in ("walls", "fears", "connection"):
        inst = instruments.get(iid)
        data["instruments"][iid] = data["instruments"].get(iid) or {inst.items[0].id: 3}
    data["reflections"] = {"walls-notice": f"{name} wrote this", "why-heard": "<script>x</script>"}
    data["exercises"]["action-plan"] = {"step": "a plan never shared"}
    data["consent"] = {"group_report": group_report, "reflections_in_group_report": quote}
    if country:
        data["country"] = country
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_bytes(answers.dumps(answers.validate(data)))
    return path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_share_writes_only_the_choice_privately_and_says_what_it_holds(tmp_path, capsys):
    import stat

    source = demo_answers(tmp_path / "answers", "river-42", country="GB")
    out = tmp_path / "river-share.json"
    assert main(["share", str(source), "--for", "partner", "--instruments", "walls",
                 "--reflections", "walls-notice", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    made = json.loads(out.read_text())
    assert list(made["instruments"]) == ["walls"] and list(made["reflections"]) == ["walls-notice"]
    assert "a plan never shared" not in out.read_text() and "consent" not in made
    assert f"wrote {out} (readable only by you)" in printed
    assert "Your answers to 'The walls I put up'" in printed
    assert "Nothing else from your answer file" in printed
    assert "only if you feel safe" in printed and "999" in printed  # the UK's help lines


@pytest.mark.parametrize("extra, code, words", [
    ([], 2, "nothing is chosen: a share file holds only what you choose, and nothing is chosen "
            "by default"),
    (["--instruments", " , "], 2, "nothing is chosen"),
    (["--instruments", "tarot"], 1, "'tarot' is not a self-assessment in Closer"),
    (["--reflections", "forward-stand-up"], 1, "have not written the reflection"),
])
def test_share_refusals_are_one_line(tmp_path, capsys, extra, code, words):
    source = demo_answers(tmp_path / "answers", "river-42")
    out = tmp_path / "s.json"
    assert main(["share", str(source), "--for", "partner", *extra, "--out", str(out)]) == code
    assert words in one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_share_for_the_facilitator_needs_consent(tmp_path, capsys):
    refused = demo_answers(tmp_path / "answers", "river-42", group_report=False)
    out = tmp_path / "f.json"
    assert main(["share", str(refused), "--for", "facilitator", "--instruments", "walls",
                 "--out", str(out)]) == 1
    assert "not agreed to be counted in the group report" in one_error_line(
        capsys.readouterr().err)
    counted = demo_answers(tmp_path / "answers", "sky-7", group_report=True, quote=False)
    assert main(["share", str(counted), "--for", "facilitator", "--instruments", "walls",
                 "--reflections", "walls-notice", "--out", str(out)]) == 1
    assert "quoted" in one_error_line(capsys.readouterr().err)
    assert main(["share", str(counted), "--for", "facilitator", "--instruments", "walls",
                 "--out", str(out)]) == 0
    made = json.loads(out.read_text())
    assert "from" not in made and "sky-7" not in out.read_text()
    assert "without your pseudonym" in capsys.readouterr().out


def test_share_never_overwrites_an_answer_file_or_reads_a_share_file(tmp_path, capsys):
    source = demo_answers(tmp_path / "answers", "river-42")
    before = source.read_bytes()
    assert main(["share", str(source), "--for", "partner", "--instruments", "walls",
                 "--out", str(source)]) == 2
    assert "already exists and is not a share file" in one_error_line(capsys.readouterr().err)
    assert source.read_bytes() == before
    out = tmp_path / "s.json"
    assert main(["share", str(source), "--for", "partner", "--instruments", "walls",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["share", str(out), "--for", "partner", "--instruments", "walls",
                 "--out", str(tmp_path / "t.json")]) == 1
    assert "is a share file already" in one_error_line(capsys.readouterr().err)


@pytest.fixture
def two_shares(tmp_path):
    """Two partners' share files, made with the command: A shares walls and fears, B walls and
    connection."""
    folder = tmp_path / "answers"
    a, b = demo_answers(folder, "river-42", seed=1), demo_answers(folder, "sky-7", seed=2)
    sa, sb = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["share", str(a), "--for", "partner", "--instruments", "walls,fears",
                 "--reflections", "walls-notice,why-heard", "--out", str(sa)]) == 0
    assert main(["share", str(b), "--for", "partner", "--instruments", "walls,connection",
                 "--out", str(sb)]) == 0
    return a, b, sa, sb


def test_together_writes_a_private_report_in_a_real_process(two_shares, tmp_path, run_cli):
    import stat

    _, _, sa, sb = two_shares
    out = tmp_path / "ours"
    result = run_cli("together", sa, sb, "--out", out)
    assert result.returncode == 0, result.stderr
    page = (out / "together.html").read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE((out / "together.html").stat().st_mode) == 0o600
    assert "The walls I put up" in page
    assert "What makes closeness feel risky" not in page
    assert "Where connection is fading" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert "a plan never shared" not in page
    assert str(out / "together.html") in result.stdout


def test_together_lang_es_writes_a_spanish_report_and_says_so_in_spanish(two_shares, tmp_path,
                                                                          capsys):
    _, _, sa, sb = two_shares
    capsys.readouterr()
    assert main(["together", str(sa), str(sb), "--out", str(tmp_path / "o"), "--lang",
                 "es"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"se escribió {tmp_path / 'o' / 'together.html'} (solo tú puedes "
                          "leerlo). Contiene solo lo que ustedes dos eligieron compartir")
    page = (tmp_path / "o" / "together.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in page and "Los muros que levanto" in page


def test_together_refusals_are_one_line(two_shares, tmp_path, capsys, write_json):
    a, b, sa, sb = two_shares
    f = tmp_path / "f.json"
    assert main(["share", str(b), "--for", "facilitator", "--instruments", "walls",
                 "--out", str(f)]) == 0
    future = json.loads(sb.read_text())
    future["version"] = 2
    newer = write_json(future, name="newer.json")
    capsys.readouterr()
    for argv, words in (
            ([sa, sa], "both share files come from 'river-42'"),
            ([sa, f], f"{f} is a share file for the facilitator's group report, not for a "
                      "partner"),
            ([sa, a], f"{a}: is a full answer file, not a share file: make a share file with "
                      "`workshop share`"),
            ([sa, newer], f"{newer}: version 2 is newer than this Closer reads (1); please "
                          "update Closer"),
            ([sa, tmp_path / "missing.json"], "missing.json: does not exist")):
        out = tmp_path / "out"
        assert main(["together", *map(str, argv), "--out", str(out)]) == 1
        assert words in one_error_line(capsys.readouterr().err)
        assert not (out / "together.html").exists()


def test_together_refusal_in_a_real_process_has_no_traceback(two_shares, tmp_path, run_cli):
    a, _, sa, _ = two_shares
    result = run_cli("together", sa, a, "--out", tmp_path / "o")
    assert result.returncode == 1
    assert "is a full answer file, not a share file" in one_error_line(result.stderr)


def test_reports_count_a_facilitator_share_once_and_refuse_a_partner_share(tmp_path, capsys):
    folder = tmp_path / "answers"
    people = [demo_answers(folder, f"p-{i}", seed=i, group_report=True) for i in range(5)]
    extra = demo_answers(tmp_path / "elsewhere", "guest-9", seed=9, group_report=True)
    shared = folder / "handed-in.json"
    assert main(["share", str(extra), "--for", "facilitator", "--instruments", "walls",
                 "--out", str(shared)]) == 0
    (folder / "handed-in-again.json").write_bytes(shared.read_bytes())  # the same id twice
    assert main(["share", str(people[0]), "--for", "partner", "--instruments", "walls",
                 "--out", str(folder / "partner.json")]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["reports", str(folder), "--out", str(out), "--workers", "2", "-q"]) == 1
    captured = capsys.readouterr()
    assert f"{folder / 'partner.json'}: is a share file for p-0's partner, not for the group " \
           "report" in captured.err
    assert "handed-in" not in captured.err
    assert "1 facilitator share file(s) counted in the group report only" in captured.out
    assert sorted(p.name for p in (out / "participants").iterdir()) == [
        f"p-{i}.html" for i in range(5)]
    page = (out / "group.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert re.search(r"\b6 took part\b", text) and re.search(r"\b6 agreed to be counted\b", text)
    _, rows = read_csv(out / "scores.csv")
    assert {r["participant"] for r in rows} == {f"p-{i}" for i in range(5)}


# ----------------------------------------------------------------------------- in Spanish

def test_validate_in_a_spanish_terminal_explains_each_file_in_spanish(tmp_path, write_json,
                                                                     bad_files, capsys,
                                                                     spanish_terminal):
    good = write_json(answer_file(), name="good.json")
    assert main(["validate", str(good), *map(str, bad_files)]) == 1
    captured = capsys.readouterr()
    assert f"ok       {good} (river-42)" in captured.out
    problems = [line for line in captured.err.splitlines() if line.startswith("INVÁLIDO ")]
    assert len(problems) == len(bad_files)
    said = "\n".join(problems)
    for words in ("no es JSON válido", "9 está fuera de la escala de 1 a 5",
                  "debe ser un objeto JSON, no una lista", "es una carpeta, no un archivo de "
                  "respuestas", "no existe"):
        assert words in said, words
    assert f"válidos: 1; inválidos: {len(bad_files)}" in captured.err


def test_validate_in_a_real_spanish_process(tmp_path, write_json, run_cli):
    bad = write_json(answer_file("river-42", {"walls-01": 9}), name="range.json")
    result = run_cli("validate", bad, env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "",
                                           "LANG": "es_MX.UTF-8"})
    assert result.returncode == 1
    assert f"INVÁLIDO {bad}: instruments.walls.walls-01: 9 está fuera de la escala" in \
        result.stderr


def test_share_in_a_spanish_terminal_describes_the_file_in_spanish(tmp_path, capsys,
                                                                  spanish_terminal):
    source = demo_answers(tmp_path / "answers", "river-42", country="MX")
    out = tmp_path / "river-share.json"
    assert main(["share", str(source), "--for", "partner", "--instruments", "walls",
                 "--reflections", "walls-notice", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"se escribió {out} (solo tú puedes leerlo). Contiene:" in printed
    assert "  - Para tu pareja, con tu seudónimo 'river-42'." in printed
    assert "  - Tus respuestas a “Los muros que levanto” (" in printed
    assert "  - Tu reflexión (módulo 04, Los muros que levantamos): “" in printed
    assert "tu país (México)" in printed
    assert "Dáselo solo a tu pareja, y solo si te sientes con seguridad" in printed
    assert "Si sientes miedo o presión, no tienes que compartir nada." in printed


@pytest.mark.parametrize("extra, code, words", [
    ([], 2, "no elegiste nada: un archivo para compartir contiene solo lo que tú eliges"),
    (["--instruments", "tarot"], 1, "'tarot' no es una autoevaluación de Closer"),
    (["--reflections", "forward-stand-up"], 1, "no escribiste la reflexión 'forward-stand-up'"),
])
def test_a_refused_share_is_one_spanish_line(tmp_path, capsys, spanish_terminal, extra, code,
                                            words):
    source = demo_answers(tmp_path / "answers", "river-42")
    out = tmp_path / "s.json"
    assert main(["share", str(source), "--for", "partner", *extra, "--out", str(out)]) == code
    assert words in one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_share_for_the_facilitator_without_consent_is_refused_in_spanish(tmp_path, capsys,
                                                                         spanish_terminal):
    refused = demo_answers(tmp_path / "answers", "river-42", group_report=False)
    assert main(["share", str(refused), "--for", "facilitator", "--instruments", "walls",
                 "--out", str(tmp_path / "f.json")]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("workshop: no diste permiso para que se te cuente en el informe "
                           "del grupo")


def test_a_lang_option_wins_over_the_terminal(two_shares, tmp_path, capsys, spanish_terminal):
    _, _, sa, sb = two_shares
    capsys.readouterr()
    assert main(["together", str(sa), str(sb), "--out", str(tmp_path / "o"), "--lang",
                 "en"]) == 0
    assert capsys.readouterr().out.startswith("wrote ")


def test_help_in_a_spanish_terminal_is_spanish(capsys, spanish_terminal):
    with pytest.raises(SystemExit):
        main(["share", "--help"])
    out = capsys.readouterr().out
    assert "Escribe un archivo para compartir a partir de tu archivo de respuestas." in out
    assert "tu archivo de respuestas" in out and "opciones" in out.lower()
