"""The blob store's threaded paths on real files: failing uploads, read-ahead, and old blobs."""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import resource
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from modelreg.domain.errors import IntegrityFailure, PayloadTooLarge
from modelreg.security.envelope import HEADER_LENGTH, TAG_SIZE, read_header
from modelreg.security.keys import LocalKeyfileProvider
from modelreg.storage.blobs import LocalEncryptedBlobStore

# A worker thread's exception nobody handled would otherwise pass as a mere warning.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
CHUNK = 64
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "blob-format3"
FIXTURE_SHA256 = "7a30bcae9bf712fefe5a76eb20cf3d9ebe94948c00d7a49cd8e9765405af8776"
FIXTURE_PLAINTEXT = bytes(range(256)) * 10 + b"tail"


@pytest.fixture
def keys(tmp_path: Path) -> LocalKeyfileProvider:
    return LocalKeyfileProvider(tmp_path / "keys" / "kek.json")


@pytest.fixture
def store(tmp_path: Path, keys: LocalKeyfileProvider) -> LocalEncryptedBlobStore:
    return LocalEncryptedBlobStore(tmp_path / "store", keys, chunk_size=CHUNK)


def stored_files(tmp_path: Path) -> list[Path]:
    """Every file of the store: blobs, key records and upload temp files."""
    return sorted(p for p in (tmp_path / "store").rglob("*") if p.is_file())


def named_threads(prefix: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(prefix)]


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def open_fds() -> int:
    """Open descriptors on files under pytest's temporary directories (where the stores live).

    Sockets, pipes and other files that earlier tests in this worker left to the garbage
    collector may close at any moment; counting them made the comparisons flaky.
    """
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed since listed (the listing's own descriptor among them)
            continue
        count += "/pytest-" in target
    return count


@pytest.fixture
def file_size_limit() -> Iterator[int]:
    """Make this process's file writes fail with EFBIG past 64 KiB, as a full disk would fail.

    RLIMIT_FSIZE is enforced by the kernel on every write, so the upload's seal thread gets a
    real error from a real file; SIGXFSZ is ignored so that the write fails instead of the
    process being killed.
    """
    limit = 64 * 1024
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    previous_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, previous_limit[1]))
    try:
        yield limit
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, previous_limit)
        signal.signal(signal.SIGXFSZ, previous_handler)


def test_a_write_failing_on_the_seal_thread_leaves_nothing(
    store: LocalEncryptedBlobStore, tmp_path: Path, file_size_limit: int
) -> None:
    data = os.urandom(4 * file_size_limit)
    writer = store.writer()
    with pytest.raises(OSError) as raised:
        for i in range(0, len(data), 1000):
            writer.write(data[i : i + 1000])
        writer.commit()
    assert raised.value.errno == errno.EFBIG
    wait_until(lambda: not named_threads("upload-"), "the upload threads did not stop")
    assert stored_files(tmp_path) == []
    assert not store.exists(hashlib.sha256(data).hexdigest())
    with pytest.raises(ValueError, match="aborted"):
        writer.write(b"more")


def test_an_aborted_upload_stops_its_threads_and_releases_its_file(
    store: LocalEncryptedBlobStore, tmp_path: Path
) -> None:
    before = open_fds()
    writer = store.writer()
    writer.write(os.urandom(50 * CHUNK + 7))
    writer.abort()

    assert stored_files(tmp_path) == []  # unlinked at once
    wait_until(lambda: not named_threads("upload-"), "the upload threads did not stop")
    wait_until(lambda: open_fds() == before, "the temp file was not closed")


def test_every_upload_joins_its_threads_on_commit(store: LocalEncryptedBlobStore) -> None:
    for n in range(5):
        with store.writer() as writer:
            writer.write(os.urandom(n * CHUNK + n))
            writer.commit()
    assert not named_threads("upload-")


def test_long_reads_come_through_read_ahead_unchanged(store: LocalEncryptedBlobStore) -> None:
    data = os.urandom(40 * CHUNK + 13)
    with store.writer() as writer:
        writer.write(data)
        digest = writer.commit().sha256

    assert b"".join(store.open_read(digest)) == data
    for start, end in [(0, None), (5, 3 * CHUNK), (CHUNK - 1, 30 * CHUNK), (100, len(data) - 1)]:
        stop = len(data) if end is None else end + 1
        assert b"".join(store.open_read(digest, start, end)) == data[start:stop]
    wait_until(lambda: not named_threads("blob-read-ahead"), "read-ahead threads left")


def test_read_ahead_stops_at_a_tampered_chunk(
    store: LocalEncryptedBlobStore, tmp_path: Path
) -> None:
    data = os.urandom(20 * CHUNK)
    with store.writer() as writer:
        writer.write(data)
        digest = writer.commit().sha256
    path = tmp_path / "store" / "blobs" / digest[:2] / digest[2:4] / digest
    content = bytearray(path.read_bytes())
    content[HEADER_LENGTH + 7 * (CHUNK + TAG_SIZE) + 3] ^= 0x01
    path.chmod(0o600)
    path.write_bytes(bytes(content))
    before = open_fds()

    received = []
    with pytest.raises(IntegrityFailure, match="chunk 7"):
        for piece in store.open_read(digest):
            received.append(piece)
    assert b"".join(received) == data[: 7 * CHUNK]  # only verified chunks came out
    assert open_fds() == before


def test_a_dropped_or_closed_long_read_releases_its_thread_and_file(
    store: LocalEncryptedBlobStore,
) -> None:
    with store.writer() as writer:
        writer.write(os.urandom(100 * CHUNK))
        digest = writer.commit().sha256
    before = open_fds()

    closed = store.open_read(digest)
    assert len(next(closed)) == CHUNK
    closed.close()
    assert list(closed) == []
    assert open_fds() == before

    dropped = store.open_read(digest)
    next(dropped)
    del dropped  # a client that went away: nothing closes it but the garbage collector
    gc.collect()
    wait_until(lambda: not named_threads("blob-read-ahead"), "read-ahead thread left")
    assert open_fds() == before


def test_blobs_read_whatever_chunk_size_they_were_written_with(
    tmp_path: Path, keys: LocalKeyfileProvider
) -> None:
    root = tmp_path / "store"
    data = os.urandom(10_000)
    with LocalEncryptedBlobStore(root, keys, chunk_size=1000).writer() as writer:
        writer.write(data)
        digest = writer.commit().sha256

    reader = LocalEncryptedBlobStore(root, keys, chunk_size=4096)
    assert b"".join(reader.open_read(digest)) == data
    assert b"".join(reader.open_read(digest, 990, 2010)) == data[990:2011]


def test_a_blob_written_before_the_upload_pipeline_still_reads(tmp_path: Path) -> None:
    """The fixture was written by the single-threaded writer (see tests/fixtures/blob-format3)."""
    keyfile = tmp_path / "keys" / "kek.json"
    keyfile.parent.mkdir(mode=0o700)
    shutil.copyfile(FIXTURE / "kek.json", keyfile)
    keyfile.chmod(0o600)
    root = tmp_path / "store"
    store = LocalEncryptedBlobStore(root, LocalKeyfileProvider(keyfile))
    target = root / "blobs" / FIXTURE_SHA256[:2] / FIXTURE_SHA256[2:4]
    target.mkdir(parents=True)
    for name in (FIXTURE_SHA256, f"{FIXTURE_SHA256}.key"):
        shutil.copyfile(FIXTURE / name, target / name)

    with (target / FIXTURE_SHA256).open("rb") as fh:
        assert read_header(fh).chunk_size == 1000
    assert store.size(FIXTURE_SHA256) == len(FIXTURE_PLAINTEXT)
    assert b"".join(store.open_read(FIXTURE_SHA256)) == FIXTURE_PLAINTEXT
    assert b"".join(store.open_read(FIXTURE_SHA256, 995, 2005)) == FIXTURE_PLAINTEXT[995:2006]
    assert hashlib.sha256(FIXTURE_PLAINTEXT).hexdigest() == FIXTURE_SHA256


def test_write_nowait_checks_the_size_limit_and_aborts(
    store: LocalEncryptedBlobStore, tmp_path: Path
) -> None:
    writer = store.writer(max_bytes=3 * CHUNK)
    assert writer.write_nowait(b"x" * 2 * CHUNK)
    with pytest.raises(PayloadTooLarge):
        writer.write_nowait(b"x" * (CHUNK + 1))
    assert stored_files(tmp_path) == []
    with pytest.raises(ValueError, match="aborted"):
        writer.write_nowait(b"x")


def test_short_reads_are_never_ready_without_asking(store: LocalEncryptedBlobStore) -> None:
    with store.writer() as writer:
        writer.write(b"short")
        digest = writer.commit().sha256
    stream = store.open_read(digest)
    assert stream.next_ready() is None  # decrypted on demand: `next` is the way
    assert next(stream) == b"short"
    stream.close()
