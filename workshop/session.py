"""Who is answering in this kernel, and saving each change at once.

A plain model with no widgets: the exercise widgets call `set()` on every change and listen for
`saved`, `participant` and `error` events. The pseudonym chosen in the welcome notebook is
remembered in `answers/.current`, so a module opened later knows whose file to use.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Callable

from workshop import answers

SECTIONS = ("instruments", "exercises", "reflections")
Listener = Callable[[str, Any], None]


class Session:
    def __init__(self, directory: Path | None = None):
        self._directory = directory
        self.participant: str | None = None
        self.data: dict | None = None
        self.problem: str | None = None  # a plain-words message about a damaged file
        self.last_error: str | None = None  # why the last set() or set_consent() did not save
        self.damaged: Path | None = None
        self._listeners: list[Listener] = []
        self.resume()

    # ------------------------------------------------------------------ where
    @property
    def directory(self) -> Path:
        return self._directory or answers.answers_dir()

    @property
    def path(self) -> Path | None:
        return answers.path_for(self.participant, self.directory) if self.participant else None

    def _current_marker(self) -> Path:
        return self.directory / ".current"

    # ------------------------------------------------------------------ events
    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: str, payload: Any = None) -> None:
        for listener in list(self._listeners):
            listener(event, payload)

    # ------------------------------------------------------------------ who
    def resume(self) -> None:
        """Pick up the pseudonym chosen in another notebook, if any."""
        marker = self._current_marker()
        with contextlib.suppress(OSError, answers.AnswerFileError):
            name = marker.read_text(encoding="utf-8").strip()
            self._open(answers.check_pseudonym(name))

    def choose(self, pseudonym: str) -> dict:
        """Start (or continue) as this pseudonym; raises AnswerFileError for a bad name."""
        name = answers.check_pseudonym(pseudonym.strip())
        answers.ensure_dir(self.directory)
        answers.write_atomic(self._current_marker(), name.encode("utf-8"))
        self._open(name)
        if self.data is None and self.problem is None:
            self.data = answers.update(self.path, lambda d: None, participant=name)
        self._emit("participant", name)
        return self.data

    def _open(self, name: str) -> None:
        self.participant = name
        self.problem = self.damaged = None
        path = self.path
        if not path.exists():
            self.data = None
            return
        try:
            self.data = answers.load(path)
        except answers.AnswerFileError as exc:
            self.data = None
            self.damaged = answers.set_aside(path)
            what = f"the entry \"{exc.field}\"" if exc.field else "it"
            self.problem = (f"Your answer file could not be read, because {what} {exc.reason}. "
                            f"It has been kept aside as {self.damaged.name} and nothing was "
                            "overwritten.")

    # ------------------------------------------------------------------ answers
    def get(self, section: str, group: str, key: str | None = None, default: Any = None) -> Any:
        """A saved value: the whole group when `key` is None, else one entry of it."""
        value = (self.data or {}).get(section, {}).get(group)
        if key is None:
            return value if value is not None else default
        return value.get(key, default) if isinstance(value, dict) else default

    def set(self, section: str, group: str, key: str | None, value: Any) -> bool:
        """Save one answer now. `key` None stores `value` directly (reflections)."""
        if section not in SECTIONS:
            raise ValueError(section)
        if not self.participant:
            self.last_error = "Choose a pseudonym first, at the top of the page."
            self._emit("error", self.last_error)
            return False

        def change(data: dict) -> None:
            target = data.setdefault(section, {})
            if key is None:
                if value in (None, ""):
                    target.pop(group, None)
                else:
                    target[group] = value
                return
            inner = target.setdefault(group, {})
            if value is None:
                inner.pop(key, None)
            else:
                inner[key] = value

        return self._update(change)

    def set_consent(self, key: str, value: bool) -> bool:
        if not self.participant:
            self.last_error = "Choose a pseudonym first, at the top of the page."
            return False
        return self._update(lambda d: d["consent"].__setitem__(key, bool(value)))

    def waiting_backup(self) -> bool:
        """A damaged file was set aside and a good backup waits: saving now would, on the next
        save, replace that backup with the new, nearly empty file."""
        return bool(self.problem and self.path
                    and answers.backup_path(self.path).exists())

    def start_fresh(self) -> None:
        """The participant chose not to restore the backup; saving may go on."""
        self.problem = None
        self._emit("participant", self.participant)

    def _update(self, change: Callable[[dict], None]) -> bool:
        if self.waiting_backup():
            self.last_error = ("Not saved yet: first choose, at the top of the page, whether to "
                               "restore your last good copy or start fresh.")
            self._emit("error", self.last_error)
            return False
        try:
            self.data = answers.update(self.path, change, participant=self.participant)
        except answers.AnswerFileError as exc:
            self.last_error = f"Not saved: {exc.reason}"
            self._emit("error", self.last_error)
            return False
        self.last_error = None
        self._emit("saved", self.data["updated"])
        return True

    def restore_backup(self) -> bool:
        if not self.path:
            return False
        try:
            self.data = answers.restore_backup(self.path)
        except answers.AnswerFileError:
            return False
        self.problem = None
        self._emit("participant", self.participant)
        return True

    def import_upload(self, raw: bytes) -> str:
        """Restore a downloaded answer file; returns its pseudonym."""
        path, data = answers.import_bytes(raw, self.directory)
        answers.write_atomic(self._current_marker(), data["participant"].encode("utf-8"))
        self._open(data["participant"])
        self._emit("participant", self.participant)
        return self.participant

    def download_bytes(self) -> bytes | None:
        if self.path and self.path.exists():
            return self.path.read_bytes()
        return None

    def erase(self) -> None:
        """Delete every copy of this participant's answers and forget the pseudonym."""
        if self.path:
            answers.erase(self.path)
        with contextlib.suppress(FileNotFoundError):
            self._current_marker().unlink()
        self.participant = None
        self.data = None
        self._emit("participant", None)


_CURRENT: Session | None = None


def current() -> Session:
    """The kernel's session; one per kernel so every widget in a notebook shares it."""
    global _CURRENT
    if _CURRENT is None:
        _CURRENT = Session()
    return _CURRENT


def reset() -> None:
    """Forget the kernel's session (tests, and a changed answers folder)."""
    global _CURRENT
    _CURRENT = None
