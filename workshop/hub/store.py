"""The inbox's folder: one facilitator share file per participant, and nothing else.

The rules, as plain methods the web service calls:
- a participant puts, replaces or withdraws only their own contribution, and learns only whether
  it is there (its id and when it arrived), never its content nor anyone else's;
- a contribution is a valid facilitator share file (`share.parse`): no pseudonym, a random id;
- files are named by a keyed hash of the hub user, so the folder itself names nobody, and the
  facilitator's listing shows ids and times only.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import io
import os
import secrets
import zipfile
from pathlib import Path

from workshop import files, share
from workshop.i18n import _

KEY_FILE = ".key"


class Store:
    def __init__(self, folder: Path | str):
        self.folder = files.private_dir(Path(folder))
        key_path = self.folder / KEY_FILE
        if not key_path.exists():
            try:
                files.write_private(key_path, secrets.token_hex(32), exclusive=True)
            except FileExistsError:  # made a moment ago by another process
                pass
        self._key = bytes.fromhex(key_path.read_text(encoding="utf-8").strip())

    # ------------------------------------------------------------------ a participant's own
    def _path(self, user: str) -> Path:
        digest = hmac.new(self._key, user.encode("utf-8"), hashlib.sha256).hexdigest()
        return self.folder / f"{digest[:32]}.json"

    def put(self, user: str, raw: bytes) -> dict:
        """Keep (or replace) `user`'s contribution; ShareError for anything but a facilitator
        share file."""
        obj = share.parse(raw, _("the contribution"))
        if obj["audience"] != "facilitator":
            raise share.ShareError(_("is a share file for a partner; only a share file for the "
                                     "facilitator can go in the inbox"), _("the contribution"))
        path = self._path(user)
        with files.locked(path):
            files.write_atomic(path, share.dumps(obj))
        return summary(obj, path)

    def mine(self, user: str) -> dict | None:
        path = self._path(user)
        obj = _read(path)
        return summary(obj, path) if obj else None

    def withdraw(self, user: str) -> bool:
        path = self._path(user)
        with files.locked(path):
            try:
                path.unlink()
            except FileNotFoundError:
                return False
        return True

    # ------------------------------------------------------------------ the facilitator's view
    def _all(self) -> list[tuple[Path, dict]]:
        found = []
        for path in sorted(self.folder.glob("*.json")):
            obj = _read(path)
            if obj:
                found.append((path, obj))
        return found

    def contributions(self) -> list[dict]:
        """Every contribution's id, arrival time and contents list, oldest first; no names."""
        return sorted((summary(obj, path) for path, obj in self._all()),
                      key=lambda s: (s["received"], s["id"]))

    def get(self, share_id: str) -> bytes:
        """One contribution's file, by its id; KeyError if there is none."""
        for _path, obj in self._all():
            if obj["id"] == share_id:
                return share.dumps(obj)
        raise KeyError(share_id)

    def zip_all(self) -> bytes:
        """Every contribution as `contribution-<id>.json` in one zip, for `workshop reports`."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for _path, obj in self._all():
                archive.writestr(file_name(obj["id"]), share.dumps(obj))
        return buffer.getvalue()


def file_name(share_id: str) -> str:
    return f"contribution-{share_id}.json"


def _read(path: Path) -> dict | None:
    """A stored contribution, or None if it is gone or no longer valid (never shown then)."""
    try:
        return share.load(path)
    except share.ShareError:
        return None


def summary(obj: dict, path: Path) -> dict:
    received = _dt.datetime.fromtimestamp(os.stat(path).st_mtime, _dt.timezone.utc)
    return {"id": obj["id"], "received": received.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "instruments": sorted(obj["instruments"]), "reflections": len(obj["reflections"])}
