"""Content-addressed, encrypted, streaming blob store for model artifacts.

A blob is named by the SHA-256 of its plaintext and stored in the envelope format of
`modelreg.security.envelope` at `root/blobs/ab/cd/<sha256>`. Uploads stream into a temp file in
`root/tmp` (same filesystem), which is fsynced and renamed into place only once complete and
matching any declared digest, so a crash can leave a stale temp file (see `sweep_temp`) but never
a partial blob. Identical content is stored once.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol, Self

from modelreg.domain.errors import (
    DigestMismatch,
    FieldError,
    IntegrityFailure,
    NotFound,
    PayloadTooLarge,
    RangeNotSatisfiable,
    Unavailable,
    invalid,
)
from modelreg.security.durable import fsync_dir
from modelreg.security.envelope import (
    DEFAULT_CHUNK_SIZE,
    EnvelopeReader,
    EnvelopeWriter,
    check_chunk_size,
)
from modelreg.security.keys import KeyProvider

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class BlobInfo:
    """A stored blob: its address, plaintext size, and whether this write created it."""

    sha256: str
    size: int
    created: bool


class BlobWriter(Protocol):
    """A streaming upload that becomes a blob on commit; a context manager that aborts if not."""

    def write(self, data: bytes) -> None:
        """Append plaintext; raise PayloadTooLarge (and abort) once the size limit is exceeded."""
        ...

    @property
    def size(self) -> int:
        """Return the number of plaintext bytes written so far."""
        ...

    @property
    def sha256(self) -> str:
        """Return the hex SHA-256 of the plaintext written so far."""
        ...

    def commit(self, expected_sha256: str | None = None) -> BlobInfo:
        """Store the blob; raise DigestMismatch (and abort) if it differs from the expected one."""
        ...

    def abort(self) -> None:
        """Discard the upload; idempotent, and a no-op after a successful commit."""
        ...

    def __enter__(self) -> Self:
        """Return the writer itself."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Abort unless the writer was committed."""
        ...


class BlobStore(Protocol):
    """Stores plaintext blobs by SHA-256 and streams them back, verified."""

    def writer(self, *, max_bytes: int | None = None) -> BlobWriter:
        """Start a streaming upload, optionally capped at `max_bytes` plaintext bytes."""
        ...

    def exists(self, sha256: str) -> bool:
        """Return whether a blob with this address is stored."""
        ...

    def size(self, sha256: str) -> int:
        """Return the plaintext size of a blob; raise NotFound if it is missing."""
        ...

    def open_read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Yield verified plaintext bytes start..end (inclusive; None means to the end)."""
        ...

    def check(self) -> None:
        """Raise Unavailable unless blobs can be written and keys used."""
        ...

    def sweep_temp(self, older_than_seconds: float) -> int:
        """Delete upload temp files untouched for longer than the given age; return how many."""
        ...


class LocalEncryptedBlobStore:
    """A BlobStore on a local filesystem, encrypted with keys from a KeyProvider."""

    def __init__(
        self, root: Path, keys: KeyProvider, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> None:
        check_chunk_size(chunk_size)
        self._root = root
        self._blobs = root / "blobs"
        self._tmp = root / "tmp"
        self._keys = keys
        self._chunk_size = chunk_size
        for directory in (root, self._blobs, self._tmp):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def writer(self, *, max_bytes: int | None = None) -> BlobWriter:
        """Start a streaming upload, optionally capped at `max_bytes` plaintext bytes."""
        fd, name = tempfile.mkstemp(dir=self._tmp, prefix="upload-", suffix=".part")
        temp, file = Path(name), os.fdopen(fd, "w+b")
        try:
            envelope = EnvelopeWriter(file, self._keys, chunk_size=self._chunk_size)
        except BaseException:
            file.close()
            temp.unlink()
            raise
        return _LocalBlobWriter(temp, file, envelope, self._publish, max_bytes)

    def exists(self, sha256: str) -> bool:
        """Return whether a blob with this address is stored."""
        return self._path(sha256).is_file()

    def size(self, sha256: str) -> int:
        """Return the plaintext size of a blob, authenticated; raise NotFound if it is missing."""
        with self._open(sha256) as fh:
            return EnvelopeReader(fh, self._keys).plaintext_size

    def open_read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Yield verified plaintext bytes start..end (inclusive; None means to the end).

        Opening authenticates the blob's size, so NotFound, RangeNotSatisfiable and a damaged
        header surface here rather than on the first `next()`.
        """
        fh = self._open(sha256)
        try:
            reader = EnvelopeReader(fh, self._keys)
            # The digest is authenticated with the final chunk, so a blob stored under the
            # wrong name is refused before any byte, for full and range reads alike.
            if reader.plaintext_sha256 != sha256:
                raise IntegrityFailure(f"blob {sha256} does not hold the content its name promises")
            size = reader.plaintext_size
            stop = _range_stop(start, end, size)
            pieces = reader.read(start, stop)
        except BaseException:
            fh.close()
            raise
        return _BlobStream(fh, pieces)

    def check(self) -> None:
        """Raise Unavailable unless blobs can be written and keys used."""
        self._keys.check()
        try:
            with tempfile.NamedTemporaryFile(dir=self._tmp, prefix="check-"):
                pass
        except OSError as exc:
            raise Unavailable(f"blob store at {self._root} is not writable: {exc}") from None
        if not os.access(self._blobs, os.W_OK | os.X_OK):
            raise Unavailable(f"blob directory {self._blobs} is not writable")

    def sweep_temp(self, older_than_seconds: float) -> int:
        """Delete temp files (e.g. left by a crash) older than the given age; return how many."""
        cutoff = time.time() - older_than_seconds
        removed = 0
        for entry in self._tmp.iterdir():
            try:
                if entry.is_file() and entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # its writer committed or aborted it meanwhile
        return removed

    def _publish(self, temp: Path, sha256: str) -> bool:
        """Move a complete, fsynced temp file into place; return False if the blob existed."""
        final = self._path(sha256)
        if final.exists():
            temp.unlink()
            return False
        _ensure_dir(final.parent)
        # Two concurrent uploads of the same content may both get here; the later rename just
        # replaces an equivalent blob, so only the `created` flag can be off, never the content.
        temp.replace(final)
        fsync_dir(final.parent)
        return True

    def _open(self, sha256: str) -> BinaryIO:
        try:
            return self._path(sha256).open("rb")
        except FileNotFoundError:
            raise NotFound(f"blob {sha256} does not exist") from None

    def _path(self, sha256: str) -> Path:
        # Validating here keeps every caller-supplied name inside the blob directory.
        if not _SHA256_HEX.fullmatch(sha256):
            raise invalid("sha256", "must be 64 lowercase hexadecimal characters")
        return self._blobs / sha256[:2] / sha256[2:4] / sha256


class _LocalBlobWriter:
    """Streams plaintext through hashing and encryption into a temp file, published on commit."""

    def __init__(
        self,
        temp: Path,
        file: BinaryIO,
        envelope: EnvelopeWriter,
        publish: Callable[[Path, str], bool],
        max_bytes: int | None,
    ) -> None:
        self._temp = temp
        self._file = file
        self._envelope = envelope
        self._publish = publish
        self._max_bytes = max_bytes
        self._committed = False
        self._closed = False

    @property
    def size(self) -> int:
        """Return the number of plaintext bytes written so far."""
        return self._envelope.size

    @property
    def sha256(self) -> str:
        """Return the hex SHA-256 of the plaintext written so far."""
        return self._envelope.sha256()

    def write(self, data: bytes) -> None:
        """Append plaintext; raise PayloadTooLarge (and abort) once the size limit is exceeded."""
        self._ensure_open()
        if self._max_bytes is not None and self.size + len(data) > self._max_bytes:
            self.abort()
            raise PayloadTooLarge(
                f"artifact exceeds the limit of {self._max_bytes} bytes",
                extra={"max_bytes": self._max_bytes},
            )
        try:
            self._envelope.write(data)
        except BaseException:
            self.abort()  # a failed write (e.g. disk full) leaves nothing worth keeping
            raise

    def commit(self, expected_sha256: str | None = None) -> BlobInfo:
        """Store the blob; raise DigestMismatch (and abort) if it differs from the expected one."""
        self._ensure_open()
        digest = self._envelope.sha256()
        try:
            if expected_sha256 is not None and expected_sha256.lower() != digest:
                msg = f"content has SHA-256 {digest}, not the declared {expected_sha256}"
                raise DigestMismatch(
                    f"sha256: {msg}",
                    errors=[FieldError(("sha256",), msg, "digest_mismatch")],
                    extra={"expected": expected_sha256, "actual": digest},
                )
            self._envelope.finish()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            created = self._publish(self._temp, digest)
        except BaseException:
            self.abort()
            raise
        self._committed = self._closed = True
        return BlobInfo(sha256=digest, size=self.size, created=created)

    def abort(self) -> None:
        """Discard the upload; idempotent, and a no-op after a successful commit."""
        if self._closed:
            return
        self._closed = True
        try:
            self._file.close()
        finally:
            self._temp.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        """Return the writer itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Abort unless the writer was committed."""
        if not self._committed:
            self.abort()

    def _ensure_open(self) -> None:
        if self._closed:
            raise ValueError("blob writer is already committed or aborted")


class _BlobStream(Iterator[bytes]):
    """Plaintext pieces of one blob; closes the blob file when exhausted, failed or closed."""

    def __init__(self, fh: BinaryIO, pieces: Iterator[bytes]) -> None:
        self._fh = fh
        self._pieces = pieces

    def __next__(self) -> bytes:
        """Return the next verified piece."""
        try:
            return next(self._pieces)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Release the blob file; later iteration yields nothing."""
        self._pieces = iter(())
        self._fh.close()


def _range_stop(start: int, end: int | None, size: int) -> int:
    """Return the exclusive stop for an inclusive range, clamping `end` like HTTP does."""
    empty_full_read = start == 0 and size == 0
    if start < 0 or (end is not None and end < start) or (start >= size and not empty_full_read):
        raise RangeNotSatisfiable(
            f"range {start}-{'' if end is None else end} is outside the {size}-byte artifact",
            extra={"size": size},
        )
    return size if end is None else min(end + 1, size)


def _ensure_dir(path: Path) -> None:
    """Create `path` and missing parents so that the new directory entries survive a crash."""
    if path.is_dir():
        return
    _ensure_dir(path.parent)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        return  # a concurrent upload created it
    fsync_dir(path.parent)
