"""`files`: private folders (0700) and files (0600), whole-or-nothing writes, a lock between our
own writers, and the check that keeps reports out of the answers folder."""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

import pytest

from workshop import files


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


# ----------------------------------------------------------------------------- folders

def test_private_dir_makes_nested_folders_private(tmp_path):
    made = files.private_dir(tmp_path / "a" / "b")
    assert made == tmp_path / "a" / "b" and made.is_dir()
    assert mode(made) == 0o700


def test_private_dir_tightens_an_existing_open_folder(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir()
    os.chmod(folder, 0o777)
    files.private_dir(folder)
    assert mode(folder) == 0o700


# ----------------------------------------------------------------------------- writes

def test_write_atomic_writes_a_private_file_and_leaves_no_temporaries(tmp_path):
    path = tmp_path / "river-42.json"
    files.write_atomic(path, b"first")
    files.write_atomic(path, b"second")
    assert path.read_bytes() == b"second"
    assert mode(path) == 0o600
    assert leftovers(tmp_path) == []


def test_write_atomic_makes_a_replaced_open_file_private(tmp_path):
    path = tmp_path / "river-42.json"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    files.write_atomic(path, b"new")
    assert mode(path) == 0o600


def test_a_failed_write_atomic_keeps_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "river-42.json"
    files.write_atomic(path, b"good")
    with pytest.raises(TypeError):
        files.write_atomic(path, "text, not bytes")  # fails half-way, after the temporary exists
    assert path.read_bytes() == b"good"
    assert leftovers(tmp_path) == []


def test_the_temporary_is_hidden_and_named_after_its_file(tmp_path):
    prefix = files.tmp_prefix(tmp_path / "river-42.json")
    assert prefix == ".river-42.json.tmp-"


def test_write_private_is_private_even_over_an_open_file(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("old")
    os.chmod(path, 0o644)
    files.write_private(path, "<p>caf\u00e9</p>\r\n")
    assert mode(path) == 0o600
    assert path.read_bytes() == "<p>caf\u00e9</p>\r\n".encode()  # UTF-8, line ends untouched


def test_exclusive_write_private_refuses_to_replace_a_file(tmp_path):
    path = tmp_path / "alder-11.html"
    files.write_private(path, "first person", exclusive=True)
    assert mode(path) == 0o600
    with pytest.raises(FileExistsError):
        files.write_private(path, "someone else with the same pseudonym", exclusive=True)
    assert path.read_text() == "first person"


def test_open_private_streams_into_a_private_file(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("old, longer content")
    os.chmod(path, 0o644)
    with files.open_private(path) as f:
        f.write("participant,score\n")
    assert path.read_text() == "participant,score\n"
    assert mode(path) == 0o600


# ----------------------------------------------------------------------------- lock

def test_locked_holds_an_exclusive_private_lock(tmp_path):
    path = tmp_path / "answers" / "river-42.json"
    lock = files.lock_path(path)
    assert lock == tmp_path / "answers" / ".river-42.json.lock"
    with files.locked(path):
        assert mode(lock) == 0o600 and mode(path.parent) == 0o700
        other = os.open(lock, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    other = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released on leaving the block
    finally:
        os.close(other)


# ----------------------------------------------------------------------------- inside

def test_inside_is_the_folder_itself_or_anything_below_it(tmp_path):
    folder = tmp_path / "answers"
    assert files.inside(folder, folder)
    assert files.inside(folder, folder / "reports")
    assert files.inside(folder, folder / "a" / "b")
    assert files.inside(folder, tmp_path / "elsewhere" / ".." / "answers" / "x")


def test_inside_is_not_a_sibling_with_the_same_beginning_nor_a_parent(tmp_path):
    folder = tmp_path / "answers"
    assert not files.inside(folder, tmp_path / "answers-reports")
    assert not files.inside(folder, tmp_path)
    assert not files.inside(folder, folder / "..")


def test_inside_follows_links(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    link = tmp_path / "looks-elsewhere"
    link.symlink_to(folder)
    assert files.inside(folder, link / "reports")
