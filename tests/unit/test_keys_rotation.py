"""Key rotation in the blob store: re-wrapping key records only, resumably, while reads go on."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from modelreg.domain.errors import Conflict, NotFound
from modelreg.security.envelope import decode_key_record
from modelreg.security.keys import KeyProvider, LocalKeyfileProvider, WrappedKey
from modelreg.storage.blobs import LocalEncryptedBlobStore

CHUNK = 64


@pytest.fixture
def keys(tmp_path: Path) -> LocalKeyfileProvider:
    return LocalKeyfileProvider(tmp_path / "keys" / "kek.json")


@pytest.fixture
def store(tmp_path: Path, keys: LocalKeyfileProvider) -> LocalEncryptedBlobStore:
    return LocalEncryptedBlobStore(tmp_path / "store", keys, chunk_size=CHUNK)


def put(store: LocalEncryptedBlobStore, data: bytes) -> str:
    with store.writer() as writer:
        writer.write(data)
        return writer.commit().sha256


def read(store: LocalEncryptedBlobStore, sha256: str) -> bytes:
    return b"".join(store.open_read(sha256))


def envelope(tmp_path: Path, sha256: str) -> Path:
    return tmp_path / "store" / "blobs" / sha256[:2] / sha256[2:4] / sha256


def kek_of(tmp_path: Path, sha256: str) -> str:
    return decode_key_record(Path(f"{envelope(tmp_path, sha256)}.key").read_bytes()).kek_id


def fill(store: LocalEncryptedBlobStore, count: int) -> dict[str, bytes]:
    contents = [os.urandom(n * 37 % (5 * CHUNK)) + n.to_bytes(4, "big") for n in range(count)]
    return {put(store, data): data for data in contents}


class FailingAfter:
    """A provider that dies (as a crash would) after `limit` re-wraps."""

    def __init__(self, inner: LocalKeyfileProvider, limit: int) -> None:
        self.inner = inner
        self.limit = limit

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        if self.limit == 0:
            raise RuntimeError("simulated crash")
        self.limit -= 1
        return self.inner.rewrap(wrapped, context)


def test_rewrap_moves_every_key_record_and_no_envelope_byte(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider, tmp_path: Path
) -> None:
    blobs = fill(store, 12)
    old = keys.current_kek_id()
    envelopes = {sha: envelope(tmp_path, sha).read_bytes() for sha in blobs}
    inodes = {sha: envelope(tmp_path, sha).stat().st_ino for sha in blobs}
    new = keys.rotate()

    result = store.rewrap()

    assert (result.target_kek_id, result.rewrapped, result.already_current) == (new, {old: 12}, 0)
    assert result.failed == ()
    for sha, data in blobs.items():
        assert kek_of(tmp_path, sha) == new
        assert envelope(tmp_path, sha).read_bytes() == envelopes[sha]
        assert envelope(tmp_path, sha).stat().st_ino == inodes[sha]
        assert read(store, sha) == data
    assert store.kek_usage().by_kek == {new: 12}
    assert list((tmp_path / "store" / "tmp").iterdir()) == []


def test_rewrap_is_idempotent(store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider) -> None:
    fill(store, 5)
    keys.rotate()
    store.rewrap()

    again = store.rewrap()

    assert (again.rewrapped, again.already_current, again.failed) == ({}, 5, ())


def test_crash_mid_rotation_leaves_every_blob_readable_and_a_rerun_finishes(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider, tmp_path: Path
) -> None:
    blobs = fill(store, 10)
    old = keys.current_kek_id()
    new = keys.rotate()
    crashing = LocalEncryptedBlobStore(tmp_path / "store", FailingAfter(keys, 4), chunk_size=CHUNK)

    with pytest.raises(RuntimeError, match="simulated crash"):
        crashing.rewrap()

    assert store.kek_usage().by_kek == {old: 6, new: 4}
    for sha, data in blobs.items():
        assert read(store, sha) == data
    assert list((tmp_path / "store" / "tmp").iterdir()) == []
    resumed = store.rewrap()
    assert (resumed.rewrapped, resumed.already_current) == ({old: 6}, 4)
    assert store.kek_usage().by_kek == {new: 10}
    store.retire_kek(old)
    for sha, data in blobs.items():
        assert read(store, sha) == data


def test_reads_verify_while_rotation_runs(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider, tmp_path: Path
) -> None:
    blobs = fill(store, 40)
    # A second store object stands for the server: its own provider loaded the keyfile before
    # the rotation, as a running process would have.
    server = LocalEncryptedBlobStore(
        tmp_path / "store", LocalKeyfileProvider(tmp_path / "keys" / "kek.json"), chunk_size=CHUNK
    )
    started, stop = threading.Event(), threading.Event()
    reads: list[int] = []
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            while True:
                # Check `stop` only between full passes, so every pass completes.
                finished = stop.is_set()
                for sha, data in blobs.items():
                    content = read(server, sha)
                    assert hashlib.sha256(content).hexdigest() == sha
                    assert content == data
                    reads.append(1)
                    started.set()
                if finished:
                    return
        except BaseException as exc:
            errors.append(exc)
            started.set()

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    started.wait()
    try:
        for _ in range(3):  # three rotations back to back, each re-wrapping all 40 blobs
            keys.rotate()
            assert store.rewrap().rewrapped_total == 40
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    assert errors == []
    assert len(reads) >= 2 * 40
    # Writes by the server after the rotation land under the new KEK it has not loaded yet.
    assert kek_of(tmp_path, put(server, b"uploaded after rotation")) == keys.current_kek_id()


def test_rewrap_reports_blobs_it_cannot_rewrap_and_goes_on(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider, tmp_path: Path
) -> None:
    blobs = sorted(fill(store, 4))
    Path(f"{envelope(tmp_path, blobs[0])}.key").unlink()
    Path(f"{envelope(tmp_path, blobs[1])}.key").write_bytes(b"garbage")
    keys.rotate()

    result = store.rewrap()

    assert result.rewrapped_total == 2
    assert result.failed == tuple(blobs[:2])
    assert store.kek_usage().unreadable == tuple(blobs[:2])


def test_retire_refuses_while_blobs_use_the_kek(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider
) -> None:
    sha = put(store, b"artifact")
    old = keys.current_kek_id()
    new = keys.rotate()

    with pytest.raises(Conflict, match="1 blob"):
        store.retire_kek(old)
    with pytest.raises(Conflict, match="current KEK"):
        store.retire_kek(new)
    store.rewrap()
    store.retire_kek(old)

    assert keys.kek_ids() == [new]
    assert read(store, sha) == b"artifact"
    with pytest.raises(NotFound):
        store.retire_kek(old)


def test_retire_refuses_while_a_key_record_is_unreadable(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider, tmp_path: Path
) -> None:
    sha = put(store, b"artifact")
    old = keys.current_kek_id()
    keys.rotate()
    store.rewrap()
    Path(f"{envelope(tmp_path, sha)}.key").write_bytes(b"{}")

    with pytest.raises(Conflict, match="damaged key record"):
        store.retire_kek(old)


def test_upload_wrapped_before_a_rotation_is_published_under_the_new_kek(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider, tmp_path: Path
) -> None:
    """An upload that wrapped under the old KEK must not slip past a retire that counted."""

    class RotatesOnWrap:
        def __init__(self, inner: KeyProvider) -> None:
            self.inner = inner
            self.rotated = False

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def wrap(self, data_key: bytes, context: bytes) -> WrappedKey:
            wrapped = self.inner.wrap(data_key, context)
            if not self.rotated:  # another process rotates right after our wrap
                self.rotated = True
                self.inner.rotate()
            return wrapped

    old = keys.current_kek_id()
    racing = LocalEncryptedBlobStore(tmp_path / "store", RotatesOnWrap(keys), chunk_size=CHUNK)

    sha = put(racing, b"uploaded during a rotation")

    assert kek_of(tmp_path, sha) == keys.current_kek_id() != old
    store.retire_kek(old)
    assert read(store, sha) == b"uploaded during a rotation"


def test_addresses_lists_envelopes_only(store: LocalEncryptedBlobStore) -> None:
    blobs = fill(store, 3)

    assert sorted(store.addresses()) == sorted(blobs)
