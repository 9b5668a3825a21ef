"""Who is answering in this kernel, and saving each change at once.

A plain model with no widgets. Widgets call `save(where, value)` on every change and get one
`Saved` result back; they `listen()` only for the moments when the whole file changes under them
(another pseudonym, a restore, an erase), and stop listening when they close. The pseudonym chosen
in the welcome notebook is remembered in `answers/.current`, so a module opened later knows whose
file to use.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from workshop import answers
from workshop.i18n import N_, _

Listener = Callable[[], None]
# Shown with _(NEED_PSEUDONYM): a constant is made before the page chooses its language.
NEED_PSEUDONYM = N_("Not saved yet: choose a pseudonym at the top of the page first.")


@dataclass(frozen=True)
class Saved:
    """The outcome of one save: truthy when the answer is on disk."""

    ok: bool
    message: str = ""  # why it was not saved, in plain words
    updated: str | None = None

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class Recovery:
    """A damaged answer file was set aside; the participant chooses what happens next."""

    problem: str  # plain words for the participant
    damaged: Path  # where the unreadable file was kept
    backup: Path  # the last good copy, which may or may not exist

    @property
    def has_backup(self) -> bool:
        return self.backup.exists()


class Session:
    def __init__(self, directory: Path | None = None):
        self._directory = directory
        self.participant: str | None = None
        self.data: dict | None = None
        self.recovery: Recovery | None = None
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

    # ------------------------------------------------------------------ the damaged-file state
    @property
    def problem(self) -> str | None:
        return self.recovery.problem if self.recovery else None

    @property
    def damaged(self) -> Path | None:
        return self.recovery.damaged if self.recovery else None

    def waiting_backup(self) -> bool:
        """A good backup waits to be restored: saving now would, on the next save, replace that
        backup with the new, nearly empty file."""
        return bool(self.recovery and self.recovery.has_backup)

    # ------------------------------------------------------------------ listeners
    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call `listener()` whenever the loaded file changes wholesale; returns the way to stop."""
        self._listeners.append(listener)

        def stop() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)
        return stop

    def _reloaded(self) -> None:
        """Tell every listener; one that fails must not keep the others from reloading."""
        failed = None
        for listener in list(self._listeners):
            try:
                listener()
            except Exception as exc:  # noqa: BLE001 - re-raised after the others ran
                failed = failed or exc
        if failed is not None:
            raise failed

    # ------------------------------------------------------------------ who
    def resume(self) -> None:
        """Pick up the pseudonym chosen in another notebook, if any."""
        with contextlib.suppress(OSError, answers.AnswerFileError):
            name = self._current_marker().read_text(encoding="utf-8").strip()
            self._open(answers.check_pseudonym(name))

    def choose(self, pseudonym: str) -> dict | None:
        """Start (or continue) as this pseudonym; raises AnswerFileError for a bad name."""
        name = answers.check_pseudonym(pseudonym.strip())
        answers.ensure_dir(self.directory)
        answers.write_atomic(self._current_marker(), name.encode("utf-8"))
        self._open(name)
        if self.data is None and self.recovery is None:
            self.data = answers.update(self.path, lambda d: None, participant=name)
        self._reloaded()
        return self.data

    def _open(self, name: str) -> None:
        self.participant = name
        self.recovery = None
        path = self.path
        if not path.exists():
            self.data = None
            return
        try:
            self.data = answers.load(path)
        except answers.AnswerFileError as exc:
            self.data = None
            damaged = answers.set_aside(path)
            if exc.field:
                problem = _("Your answer file could not be read, because the entry \"{field}\" "
                            "{reason}. It has been kept aside as {file} and nothing was "
                            "overwritten.")
            else:
                problem = _("Your answer file could not be read, because it {reason}. It has "
                            "been kept aside as {file} and nothing was overwritten.")
            self.recovery = Recovery(
                problem=problem.format(field=exc.field, reason=exc.reason, file=damaged.name),
                damaged=damaged, backup=answers.backup_path(path))

    # ------------------------------------------------------------------ answers
    def get(self, section: str, group: str, key: str | None = None, default: Any = None) -> Any:
        """A saved value: the whole group when `key` is None, else one entry of it."""
        value = (self.data or {}).get(section, {}).get(group)
        if key is None:
            return value if value is not None else default
        return value.get(key, default) if isinstance(value, dict) else default

    def save(self, where: tuple[str, ...], value: Any) -> Saved:
        """Save one answer now, e.g. `save(("instruments", "walls", "walls-01"), 4)`.

        `None` (or empty text) removes the entry. Consent and country are answers like any
        other: `save(("consent", "group_report"), True)`, `save(("country",), "GB")`.
        """
        if not self.participant:
            return Saved(False, _(NEED_PSEUDONYM))
        if self.waiting_backup():
            return Saved(False, _("Not saved yet: first choose, at the top of the page, whether "
                                  "to restore your last good copy or start fresh."))
        try:
            self.data = answers.update(self.path, lambda d: answers.put(d, where, value),
                                       participant=self.participant)
        except answers.AnswerFileError as exc:
            if exc.field:
                return Saved(False, _("Not saved: {field} {reason}").format(field=exc.field,
                                                                         reason=exc.reason))
            return Saved(False, _("Not saved: {reason}").format(reason=exc.reason))
        return Saved(True, updated=self.data["updated"])

    def set(self, section: str, group: str, key: str | None, value: Any) -> Saved:
        """`save()` in the older three-part form; `key` None stores `value` directly."""
        return self.save((section, group) if key is None else (section, group, key), value)

    def set_consent(self, key: str, value: bool) -> Saved:
        return self.save(("consent", key), bool(value))

    def start_fresh(self) -> None:
        """The participant chose not to restore the backup; saving may go on."""
        self.recovery = None
        self._reloaded()

    def restore_backup(self) -> bool:
        if not self.path:
            return False
        try:
            self.data = answers.restore_backup(self.path)
        except answers.AnswerFileError:
            return False
        self.recovery = None
        self._reloaded()
        return True

    def import_upload(self, raw: bytes) -> str:
        """Restore a downloaded answer file; returns its pseudonym."""
        _path, data = answers.import_bytes(raw, self.directory)
        answers.write_atomic(self._current_marker(), data["participant"].encode("utf-8"))
        self._open(data["participant"])
        self._reloaded()
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
        self.recovery = None
        self._reloaded()


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
