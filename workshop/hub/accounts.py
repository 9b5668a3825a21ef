"""Who may sign in to the hub, and the system user behind each pseudonym.

Plain functions over two things: `accounts.json` in the hub's state folder (root only, 0600), which
holds a salted scrypt hash of each password and of the workshop code; and the machine's users,
one per pseudonym, named `<prefix><pseudonym>` with a private (0700) home.

The rules of signing in:
- a known pseudonym signs in with its own password, never with the workshop code;
- a new pseudonym is claimed with the workshop code, and the password typed with it becomes
  that pseudonym's password; so knowing the code never opens someone else's server;
- facilitators' names cannot be claimed with the code: the person who runs the hub sets their
  passwords (`workshop hub password NAME --facilitator`), as they can for any participant.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pwd
import re
import secrets
import subprocess
from pathlib import Path

from workshop import files
from workshop.i18n import _, ngettext

# Hub pseudonyms: the answer file's pseudonym rules, narrowed to what is also a safe system user
# name once prefixed (a letter first, at most 20 characters).
NAME_RE = re.compile(r"[a-z][a-z0-9-]{1,19}")
MARKER = "Closer hub account"  # the comment (GECOS) field of every system user we create
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


def check_name(name: str) -> str:
    """The pseudonym if a hub may use it, else ValueError in plain words."""
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise ValueError(_("'{name}' cannot be a pseudonym on the hub: use 2-20 lower-case "
                           "letters, digits and '-', starting with a letter").format(name=name))
    return name


# ----------------------------------------------------------------------------- secrets

def hash_secret(secret: str) -> dict:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return {"salt": salt.hex(), "hash": digest.hex(), **_SCRYPT}


def matches(secret: str, record: dict | None) -> bool:
    """Does `secret` match a stored hash? Constant time; False for no record."""
    if not record or not isinstance(secret, str):
        return False
    try:
        digest = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(record["salt"]),
                                dklen=32, n=record["n"], r=record["r"], p=record["p"])
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(digest.hex(), record["hash"])


# ----------------------------------------------------------------------------- accounts.json

def _read(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"users": {}, "code": None}
    if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
        raise ValueError(_("{file}: is not a Closer accounts file").format(file=path))
    return data


def _write(path: Path, data: dict) -> None:
    files.write_atomic(Path(path), (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def known(path: Path) -> list[str]:
    return sorted(_read(path)["users"])


def has_code(path: Path) -> bool:
    return bool(_read(path).get("code"))


def set_password(path: Path, name: str, password: str, min_length: int = 8) -> None:
    """Create the account or replace its password (the person running the hub does this)."""
    check_name(name)
    if len(password) < min_length:
        raise ValueError(ngettext("a password needs at least {n} character",
                                  "a password needs at least {n} characters", min_length).format(
                                      n=min_length))
    with files.locked(Path(path)):
        data = _read(path)
        data["users"][name] = hash_secret(password)
        _write(path, data)


def set_code(path: Path, code: str) -> None:
    """The workshop code newcomers type once, with the password they choose; '' switches it off."""
    code = code.strip()
    if code and len(code) < 6:
        raise ValueError(_("a workshop code needs at least 6 characters"))
    with files.locked(Path(path)):
        data = _read(path)
        data["code"] = hash_secret(code) if code else None
        _write(path, data)


def remove(path: Path, name: str) -> bool:
    with files.locked(Path(path)):
        data = _read(path)
        found = data["users"].pop(name, None) is not None
        _write(path, data)
    return found


def sign_in(path: Path, name: str, password: str, code: str = "", reserved: frozenset = frozenset(),
            min_length: int = 8) -> str | None:
    """The pseudonym that signs in, or None. A new pseudonym is claimed only with the workshop
    code and a long enough password, and never if it is reserved for a facilitator."""
    try:
        check_name(name)
    except ValueError:
        return None
    data = _read(path)
    if name in data["users"]:
        return name if matches(password, data["users"][name]) else None
    if name in reserved or len(password) < min_length or not matches(code, data.get("code")):
        return None
    with files.locked(Path(path)):
        data = _read(path)
        if name in data["users"]:  # claimed a moment ago by someone else
            return name if matches(password, data["users"][name]) else None
        data["users"][name] = hash_secret(password)
        _write(path, data)
    return name


# ----------------------------------------------------------------------------- system users

def system_name(name: str, prefix: str) -> str:
    return f"{prefix}{check_name(name)}"


def is_ours(entry: pwd.struct_passwd) -> bool:
    return entry.pw_gecos.split(",")[0] == MARKER


def ensure_system_user(sysname: str, home_base: Path | str) -> pwd.struct_passwd:
    """The system user for a pseudonym, created with a private home if it does not exist.

    An existing account that Closer did not create is refused: signing in as a pseudonym must
    never run a server as somebody else.
    """
    try:
        entry = pwd.getpwnam(sysname)
    except KeyError:
        home = Path(home_base) / sysname
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell",
                        "/bin/bash", "--user-group", "--comment", MARKER, sysname],
                       check=True, capture_output=True, text=True)
        entry = pwd.getpwnam(sysname)
    if not is_ours(entry):
        raise PermissionError(_("the system account '{name}' exists and was not made by "
                                "Closer; choose another pseudonym or user_prefix").format(
                                    name=sysname))
    home = Path(entry.pw_dir)
    home.mkdir(mode=0o700, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    answers = home / "answers"
    answers.mkdir(mode=0o700, exist_ok=True)
    os.chown(answers, entry.pw_uid, entry.pw_gid)
    os.chmod(answers, 0o700)
    return entry


def remove_system_user(sysname: str) -> bool:
    """Delete a system user Closer made, with its home (answers included). False if none."""
    try:
        entry = pwd.getpwnam(sysname)
    except KeyError:
        return False
    if not is_ours(entry):
        raise PermissionError(_("the system account '{name}' was not made by Closer").format(
            name=sysname))
    subprocess.run(["userdel", "--remove", sysname], check=False, capture_output=True)
    return True


def ours_with_prefix(prefix: str) -> list[str]:
    """Every system user Closer made whose name starts with `prefix`."""
    return sorted(e.pw_name for e in pwd.getpwall() if e.pw_name.startswith(prefix) and is_ours(e))
