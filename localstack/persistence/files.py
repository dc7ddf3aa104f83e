"""Crash-safe file primitives: the 0700 state directory, atomic replacement, and bad-file errors."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO, Callable

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class StateFileError(Exception):
    """A state file cannot be used (corrupt, truncated, or of another format version): names the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing; the directory itself is made mode 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file beside `path`, fsync it, rename it over `path`, fsync the directory: a reader
    (or a restart after a crash) sees the old file or the new one, never a mix."""
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(temp, "wb", opener=_private_opener) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def check_name(name: str) -> str:
    """A snapshot name becomes a file name: letters, digits, `.`, `_`, `-`, never a path."""
    if not NAME_PATTERN.match(name or "") or ".." in name:
        raise ValueError(
            f"invalid snapshot name {name!r}: use 1-100 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit"
        )
    return name


def truncate(path: Path, length: int) -> None:
    """Cut a torn tail off the log (durably: the next record must follow a complete one)."""
    if path.stat().st_size > length:
        fd = os.open(path, os.O_WRONLY)
        try:
            os.ftruncate(fd, length)
            os.fsync(fd)
        finally:
            os.close(fd)


def read_range(path: Path, start: int, end: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(start)
        return handle.read(end - start)
