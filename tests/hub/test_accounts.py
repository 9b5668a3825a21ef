"""Who may sign in, and the system user behind each pseudonym."""

from __future__ import annotations

import os
import pwd
import stat
import subprocess

import pytest

from hub_support import PREFIX
from workshop.hub import accounts


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "accounts.json"
    accounts.set_code(path, "open-sesame")
    return path


@pytest.mark.parametrize("name", ["river", "r2", "sky-blue", "a" * 20])
def test_hub_pseudonyms(name):
    assert accounts.check_name(name) == name


@pytest.mark.parametrize("name", ["r", "River", "42-river", "root/x", "a" * 21, "-x", "", "é-a"])
def test_names_a_hub_refuses(name):
    with pytest.raises(ValueError, match="cannot be a pseudonym"):
        accounts.check_name(name)


def test_a_newcomer_claims_a_pseudonym_with_the_code_and_their_own_password(store):
    assert accounts.sign_in(store, "river", "riverpass", "open-sesame") == "river"
    assert accounts.known(store) == ["river"]
    assert accounts.sign_in(store, "river", "riverpass") == "river"  # no code needed again
    assert accounts.sign_in(store, "river", "wrong-password") is None


def test_the_code_never_opens_someone_elses_pseudonym(store):
    accounts.sign_in(store, "river", "riverpass", "open-sesame")
    assert accounts.sign_in(store, "river", "other-password", "open-sesame") is None
    assert accounts.sign_in(store, "river", "open-sesame", "open-sesame") is None


def test_no_code_no_short_password_no_reserved_name(store):
    assert accounts.sign_in(store, "sky", "skypass12", "wrong-code") is None
    assert accounts.sign_in(store, "sky", "short", "open-sesame") is None
    assert accounts.sign_in(store, "sam", "sampass12", "open-sesame",
                            reserved=frozenset({"sam"})) is None
    assert accounts.known(store) == []


def test_without_a_code_only_accounts_the_operator_made_sign_in(tmp_path):
    path = tmp_path / "accounts.json"
    assert accounts.sign_in(path, "sky", "skypass12", "") is None
    accounts.set_password(path, "sky", "skypass12")
    assert accounts.sign_in(path, "sky", "skypass12") == "sky"
    accounts.set_code(path, "")  # a removed code stays removed
    assert accounts.sign_in(path, "new", "newpass12", "") is None


def test_secrets_are_stored_hashed_and_private(store):
    accounts.set_password(store, "river", "riverpass")
    text = store.read_text()
    assert "riverpass" not in text and "open-sesame" not in text
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    with pytest.raises(ValueError, match="at least 8"):
        accounts.set_password(store, "river", "short")
    with pytest.raises(ValueError, match="at least 6"):
        accounts.set_code(store, "abc")


def test_matches_is_false_for_anything_broken():
    record = accounts.hash_secret("s3cret-code")
    assert accounts.matches("s3cret-code", record)
    assert not accounts.matches("s3cret-code", None)
    assert not accounts.matches("s3cret-code", {"salt": "zz", "hash": "", "n": 2, "r": 1, "p": 1})
    assert not accounts.matches(None, record)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating system users needs root")
def test_a_system_user_gets_a_private_home_and_answers_folder(tmp_path):
    base = tmp_path / "homes"
    base.mkdir()
    name = accounts.system_name("unit", PREFIX)
    try:
        entry = accounts.ensure_system_user(name, base)
        for folder in (entry.pw_dir, f"{entry.pw_dir}/answers"):
            info = os.stat(folder)
            assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (entry.pw_uid, 0o700)
        assert accounts.ensure_system_user(name, base) == entry  # a second start changes nothing
        assert name in accounts.ours_with_prefix(PREFIX)
    finally:
        assert accounts.remove_system_user(name)
    with pytest.raises(KeyError):
        pwd.getpwnam(name)
    assert not (base / name).exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root")
def test_an_account_closer_did_not_make_is_never_used():
    name = f"{PREFIX}other"
    subprocess.run(["useradd", "--no-create-home", "--comment", "someone else", name],
                   check=True)
    try:
        with pytest.raises(PermissionError, match="was not made by Closer"):
            accounts.ensure_system_user(name, "/nonexistent")
        with pytest.raises(PermissionError):
            accounts.remove_system_user(name)
        assert name not in accounts.ours_with_prefix(PREFIX)
    finally:
        subprocess.run(["userdel", name], check=True)
    with pytest.raises(PermissionError, match="exists and was not made"):
        accounts.ensure_system_user("root", "/nonexistent")


def test_a_refused_name_and_a_short_code_are_said_in_spanish(tmp_path):
    from workshop import i18n

    with i18n.using("es"):
        with pytest.raises(ValueError, match="no puede ser un seudónimo en el servidor del "
                                             "taller"):
            accounts.check_name("River")
        with pytest.raises(ValueError, match="al menos 6 caracteres"):
            accounts.set_code(tmp_path / "accounts.json", "abc")
        with pytest.raises(ValueError, match="al menos 1 carácter$"):
            accounts.set_password(tmp_path / "accounts.json", "river", "", min_length=1)
