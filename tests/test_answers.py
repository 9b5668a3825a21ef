"""`answers`: the answer file on disk. Round trips, atomic private saves, merging savers, files
that are refused before they are read. (What a valid file is: test_answer_format.py.)"""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from workshop import answers
from workshop.answers import AnswerFileError, CorruptAnswerFile

from conftest import REPO_ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def assert_one_line(exc: BaseException, path: Path | str, *needles: str) -> None:
    message = str(exc)
    assert "\n" not in message and "\r" not in message, message
    assert str(path) in message, message
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"


# ----------------------------------------------------------------------------- round trip & save

def test_new_file_round_trips(answers_dir):
    data = answers.new("river-42")
    assert data["format"] == "closer-answers" and data["version"] == 1
    assert data["consent"] == {"group_report": False, "reflections_in_group_report": False}
    data["instruments"]["walls"] = {"walls-01": 4, "walls-04": 1}
    data["reflections"]["walls-notice"] = "Busyness, définitely \u2764"
    path = answers.path_for("river-42")
    assert path == answers_dir / "river-42.json"
    answers.save(data, path)
    assert answers.load(path) == data
    assert json.loads(path.read_text(encoding="utf-8")) == data


def test_save_is_atomic_and_private(answers_dir, valid_data):
    path = answers_dir / "river-42.json"
    answers.save(valid_data, path)
    changed = copy.deepcopy(valid_data)
    changed["reflections"]["walls-notice"] = "second version"
    answers.save(changed, path)
    leftovers = [p.name for p in answers_dir.iterdir() if ".tmp" in p.name]
    assert leftovers == []
    assert mode(path) == 0o600
    assert mode(answers_dir) == 0o700
    assert mode(answers.backup_path(path)) == 0o600


def test_save_tightens_a_loose_existing_folder(tmp_path, valid_data):
    folder = tmp_path / "loose"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    answers.save(valid_data, folder / "river-42.json")
    assert mode(folder) == 0o700


def test_previous_good_copy_is_kept_as_bak(answers_dir, valid_data):
    path = answers_dir / "river-42.json"
    answers.save(valid_data, path)
    assert not answers.backup_path(path).exists()     # nothing to back up on the first save
    first = path.read_bytes()
    changed = copy.deepcopy(valid_data)
    changed["instruments"]["walls"]["walls-01"] = 1
    answers.save(changed, path)
    bak = answers.backup_path(path)
    assert bak.name == "river-42.json.bak"
    assert bak.read_bytes() == first
    assert answers.load(path)["instruments"]["walls"]["walls-01"] == 1


def test_a_corrupt_file_never_becomes_the_backup(answers_dir, valid_data):
    path = answers_dir / "river-42.json"
    answers.save(valid_data, path)
    changed = copy.deepcopy(valid_data)
    changed["reflections"]["walls-notice"] = "v2"
    answers.save(changed, path)
    good_bak = answers.backup_path(path).read_bytes()
    path.write_bytes(b'{"format": "closer-ans')        # damaged on disk
    answers.save(valid_data, path)                     # an explicit save replaces it...
    assert answers.backup_path(path).read_bytes() == good_bak   # ...but not the good backup


def test_save_refuses_invalid_data_and_leaves_the_file(answers_dir, valid_data):
    path = answers_dir / "river-42.json"
    answers.save(valid_data, path)
    before = path.read_bytes()
    bad = copy.deepcopy(valid_data)
    bad["instruments"]["walls"]["walls-01"] = 9
    with pytest.raises(AnswerFileError, match="walls-01"):
        answers.save(bad, path)
    assert path.read_bytes() == before


def test_answers_dir_defaults_to_working_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKSHOP_ANSWERS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert answers.answers_dir() == tmp_path / "answers"
    monkeypatch.setenv("WORKSHOP_ANSWERS_DIR", str(tmp_path / "elsewhere"))
    assert answers.answers_dir() == tmp_path / "elsewhere"


# ----------------------------------------------------------------------------- rejections on disk

def test_path_for_refuses_traversal(tmp_path):
    with pytest.raises(AnswerFileError):
        answers.path_for("../x", tmp_path)
    assert answers.path_for("river-42", tmp_path).parent == tmp_path


def test_oversized_file_is_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.write(b'{"participant": "' + b"x" * (5 * 1024 * 1024) + b'"}')
    assert path.stat().st_size > answers.MAX_BYTES

    def refuse(*a, **k):
        raise AssertionError("json.loads was called on an oversized file")

    monkeypatch.setattr(answers.json, "loads", refuse)
    with pytest.raises(CorruptAnswerFile) as exc:
        answers.load(path)
    assert_one_line(exc.value, path, "MB")
    with pytest.raises(CorruptAnswerFile):
        answers.parse(path.read_bytes(), path)


def test_just_under_the_size_limit_is_parsed(tmp_path, valid_data):
    data = copy.deepcopy(valid_data)
    data["exercises"] = {f"e{n}": {f"k{m}": "y" * 4000 for m in range(6)} for n in range(200)}
    raw = answers.dumps(data)
    assert len(raw) < answers.MAX_BYTES
    path = tmp_path / "river-42.json"
    path.write_bytes(raw)
    assert len(answers.load(path)["exercises"]) == 200


def test_a_folder_named_json_is_refused(tmp_path):
    folder = tmp_path / "x.json"
    folder.mkdir()
    with pytest.raises(AnswerFileError) as exc:
        answers.load(folder)
    assert_one_line(exc.value, folder, "folder")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(AnswerFileError) as exc:
        answers.load(tmp_path / "nobody.json")
    assert_one_line(exc.value, tmp_path / "nobody.json", "does not exist")


def test_a_link_pointing_outside_the_folder_is_refused(tmp_path, valid_data, write_json):
    outside = write_json(valid_data, folder=tmp_path / "elsewhere")
    folder = tmp_path / "answers"
    folder.mkdir()
    link = folder / "river-42.json"
    link.symlink_to(outside)
    with pytest.raises(AnswerFileError) as exc:
        answers.load(link)
    assert_one_line(exc.value, link, "outside")
    # a link to a sibling in the same folder is allowed
    sibling = write_json(valid_data, name="real.json", folder=folder)
    (folder / "alias.json").symlink_to(sibling.name)
    assert answers.load(folder / "alias.json") == valid_data


# ----------------------------------------------------------------------------- update & merge

def test_update_creates_the_file_and_merges(answers_dir):
    path = answers.path_for("river-42")
    assert not path.exists()
    answers.update(path, lambda d: d["exercises"].__setitem__("listening-quiz", {"q1": "b"}))
    assert path.exists() and mode(path) == 0o600
    first = answers.load(path)
    assert first["participant"] == "river-42"
    answers.update(path, lambda d: d["instruments"].__setitem__("walls", {"walls-03": 2}))
    merged = answers.load(path)
    assert merged["exercises"] == {"listening-quiz": {"q1": "b"}}
    assert merged["instruments"] == {"walls": {"walls-03": 2}}
    assert merged["created"] == first["created"]


def test_update_uses_the_given_participant(tmp_path):
    path = tmp_path / "whatever.json"
    data = answers.update(path, lambda d: None, participant="calm-heron-7")
    assert data["participant"] == "calm-heron-7"
    assert answers.load(path)["participant"] == "calm-heron-7"


def test_update_refuses_a_change_that_breaks_the_file(answers_dir):
    path = answers.path_for("river-42")
    answers.update(path, lambda d: None)
    before = path.read_bytes()
    with pytest.raises(AnswerFileError, match="walls-01"):
        answers.update(path, lambda d: d["instruments"].__setitem__("walls", {"walls-01": 0}))
    assert path.read_bytes() == before


def _hammer(path: str, worker: int, count: int, start) -> None:
    start.wait(timeout=60)  # both processes begin together, so their saves really interleave
    for i in range(count):
        def change(d, i=i):
            d["exercises"].setdefault(f"worker-{worker}", {})[f"k{i:03d}"] = i
        answers.update(path, change, participant="river-42")


@pytest.mark.slow
def test_two_processes_saving_at_once_lose_nothing(answers_dir):
    path = answers_dir / "river-42.json"
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    procs = [ctx.Process(target=_hammer, args=(str(path), w, 100, start)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    final = answers.load(path)
    for w in (1, 2):
        assert final["exercises"][f"worker-{w}"] == {f"k{i:03d}": i for i in range(100)}
    assert not [p.name for p in answers_dir.iterdir() if ".tmp" in p.name]


# ------------------------------------------------------------------------- erase, import, recovery

def test_erase_removes_file_backup_and_lock(answers_dir, valid_data):
    path = answers_dir / "river-42.json"
    answers.save(valid_data, path)
    answers.save(valid_data, path)
    assert answers.backup_path(path).exists()
    assert any(p.name.endswith(".lock") for p in answers_dir.iterdir())
    removed = answers.erase(path)
    assert set(removed) == {path, answers.backup_path(path)}
    assert list(answers_dir.iterdir()) == []


def test_erase_of_nothing_is_harmless(answers_dir):
    assert answers.erase(answers_dir / "nobody.json") == []


def test_import_bytes_restores_under_its_pseudonym(answers_dir, valid_data):
    raw = json.dumps(valid_data).encode()
    path, data = answers.import_bytes(raw)
    assert path == answers_dir / "river-42.json"
    assert data == valid_data
    assert answers.load(path) == valid_data
    assert mode(path) == 0o600


def test_import_bytes_refuses_a_bad_upload_and_writes_nothing(answers_dir, valid_data):
    bad = copy.deepcopy(valid_data)
    bad["participant"] = "../../etc/passwd"
    with pytest.raises(AnswerFileError) as exc:
        answers.import_bytes(json.dumps(bad).encode())
    assert "uploaded file" in str(exc.value) and "participant" in str(exc.value)
    assert not answers_dir.exists() or not any(answers_dir.iterdir())


def test_corrupt_file_is_never_overwritten_by_update(answers_dir):
    path = answers_dir / "river-42.json"
    answers_dir.mkdir(parents=True)
    damaged = b'{"format": "closer-answers", "version": 1, "partic'
    path.write_bytes(damaged)
    with pytest.raises(CorruptAnswerFile) as exc:
        answers.update(path, lambda d: d["reflections"].__setitem__("walls-notice", "x"))
    assert_one_line(exc.value, path, "not valid JSON")
    assert path.read_bytes() == damaged


def test_invalid_file_is_never_overwritten_by_update(answers_dir, valid_data, write_json):
    bad = copy.deepcopy(valid_data)
    bad["instruments"]["walls"]["walls-01"] = 7
    path = write_json(bad, folder=answers_dir)
    before = path.read_bytes()
    with pytest.raises(AnswerFileError):
        answers.update(path, lambda d: None)
    assert path.read_bytes() == before


def test_set_aside_moves_a_damaged_file(answers_dir):
    answers_dir.mkdir(parents=True)
    path = answers_dir / "river-42.json"
    path.write_bytes(b"garbage")
    aside = answers.set_aside(path)
    assert not path.exists()
    assert aside.parent == answers_dir
    assert aside.name.startswith("river-42.corrupt-") and aside.suffix == ".json"
    assert aside.read_bytes() == b"garbage"
    # once it is aside, a fresh start works and scan() skips the damaged copy
    answers.update(path, lambda d: None)
    assert [p.name for p, _, _ in answers.scan(answers_dir)] == ["river-42.json"]


def test_restore_backup_brings_back_the_last_good_copy(answers_dir, valid_data):
    path = answers_dir / "river-42.json"
    answers.save(valid_data, path)
    answers.save(valid_data, path)
    path.write_bytes(b"{ broken")
    restored = answers.restore_backup(path)
    assert restored == valid_data
    assert answers.load(path) == valid_data


def test_restore_backup_without_a_backup_raises(answers_dir):
    with pytest.raises(AnswerFileError, match="does not exist"):
        answers.restore_backup(answers_dir / "river-42.json")


def test_scan_reports_good_and_bad_files(tmp_path, valid_data, write_json):
    write_json(valid_data, name="a.json")
    write_json(b"nope", name="b.json")
    write_json(valid_data, name="c.json.bak")
    write_json(valid_data, name=".hidden.json")
    results = [(p.name, d is not None, e is not None) for p, d, e in answers.scan(tmp_path)]
    assert results == [("a.json", True, False), ("b.json", False, True)]


def test_candidates_are_the_answer_files_in_name_order(tmp_path):
    for name in ["b-2.json", "a-1.json", "a-1.json.bak", ".a-1.json.lock", ".a-1.json.tmp-x",
                 "a-1.corrupt-20261121T100000Z.json", "notes.txt"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in answers.candidates(tmp_path)] == ["a-1.json", "b-2.json"]


def test_reports_may_not_go_inside_the_answers_folder(tmp_path):
    folder = tmp_path / "answers"
    for out in (folder, folder / "reports", folder / "reports" / ".." / "deeper"):
        with pytest.raises(ValueError, match="inside the answers folder"):
            answers.check_output_folder(folder, out)
    answers.check_output_folder(folder, tmp_path / "answers-reports")  # a sibling is fine
    answers.check_output_folder(folder, tmp_path / "out")


# ----------------------------------------------------------------------------- the repository

def test_gitignore_keeps_answers_out_of_the_repository(tmp_path):
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for name in ["answers/river-42.json", "answers/river-42.json.bak",
                 "river-42.corrupt-20261121T100000Z.json"]:
        result = subprocess.run(["git", "-C", str(REPO_ROOT), "check-ignore", "-q", name],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{name} is not ignored: {result.stderr}"
    kept = subprocess.run(["git", "-C", str(REPO_ROOT), "check-ignore", "-q",
                           "workshop/answers.py"], capture_output=True)
    assert kept.returncode == 1  # control: the module itself is not ignored


def test_a_refused_upload_and_a_missing_file_are_explained_in_spanish(answers_dir, valid_data,
                                                                      tmp_path):
    from workshop import i18n

    bad = copy.deepcopy(valid_data)
    bad["participant"] = "River 42"
    with i18n.using("es"):
        with pytest.raises(AnswerFileError) as upload:
            answers.import_bytes(json.dumps(bad).encode())
        with pytest.raises(AnswerFileError) as missing:
            answers.load(tmp_path / "nadie.json")
        with pytest.raises(ValueError) as inside:
            answers.check_output_folder(answers_dir, answers_dir / "reports")
    assert str(upload.value).startswith("archivo subido: participant: no es un seudónimo válido")
    assert str(missing.value) == f"{tmp_path / 'nadie.json'}: no existe"
    assert str(inside.value) == "--out no puede estar dentro de la carpeta de respuestas"
