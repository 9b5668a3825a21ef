"""Private files and folders: everything Closer writes holds someone's answers.

Folders are 0700, files 0600, and a file is never half-written: it goes to a temporary file that
is fsynced and then atomically replaces the old one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path
from typing import Iterator


def private_dir(directory: Path) -> Path:
    """Create the folder private to its owner (0700), or make an existing one private."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    return directory


def write_atomic(path: Path, payload: bytes) -> None:
    """Write the whole file or nothing, private (0600), and make it survive a power cut."""
    fd, tmp = tempfile.mkstemp(prefix=tmp_prefix(path), dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_private(path: Path, text: str, exclusive: bool = False) -> None:
    """Write a text file readable by its owner only; `exclusive` refuses to replace one."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)  # the mode above applies only to a new file, not one being replaced
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)


@contextlib.contextmanager
def open_private(path: Path) -> Iterator:
    """A text file opened for writing, readable by its owner only (for streamed tables)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
        yield f


def tmp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for one file (advisory, between our own writers)."""
    private_dir(path.parent)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def inside(folder: Path, other: Path) -> bool:
    """Is `other` the folder itself or somewhere below it? (Reports never go in with answers.)"""
    folder, other = Path(folder).resolve(), Path(other).resolve()
    return other == folder or folder in other.parents
