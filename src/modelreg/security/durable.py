"""Durable, atomic file-system changes and cross-process locks shared by keys and blobs."""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Make a rename or create in `path` durable, not just the file contents."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new_file(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Create `path`, which must not exist yet, holding `data` flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def replace_file(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` so that readers and crashes see the old or the new content, never a mix."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write_new_file(tmp, data, mode)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


@contextmanager
def directory_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive flock on `directory`, across processes and across threads alike.

    Each call opens its own descriptor, and flock locks belong to the open file description, so
    two threads of one process exclude each other too. Locking the directory itself leaves no
    lock file behind.
    """
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
