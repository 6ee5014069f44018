"""LocalEncryptedBlobStore on real files: writes, dedup, limits, range reads and tampering."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.errors import (
    DigestMismatch,
    IntegrityFailure,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RangeNotSatisfiable,
    Unavailable,
)
from modelreg.security.envelope import HEADER_LENGTH, TAG_SIZE, decode_key_record
from modelreg.security.keys import LocalKeyfileProvider
from modelreg.storage.blobs import BlobInfo, LocalEncryptedBlobStore

CHUNK = 64


@pytest.fixture
def keys(tmp_path: Path) -> LocalKeyfileProvider:
    return LocalKeyfileProvider(tmp_path / "keys" / "kek.json")


@pytest.fixture
def store(tmp_path: Path, keys: LocalKeyfileProvider) -> LocalEncryptedBlobStore:
    return LocalEncryptedBlobStore(tmp_path / "store", keys, chunk_size=CHUNK)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> LocalEncryptedBlobStore:
    """One store reused across hypothesis examples (function-scoped fixtures are not reset)."""
    root = tmp_path_factory.mktemp("shared")
    return LocalEncryptedBlobStore(
        root / "store", LocalKeyfileProvider(root / "kek.json"), chunk_size=CHUNK
    )


def put(store: LocalEncryptedBlobStore, data: bytes, *, piece: int = 50) -> BlobInfo:
    with store.writer() as writer:
        for i in range(0, len(data), piece):
            writer.write(data[i : i + piece])
        return writer.commit()


def read(
    store: LocalEncryptedBlobStore, sha256: str, start: int = 0, end: int | None = None
) -> bytes:
    return b"".join(store.open_read(sha256, start, end))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_files(tmp_path: Path) -> list[Path]:
    """Every file under blobs/: envelopes and their key records."""
    return sorted(p for p in (tmp_path / "store" / "blobs").rglob("*") if p.is_file())


def temp_files(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "store" / "tmp").iterdir())


def blob_path(tmp_path: Path, digest: str) -> Path:
    return tmp_path / "store" / "blobs" / digest[:2] / digest[2:4] / digest


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 4 * CHUNK + 9])
def test_round_trip(store: LocalEncryptedBlobStore, tmp_path: Path, size: int) -> None:
    data = os.urandom(size)

    info = put(store, data)

    assert info == BlobInfo(sha256=sha(data), size=size, created=True)
    assert store.exists(info.sha256)
    assert store.size(info.sha256) == size
    assert read(store, info.sha256) == data
    path = blob_path(tmp_path, info.sha256)
    key_record = Path(f"{path}.key")
    assert blob_files(tmp_path) == [path, key_record]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_record.stat().st_mode) == 0o600
    assert temp_files(tmp_path) == []


def test_directories_are_owner_only(store: LocalEncryptedBlobStore, tmp_path: Path) -> None:
    info = put(store, b"x")

    for directory in ("tmp", "blobs", f"blobs/{info.sha256[:2]}/{info.sha256[2:4]}"):
        assert stat.S_IMODE((tmp_path / "store" / directory).stat().st_mode) == 0o700


def test_plaintext_is_not_stored(store: LocalEncryptedBlobStore, tmp_path: Path) -> None:
    data = b"model weights in the clear " * 10

    info = put(store, data)

    assert b"model weights" not in blob_path(tmp_path, info.sha256).read_bytes()


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=5 * CHUNK), piece=st.integers(min_value=1, max_value=150))
def test_round_trip_property(
    shared_store: LocalEncryptedBlobStore, data: bytes, piece: int
) -> None:
    info = put(shared_store, data, piece=piece)

    assert info.sha256 == sha(data)
    assert read(shared_store, info.sha256) == data


@settings(max_examples=60, deadline=None)
@given(data=st.data(), content=st.binary(min_size=1, max_size=5 * CHUNK))
def test_range_property(
    shared_store: LocalEncryptedBlobStore, data: st.DataObject, content: bytes
) -> None:
    info = put(shared_store, content)
    start = data.draw(st.integers(min_value=0, max_value=len(content) - 1))
    end = data.draw(st.integers(min_value=start, max_value=len(content) - 1))

    assert read(shared_store, info.sha256, start, end) == content[start : end + 1]


def test_writer_tracks_size_and_digest(store: LocalEncryptedBlobStore) -> None:
    with store.writer() as writer:
        writer.write(b"a" * 100)
        assert (writer.size, writer.sha256) == (100, sha(b"a" * 100))
        writer.write(b"b")
        assert (writer.size, writer.sha256) == (101, sha(b"a" * 100 + b"b"))
        writer.commit()


def test_duplicate_content_is_stored_once(store: LocalEncryptedBlobStore, tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK)
    first = put(store, data)
    path = blob_path(tmp_path, first.sha256)
    stored, stored_key = path.read_bytes(), Path(f"{path}.key").read_bytes()

    second = put(store, data, piece=7)

    assert first.created is True
    assert second == BlobInfo(sha256=first.sha256, size=len(data), created=False)
    assert blob_files(tmp_path) == [path, Path(f"{path}.key")]
    # The original is kept, with its own data key.
    assert (path.read_bytes(), Path(f"{path}.key").read_bytes()) == (stored, stored_key)
    assert temp_files(tmp_path) == []


def test_digest_mismatch_stores_nothing(store: LocalEncryptedBlobStore, tmp_path: Path) -> None:
    writer = store.writer()
    writer.write(b"payload")

    with pytest.raises(DigestMismatch) as caught:
        writer.commit(sha(b"something else"))

    assert caught.value.errors[0].loc == ("sha256",)
    assert blob_files(tmp_path) == []
    assert temp_files(tmp_path) == []
    assert not store.exists(sha(b"payload"))


def test_expected_digest_is_case_insensitive(store: LocalEncryptedBlobStore) -> None:
    with store.writer() as writer:
        writer.write(b"payload")
        info = writer.commit(sha(b"payload").upper())

    assert info.sha256 == sha(b"payload")


def test_max_bytes_aborts_and_stores_nothing(
    store: LocalEncryptedBlobStore, tmp_path: Path
) -> None:
    writer = store.writer(max_bytes=100)
    writer.write(b"x" * 60)

    with pytest.raises(PayloadTooLarge):
        writer.write(b"x" * 41)

    assert temp_files(tmp_path) == []
    assert blob_files(tmp_path) == []
    with pytest.raises(ValueError, match="aborted"):
        writer.write(b"x")
    with pytest.raises(ValueError, match="aborted"):
        writer.commit()


def test_max_bytes_allows_exactly_the_limit(store: LocalEncryptedBlobStore) -> None:
    with store.writer(max_bytes=100) as writer:
        writer.write(b"x" * 60)
        writer.write(b"x" * 40)
        assert writer.commit().size == 100


def test_abort_is_idempotent_and_removes_temp_file(
    store: LocalEncryptedBlobStore, tmp_path: Path
) -> None:
    writer = store.writer()
    writer.write(b"partial")
    assert len(temp_files(tmp_path)) == 1

    writer.abort()
    writer.abort()

    assert temp_files(tmp_path) == []
    assert blob_files(tmp_path) == []


def test_exception_inside_with_leaves_nothing(
    store: LocalEncryptedBlobStore, tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError, match="client went away"), store.writer() as writer:
        writer.write(b"partial" * 100)
        raise RuntimeError("client went away")

    assert temp_files(tmp_path) == []
    assert blob_files(tmp_path) == []


def test_leaving_with_without_commit_aborts(store: LocalEncryptedBlobStore, tmp_path: Path) -> None:
    with store.writer() as writer:
        writer.write(b"never committed")

    assert temp_files(tmp_path) == []
    assert not store.exists(sha(b"never committed"))


def test_abort_after_commit_keeps_the_blob(store: LocalEncryptedBlobStore) -> None:
    writer = store.writer()
    writer.write(b"kept")
    info = writer.commit()

    writer.abort()

    assert read(store, info.sha256) == b"kept"


def test_crashed_upload_is_invisible_and_swept(
    store: LocalEncryptedBlobStore, tmp_path: Path
) -> None:
    crashed = store.writer()  # never committed nor aborted, as if the process died
    crashed.write(b"half an upload")
    [stale_file] = temp_files(tmp_path)
    fresh = store.writer()
    hour_ago = time.time() - 3600
    os.utime(stale_file, (hour_ago, hour_ago))

    assert not store.exists(sha(b"half an upload"))
    assert store.sweep_temp(older_than_seconds=60) == 1
    assert len(temp_files(tmp_path)) == 1  # the fresh writer's file survives
    fresh.write(b"still fine")
    assert fresh.commit().size == len(b"still fine")
    crashed.abort()  # only closes the file handle: its temp file is already gone


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "../" * 21 + "a",
        "A" * 64,
        sha(b"x").upper(),
        "a" * 63,
        "a" * 65,
        "g" * 64,
        sha(b"x") + "\n",
        "",
    ],
)
def test_invalid_addresses_are_rejected(store: LocalEncryptedBlobStore, name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        store.exists(name)
    assert caught.value.errors[0].loc == ("sha256",)
    with pytest.raises(InvalidInput):
        store.size(name)
    with pytest.raises(InvalidInput):
        store.open_read(name)


def test_missing_blob(store: LocalEncryptedBlobStore) -> None:
    missing = sha(b"never stored")

    assert not store.exists(missing)
    with pytest.raises(NotFound):
        store.size(missing)
    with pytest.raises(NotFound):
        store.open_read(missing)


def test_range_edge_cases(store: LocalEncryptedBlobStore) -> None:
    data = bytes(range(200))
    digest = put(store, data).sha256

    assert read(store, digest, 5, 5) == data[5:6]
    assert read(store, digest, 199, 199) == data[199:]
    assert read(store, digest, 199) == data[199:]
    assert read(store, digest, CHUNK - 1, CHUNK) == data[CHUNK - 1 : CHUNK + 1]
    assert read(store, digest, 150, 10_000) == data[150:]  # end is clamped, as in HTTP
    for start, end in [(200, None), (200, 300), (10, 9), (-1, 5)]:
        with pytest.raises(RangeNotSatisfiable):
            store.open_read(digest, start, end)


def test_empty_blob_ranges(store: LocalEncryptedBlobStore) -> None:
    digest = put(store, b"").sha256

    assert read(store, digest) == b""
    assert read(store, digest, 0, 0) == b""
    with pytest.raises(RangeNotSatisfiable):
        store.open_read(digest, 1)


def test_streams_release_their_file(store: LocalEncryptedBlobStore) -> None:
    digest = put(store, os.urandom(3 * CHUNK)).sha256
    before = len(os.listdir("/proc/self/fd"))

    consumed = store.open_read(digest)
    assert len(b"".join(consumed)) == 3 * CHUNK
    abandoned = store.open_read(digest, 0, 10)
    abandoned.close()

    assert len(os.listdir("/proc/self/fd")) == before


class TestTampering:
    """Every modification of a stored blob makes a full read fail with IntegrityFailure."""

    DATA = bytes(range(256)) * 2  # 8 full chunks and an empty final chunk

    @pytest.fixture
    def stored(self, store: LocalEncryptedBlobStore, tmp_path: Path) -> tuple[str, Path]:
        digest = put(store, self.DATA).sha256
        path = blob_path(tmp_path, digest)
        path.chmod(0o600)
        return digest, path

    @staticmethod
    def chunk_offset(index: int) -> int:
        return HEADER_LENGTH + index * (CHUNK + TAG_SIZE)

    @staticmethod
    def flip(path: Path, position: int) -> None:
        content = bytearray(path.read_bytes())
        content[position] ^= 0x10
        path.write_bytes(bytes(content))

    def test_intact_blob_reads(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path]
    ) -> None:
        assert read(store, stored[0]) == self.DATA

    @pytest.mark.parametrize(
        "where", ["magic", "chunk size", "nonce prefix", "key commitment", "size", "digest"]
    )
    def test_header_bit_flip(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path], where: str
    ) -> None:
        digest, path = stored
        position = {
            "magic": 0,
            "chunk size": 7,
            "nonce prefix": 10,
            "key commitment": 20,
            "size": HEADER_LENGTH - 41,
            "digest": HEADER_LENGTH - 9,
        }
        self.flip(path, position[where])

        with pytest.raises(IntegrityFailure):
            read(store, digest)

    @pytest.mark.parametrize("offset_in_chunk", [0, CHUNK - 1, CHUNK, CHUNK + TAG_SIZE - 1])
    def test_chunk_or_tag_bit_flip(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path], offset_in_chunk: int
    ) -> None:
        digest, path = stored
        self.flip(path, self.chunk_offset(2) + offset_in_chunk)

        with pytest.raises(IntegrityFailure, match="chunk 2"):
            read(store, digest)

    def test_swapped_chunks(self, store: LocalEncryptedBlobStore, stored: tuple[str, Path]) -> None:
        digest, path = stored
        step = CHUNK + TAG_SIZE
        first, second = self.chunk_offset(3), self.chunk_offset(4)
        content = bytearray(path.read_bytes())
        content[first : first + step], content[second : second + step] = (
            content[second : second + step],
            content[first : first + step],
        )
        path.write_bytes(bytes(content))

        with pytest.raises(IntegrityFailure):
            read(store, digest)

    @pytest.mark.parametrize("cut", [TAG_SIZE, TAG_SIZE + CHUNK + TAG_SIZE, 1])
    def test_truncated(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path], cut: int
    ) -> None:
        digest, path = stored
        path.write_bytes(path.read_bytes()[:-cut])

        with pytest.raises(IntegrityFailure):
            read(store, digest)
        with pytest.raises(IntegrityFailure):
            read(store, digest, 0, 10)  # a range read notices too

    def test_appended(self, store: LocalEncryptedBlobStore, stored: tuple[str, Path]) -> None:
        digest, path = stored
        with path.open("ab") as fh:
            fh.write(b"\x00" * (CHUNK + TAG_SIZE))

        with pytest.raises(IntegrityFailure):
            read(store, digest)

    def test_tampered_chunk_fails_only_ranges_that_touch_it(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path]
    ) -> None:
        digest, path = stored
        self.flip(path, self.chunk_offset(5) + 1)

        assert read(store, digest, 0, 5 * CHUNK - 1) == self.DATA[: 5 * CHUNK]
        with pytest.raises(IntegrityFailure, match="chunk 5"):
            read(store, digest, 5 * CHUNK + 10, 5 * CHUNK + 10)

    def test_blob_under_wrong_name(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path], tmp_path: Path
    ) -> None:
        digest, path = stored
        other = put(store, b"a different artifact")
        for suffix in ("", ".key"):
            other_path = blob_path(tmp_path, other.sha256)
            shutil.copyfile(other_path.with_name(other_path.name + suffix), f"{path}{suffix}")

        with pytest.raises(IntegrityFailure, match="does not hold the content"):
            read(store, digest)
        # The authenticated digest is checked on open: range reads are refused too.
        with pytest.raises(IntegrityFailure, match="does not hold the content"):
            read(store, digest, 0, 3)

    def test_key_record_of_another_blob(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path], tmp_path: Path
    ) -> None:
        digest, path = stored
        other = blob_path(tmp_path, put(store, b"a different artifact").sha256)
        shutil.copyfile(f"{other}.key", f"{path}.key")

        with pytest.raises(IntegrityFailure, match="another blob"):
            read(store, digest)

    def test_missing_key_record(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path]
    ) -> None:
        digest, path = stored
        Path(f"{path}.key").unlink()

        with pytest.raises(IntegrityFailure, match="no key record"):
            read(store, digest)
        with pytest.raises(IntegrityFailure, match="no key record"):
            store.size(digest)

    def test_damaged_key_record(
        self, store: LocalEncryptedBlobStore, stored: tuple[str, Path]
    ) -> None:
        digest, path = stored
        Path(f"{path}.key").write_bytes(b'{"format": "modelreg-wrapped-key/1"}')

        with pytest.raises(IntegrityFailure, match="key record"):
            read(store, digest)


def test_key_rotation_keeps_old_blobs_readable(
    store: LocalEncryptedBlobStore, keys: LocalKeyfileProvider, tmp_path: Path
) -> None:
    old_kek = keys.current_kek_id()
    old = put(store, b"written before rotation")

    new_kek = keys.rotate()
    new = put(store, b"written after rotation")

    assert read(store, old.sha256) == b"written before rotation"
    assert read(store, new.sha256) == b"written after rotation"
    for info, kek in [(old, old_kek), (new, new_kek)]:
        record = Path(f"{blob_path(tmp_path, info.sha256)}.key")
        assert decode_key_record(record.read_bytes()).kek_id == kek
        assert stat.S_IMODE(record.stat().st_mode) == 0o600


def test_check(store: LocalEncryptedBlobStore, tmp_path: Path) -> None:
    store.check()

    (tmp_path / "keys" / "kek.json").chmod(0o644)
    with pytest.raises(Unavailable, match="keyfile"):
        store.check()
    (tmp_path / "keys" / "kek.json").chmod(0o600)

    shutil.rmtree(tmp_path / "store" / "tmp")
    with pytest.raises(Unavailable, match="not writable"):
        store.check()


def test_rejects_bad_chunk_size(tmp_path: Path, keys: LocalKeyfileProvider) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        LocalEncryptedBlobStore(tmp_path / "store", keys, chunk_size=0)
