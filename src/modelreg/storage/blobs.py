"""Content-addressed, encrypted, streaming blob store for model artifacts.

A blob is named by the SHA-256 of its plaintext and stored in the envelope format of
`modelreg.security.envelope` at `root/blobs/ab/cd/<sha256>`, with its wrapped data key in the key
record `root/blobs/ab/cd/<sha256>.key`. Uploads stream into a temp file in `root/tmp` (same
filesystem), which is fsynced and renamed into place only once complete and matching any
declared digest, so a crash can leave a stale temp file (see `sweep_temp`) but never a partial
blob. Identical content is stored once.

The envelope is never rewritten. Key rotation (`rewrap`) replaces only key records, each one
atomically (temp file, fsync, rename, fsync of the directory), so a reader, which reads the
record once before opening the envelope, sees the old or the new record and either unwraps:
the old KEK stays available until it is retired. Publishing, re-wrapping and retiring take one
cross-process lock (a flock on `root/blobs`), which is what lets `retire_kek` count the blobs
that use a KEK and be sure no new one appears under it afterwards.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import secrets
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol, Self

from modelreg.domain.errors import (
    Conflict,
    DigestMismatch,
    FieldError,
    IntegrityFailure,
    NotFound,
    PayloadTooLarge,
    RangeNotSatisfiable,
    Unavailable,
    invalid,
)
from modelreg.security.durable import directory_lock, fsync_dir, write_new_file
from modelreg.security.envelope import (
    DEFAULT_CHUNK_SIZE,
    MAX_KEY_RECORD_BYTES,
    BytesLike,
    EnvelopeReader,
    EnvelopeSealer,
    check_chunk_size,
    decode_key_record,
    encode_key_record,
)
from modelreg.security.keys import KeyProvider, WrappedKey
from modelreg.storage.read_ahead import ReadAhead
from modelreg.storage.upload_pipeline import UploadPipeline

log = logging.getLogger("modelreg.blobs")

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class StaleTempSweep:
    """Sweeps a store's temp files untouched for `older_than` seconds, at most once per `every`.

    Called from a loop that runs all the time (the worker), so an interrupted upload's temp file
    goes away without a restart. Age is the file's mtime: an upload in flight keeps writing, so
    only a file nobody has written to for `older_than` seconds is removed.
    """

    def __init__(
        self,
        store: BlobStore,
        *,
        older_than: float,
        every: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._older_than = older_than
        self._every = every
        self._clock = clock
        self._next = clock()  # the first call sweeps

    def __call__(self) -> int:
        """Sweep if the interval has passed; return how many files were removed."""
        now = self._clock()
        if now < self._next:
            return 0
        self._next = now + self._every
        try:
            removed = self._store.sweep_temp(older_than_seconds=self._older_than)
        except OSError:
            # A full or unmounted disk must not stop the jobs; the next interval tries again.
            log.exception("could not sweep stale upload temp files")
            return 0
        if removed:
            log.info("removed %d stale upload temp file(s)", removed)
        return removed


@dataclass(frozen=True)
class BlobInfo:
    """A stored blob: its address, plaintext size, and whether this write created it."""

    sha256: str
    size: int
    created: bool


@dataclass(frozen=True)
class KeyUsage:
    """How many blobs each KEK wraps, and the blobs whose key record cannot be read."""

    by_kek: dict[str, int]
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class RewrapResult:
    """The outcome of one re-wrapping pass over every blob."""

    target_kek_id: str
    rewrapped: dict[str, int] = field(default_factory=dict)  # per KEK that wrapped them before
    already_current: int = 0
    failed: tuple[str, ...] = ()  # blobs whose key record is missing, damaged or not theirs

    @property
    def rewrapped_total(self) -> int:
        """Return how many key records this pass rewrote."""
        return sum(self.rewrapped.values())


class BlobWriter(Protocol):
    """A streaming upload that becomes a blob on commit; a context manager that aborts if not."""

    def write(self, data: BytesLike) -> None:
        """Append plaintext; raise PayloadTooLarge (and abort) once the size limit is exceeded."""
        ...

    def write_nowait(self, data: BytesLike) -> bool:
        """Append plaintext if that cannot block; return False (nothing appended) otherwise.

        Raises like `write` (PayloadTooLarge, a failed upload), aborting the upload.
        """
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


class BlobStream(Protocol):
    """Verified plaintext pieces of one blob; `close` releases its file (and thread) early."""

    def __iter__(self) -> Iterator[bytes]:
        """Return the stream itself."""
        ...

    def __next__(self) -> bytes:
        """Return the next verified piece."""
        ...

    def next_ready(self) -> bytes | None:
        """Return the next piece if it is ready without blocking, else None (use `next`)."""
        ...

    def close(self) -> None:
        """Release the blob file; later iteration yields nothing."""
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

    def open_read(self, sha256: str, start: int = 0, end: int | None = None) -> BlobStream:
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

    @property
    def keys(self) -> KeyProvider:
        """Return the key provider that wraps this store's data keys."""
        return self._keys

    def writer(self, *, max_bytes: int | None = None) -> BlobWriter:
        """Start a streaming upload, optionally capped at `max_bytes` plaintext bytes."""
        fd, name = tempfile.mkstemp(dir=self._tmp, prefix="upload-", suffix=".part")
        temp, file = Path(name), os.fdopen(fd, "w+b")
        try:
            sealer = EnvelopeSealer(file, chunk_size=self._chunk_size)
            pipeline = UploadPipeline(sealer, file)
        except BaseException:
            file.close()
            temp.unlink()
            raise
        return _LocalBlobWriter(temp, file, sealer, pipeline, self._publish, max_bytes)

    def exists(self, sha256: str) -> bool:
        """Return whether a blob with this address is stored."""
        return self._path(sha256).is_file()

    def size(self, sha256: str) -> int:
        """Return the plaintext size of a blob, authenticated; raise NotFound if it is missing."""
        wrapped = self._read_key(sha256)
        with self._open(sha256) as fh:
            return EnvelopeReader(fh, wrapped, self._keys).plaintext_size

    def open_read(self, sha256: str, start: int = 0, end: int | None = None) -> BlobStream:
        """Yield verified plaintext bytes start..end (inclusive; None means to the end).

        Opening authenticates the blob's size, so NotFound, RangeNotSatisfiable and a damaged
        header surface here rather than on the first `next()`. Reads longer than a chunk are
        decrypted a few chunks ahead on a thread (`ReadAhead`) while the caller uses the current
        one. Callers that may stop early (an HTTP client hanging up) call `close()`.
        """
        # The key record is read once, before the envelope: a rotation replacing it meanwhile
        # does not matter, because the record we hold still unwraps under its (kept) old KEK.
        wrapped = self._read_key(sha256)
        fh = self._open(sha256)
        try:
            reader = EnvelopeReader(fh, wrapped, self._keys)
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
        if stop - start <= reader.header.chunk_size:
            return _BlobStream(fh, pieces)  # a chunk or two: a thread would cost more than it saves
        return ReadAhead(pieces, release=fh.close)

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
        """Delete temp files not modified for the given age (e.g. left by a crash); count them."""
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

    def addresses(self) -> Iterator[str]:
        """Yield the address of every stored blob, in no particular order."""
        for first in _subdirectories(self._blobs):
            for second in _subdirectories(first):
                with os.scandir(second) as entries:
                    for entry in entries:
                        if _SHA256_HEX.fullmatch(entry.name) and entry.is_file():
                            yield entry.name

    def kek_usage(self) -> KeyUsage:
        """Count the blobs whose data key each KEK wraps; list blobs without a usable record."""
        counts: Counter[str] = Counter()
        unreadable: list[str] = []
        for sha256 in self.addresses():
            try:
                counts[self._read_key(sha256).kek_id] += 1
            except (IntegrityFailure, NotFound):
                unreadable.append(sha256)
        return KeyUsage(by_kek=dict(counts), unreadable=tuple(sorted(unreadable)))

    def rewrap(self) -> RewrapResult:
        """Re-wrap every data key not yet under the provider's current KEK; never touch a blob.

        Idempotent and resumable: blobs already on the current KEK are skipped, so rerunning
        after a crash finishes the job. A blob whose key record is missing, damaged or does not
        unwrap is listed in `failed` and left as it is; an unavailable provider aborts the pass.
        """
        target = self._keys.current_kek_id()
        moved: Counter[str] = Counter()
        already_current = 0
        failed: list[str] = []
        for sha256 in self.addresses():
            try:
                source = self._rewrap_one(sha256, target)
            except (IntegrityFailure, NotFound):
                failed.append(sha256)
                continue
            if source is None:
                already_current += 1
            else:
                moved[source] += 1
        return RewrapResult(
            target_kek_id=target,
            rewrapped=dict(moved),
            already_current=already_current,
            failed=tuple(sorted(failed)),
        )

    def retire_kek(self, kek_id: str) -> None:
        """Retire a KEK at the provider once no blob uses it; raise Conflict while any does."""
        if kek_id == self._keys.current_kek_id():
            raise Conflict(f"KEK {kek_id!r} is the current KEK; rotate before retiring it")
        with directory_lock(self._blobs):
            # Under the publish lock no blob can appear under this KEK while we count.
            usage = self.kek_usage()
            if usage.unreadable:
                raise Conflict(
                    f"{len(usage.unreadable)} blob(s) have a missing or damaged key record (e.g. "
                    f"{usage.unreadable[0]}); their KEK is unknown, so none is retired"
                )
            in_use = usage.by_kek.get(kek_id, 0)
            if in_use:
                raise Conflict(
                    f"KEK {kek_id!r} still wraps the data keys of {in_use} blob(s); "
                    "run `modelreg keys rotate --resume` first"
                )
            self._keys.retire(kek_id)

    def _rewrap_one(self, sha256: str, target: str) -> str | None:
        """Re-wrap one blob's key record; return the KEK it had, or None if already on target."""
        record_path = self._key_path(sha256)
        raw = self._read_key_bytes(sha256)
        wrapped = decode_key_record(raw)
        if wrapped.kek_id == target:
            return None
        rewrapped = self._keys.rewrap(wrapped, bytes.fromhex(sha256))
        temp = self._tmp / f"rewrap-{secrets.token_hex(8)}.key"
        write_new_file(temp, encode_key_record(rewrapped))
        try:
            with directory_lock(self._blobs):
                current = self._keys.current_kek_id()
                if rewrapped.kek_id != target or current != target:
                    raise Conflict(
                        f"the current KEK changed from {target!r} to {current!r} while "
                        "re-wrapping (a concurrent rotation?); run `modelreg keys rotate --resume`"
                    )
                now = record_path.read_bytes()
                if now != raw:
                    # Only a concurrent pass rewrites existing records; if it reached the same
                    # KEK, this blob is done.
                    if decode_key_record(now).kek_id == target:
                        return None
                    raise Conflict(f"the key record of blob {sha256} changed during re-wrapping")
                temp.replace(record_path)
                fsync_dir(record_path.parent)
        finally:
            temp.unlink(missing_ok=True)
        return wrapped.kek_id

    def _publish(self, temp: Path, sha256: str, envelope: EnvelopeSealer) -> bool:
        """Move a complete, fsynced temp file and its key record into place.

        Return False if the blob existed already.
        """
        final = self._path(sha256)
        if final.exists():
            temp.unlink()
            return False
        key_temp = temp.with_name(f"{temp.name}.key")
        wrapped = envelope.wrap_key(self._keys)
        try:
            write_new_file(key_temp, encode_key_record(wrapped))
            _ensure_dir(final.parent)
            with directory_lock(self._blobs):
                if final.exists():  # an upload of the same content won the race
                    temp.unlink()
                    return False
                if wrapped.kek_id != self._keys.current_kek_id():
                    # Rotated since we wrapped: a retire counting blobs may come next, and it
                    # must not miss one published under the old KEK after it counted.
                    key_temp.unlink()
                    write_new_file(key_temp, encode_key_record(envelope.wrap_key(self._keys)))
                # The record first: a blob must never be visible without its key.
                key_temp.replace(self._key_path(sha256))
                fsync_dir(final.parent)
                temp.replace(final)
                fsync_dir(final.parent)
                return True
        finally:
            key_temp.unlink(missing_ok=True)

    def _read_key(self, sha256: str) -> WrappedKey:
        return decode_key_record(self._read_key_bytes(sha256))

    def _read_key_bytes(self, sha256: str) -> bytes:
        """Read a key record; NotFound without the blob, IntegrityFailure without the record."""
        try:
            with self._key_path(sha256).open("rb") as fh:
                return fh.read(MAX_KEY_RECORD_BYTES + 1)
        except FileNotFoundError:
            if self.exists(sha256):
                raise IntegrityFailure(
                    f"blob {sha256} has no key record; restore {sha256}.key from a backup"
                ) from None
            raise NotFound(f"blob {sha256} does not exist") from None

    def _open(self, sha256: str) -> io.BufferedReader:
        try:
            return self._path(sha256).open("rb")
        except FileNotFoundError:
            raise NotFound(f"blob {sha256} does not exist") from None

    def _path(self, sha256: str) -> Path:
        # Validating here keeps every caller-supplied name inside the blob directory.
        if not _SHA256_HEX.fullmatch(sha256):
            raise invalid("sha256", "must be 64 lowercase hexadecimal characters")
        return self._blobs / sha256[:2] / sha256[2:4] / sha256

    def _key_path(self, sha256: str) -> Path:
        return self._path(sha256).with_name(f"{sha256}.key")


class _LocalBlobWriter:
    """Streams plaintext through hashing and encryption into a temp file, published on commit.

    The hashing, encryption and file writes run on an `UploadPipeline`'s threads; `write` only
    copies into its chunk buffers and returns, so the caller can receive more meanwhile.
    """

    def __init__(
        self,
        temp: Path,
        file: BinaryIO,
        sealer: EnvelopeSealer,
        pipeline: UploadPipeline,
        publish: Callable[[Path, str, EnvelopeSealer], bool],
        max_bytes: int | None,
    ) -> None:
        self._temp = temp
        self._file = file
        self._sealer = sealer
        self._pipeline = pipeline
        self._publish = publish
        self._max_bytes = max_bytes
        self._committed = False
        self._closed = False

    @property
    def size(self) -> int:
        """Return the number of plaintext bytes written so far."""
        return self._pipeline.size

    @property
    def sha256(self) -> str:
        """Return the hex SHA-256 of the plaintext written so far."""
        return self._pipeline.sha256()

    def write(self, data: BytesLike) -> None:
        """Append plaintext; raise PayloadTooLarge (and abort) once the size limit is exceeded."""
        self._check_room(data)
        try:
            self._pipeline.write(data)
        except BaseException:
            self.abort()  # a failed write (e.g. disk full) leaves nothing worth keeping
            raise

    def write_nowait(self, data: BytesLike) -> bool:
        """Append plaintext if that cannot block; return False (nothing appended) otherwise."""
        self._check_room(data)
        try:
            return self._pipeline.write_nowait(data)
        except BaseException:
            self.abort()
            raise

    def _check_room(self, data: BytesLike) -> None:
        self._ensure_open()
        length = data.nbytes if isinstance(data, memoryview) else len(data)
        if self._max_bytes is not None and self.size + length > self._max_bytes:
            self.abort()
            raise PayloadTooLarge(
                f"artifact exceeds the limit of {self._max_bytes} bytes",
                extra={"max_bytes": self._max_bytes},
            )

    def commit(self, expected_sha256: str | None = None) -> BlobInfo:
        """Store the blob; raise DigestMismatch (and abort) if it differs from the expected one."""
        self._ensure_open()
        try:
            size, raw_digest = self._pipeline.finish()
            digest = raw_digest.hex()
            if expected_sha256 is not None and expected_sha256.lower() != digest:
                msg = f"content has SHA-256 {digest}, not the declared {expected_sha256}"
                raise DigestMismatch(
                    f"sha256: {msg}",
                    errors=[FieldError(("sha256",), msg, "digest_mismatch")],
                    extra={"expected": expected_sha256, "actual": digest},
                )
            # One fsync, of the whole file, once every chunk and the size fields are written.
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            created = self._publish(self._temp, digest, self._sealer)
        except BaseException:
            self.abort()
            raise
        self._committed = self._closed = True
        return BlobInfo(sha256=digest, size=size, created=created)

    def abort(self) -> None:
        """Discard the upload; idempotent, and a no-op after a successful commit.

        Does not wait for the pipeline's threads: the temp file is unlinked now, and closed once
        no thread can write to it any more.
        """
        if self._closed:
            return
        self._closed = True
        try:
            self._pipeline.abort(close=self._discard_file)
        finally:
            self._temp.unlink(missing_ok=True)

    def _discard_file(self) -> None:
        # Closing flushes what is buffered, which fails again on a full disk; the file is
        # unlinked already, so its bytes no longer matter.
        with contextlib.suppress(OSError):
            self._file.close()

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

    def __init__(self, fh: io.BufferedReader, pieces: Iterator[bytes]) -> None:
        self._fh = fh
        self._pieces = pieces

    def __next__(self) -> bytes:
        """Return the next verified piece."""
        try:
            return next(self._pieces)
        except BaseException:
            self.close()
            raise

    def next_ready(self) -> None:
        """Return None: every piece is decrypted when asked for, so it could block."""
        return None

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


def _subdirectories(path: Path) -> list[Path]:
    with os.scandir(path) as entries:
        return [Path(entry.path) for entry in entries if entry.is_dir(follow_symlinks=False)]


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
