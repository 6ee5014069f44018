"""The MRB1 envelope format (v3): round trips, range reads, key records, and every tampering."""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.errors import IntegrityFailure
from modelreg.security.envelope import (
    DEFAULT_CHUNK_SIZE,
    HEADER_LENGTH,
    MAX_CHUNK_SIZE,
    MAX_KEY_RECORD_BYTES,
    TAG_SIZE,
    EnvelopeReader,
    EnvelopeWriter,
    decode_key_record,
    decrypt_stream,
    encode_key_record,
    encrypt_stream,
    read_header,
)
from modelreg.security.keys import LocalKeyfileProvider, WrappedKey

CHUNK = 64


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> LocalKeyfileProvider:
    return LocalKeyfileProvider(tmp_path_factory.mktemp("keys") / "kek.json")


@dataclass(frozen=True)
class Sealed:
    """An envelope and the wrapped data key that belongs to it."""

    blob: bytes
    key: WrappedKey


def seal(keys: LocalKeyfileProvider, plaintext: bytes, *, piece: int = 50) -> Sealed:
    out = io.BytesIO()
    pieces = (plaintext[i : i + piece] for i in range(0, len(plaintext), piece))
    key = encrypt_stream(pieces, out, keys, chunk_size=CHUNK)
    return Sealed(out.getvalue(), key)


def unseal(keys: LocalKeyfileProvider, blob: bytes, key: WrappedKey) -> bytes:
    return b"".join(decrypt_stream(io.BytesIO(blob), key, keys))


def read_range(keys: LocalKeyfileProvider, sealed: Sealed, start: int, stop: int) -> bytes:
    return b"".join(EnvelopeReader(io.BytesIO(sealed.blob), sealed.key, keys).read(start, stop))


def chunk_span(index: int) -> slice:
    """Byte positions of a full (non-final) chunk including its tag."""
    start = HEADER_LENGTH + index * (CHUNK + TAG_SIZE)
    return slice(start, start + CHUNK + TAG_SIZE)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 7])
def test_round_trip_and_layout(keys: LocalKeyfileProvider, size: int) -> None:
    plaintext = os.urandom(size)

    sealed = seal(keys, plaintext)

    header = read_header(io.BytesIO(sealed.blob))
    assert header.plaintext_size == size
    assert header.chunk_count == size // CHUNK + 1  # the final chunk is always short
    assert header.chunk_size == CHUNK
    assert header.plaintext_sha256 == hashlib.sha256(plaintext).digest()
    assert sealed.key.kek_id == keys.current_kek_id()
    assert len(sealed.blob) == HEADER_LENGTH + size + TAG_SIZE * header.chunk_count
    assert unseal(keys, sealed.blob, sealed.key) == plaintext
    if size >= 16:
        assert plaintext[:16] not in sealed.blob


def test_each_blob_gets_its_own_data_key_and_nonces(keys: LocalKeyfileProvider) -> None:
    plaintext = b"same content" * 20

    one, two = seal(keys, plaintext), seal(keys, plaintext)

    assert one.key != two.key
    assert one.blob[HEADER_LENGTH:] != two.blob[HEADER_LENGTH:]
    # Same content, so same context: only the key commitment ties a key to its envelope.
    with pytest.raises(IntegrityFailure, match="does not belong to this blob"):
        unseal(keys, one.blob, two.key)


def test_writer_reports_size_and_digest_so_far(keys: LocalKeyfileProvider) -> None:
    writer = EnvelopeWriter(io.BytesIO(), chunk_size=CHUNK)
    writer.write(b"a" * 100)
    assert writer.size == 100
    assert writer.sha256() == hashlib.sha256(b"a" * 100).hexdigest()

    writer.write(bytearray(b"b" * 10))
    writer.write(memoryview(b"c" * 200)[50:])
    assert writer.finish() == 260
    assert writer.sha256() == hashlib.sha256(b"a" * 100 + b"b" * 10 + b"c" * 150).hexdigest()
    with pytest.raises(ValueError, match="finished"):
        writer.write(b"x")
    with pytest.raises(ValueError, match="finished"):
        writer.finish()


def test_key_is_wrapped_only_once_the_digest_is_known(keys: LocalKeyfileProvider) -> None:
    writer = EnvelopeWriter(io.BytesIO(), chunk_size=CHUNK)
    writer.write(b"abc")

    with pytest.raises(ValueError, match="finished"):
        writer.wrap_key(keys)
    writer.finish()
    wrapped = writer.wrap_key(keys)
    assert keys.unwrap(wrapped, hashlib.sha256(b"abc").digest())


def test_default_chunk_size_round_trip(keys: LocalKeyfileProvider) -> None:
    plaintext = os.urandom(2 * DEFAULT_CHUNK_SIZE + 12345)
    out = io.BytesIO()
    key = encrypt_stream([plaintext[:100_000], plaintext[100_000:]], out, keys)
    blob = out.getvalue()

    assert read_header(io.BytesIO(blob)).chunk_count == 3
    assert b"".join(decrypt_stream(io.BytesIO(blob), key, keys)) == plaintext
    reader = EnvelopeReader(io.BytesIO(blob), key, keys)
    boundary = DEFAULT_CHUNK_SIZE
    assert (
        b"".join(reader.read(boundary - 3, boundary + 3)) == plaintext[boundary - 3 : boundary + 3]
    )


@pytest.mark.parametrize("chunk_size", [0, -1, MAX_CHUNK_SIZE + 1])
def test_rejects_bad_chunk_size(keys: LocalKeyfileProvider, chunk_size: int) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        EnvelopeWriter(io.BytesIO(), chunk_size=chunk_size)


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=6 * CHUNK), piece=st.integers(min_value=1, max_value=200))
def test_round_trip_property(keys: LocalKeyfileProvider, plaintext: bytes, piece: int) -> None:
    sealed = seal(keys, plaintext, piece=piece)
    assert unseal(keys, sealed.blob, sealed.key) == plaintext


@settings(max_examples=60, deadline=None)
@given(data=st.data(), plaintext=st.binary(min_size=1, max_size=6 * CHUNK))
def test_range_property(keys: LocalKeyfileProvider, data: st.DataObject, plaintext: bytes) -> None:
    sealed = seal(keys, plaintext)
    start = data.draw(st.integers(min_value=0, max_value=len(plaintext) - 1))
    end = data.draw(st.integers(min_value=start, max_value=len(plaintext) - 1))

    assert read_range(keys, sealed, start, end + 1) == plaintext[start : end + 1]


def test_read_rejects_out_of_bounds_range(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, b"x" * 10)
    reader = EnvelopeReader(io.BytesIO(sealed.blob), sealed.key, keys)

    assert b"".join(reader.read(10, 10)) == b""
    for start, stop in [(-1, 5), (5, 4), (0, 11)]:
        with pytest.raises(ValueError, match="range"):
            reader.read(start, stop)


def test_every_single_bit_flip_is_detected(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, os.urandom(2 * CHUNK + 22))

    for position in range(len(sealed.blob)):
        for bit in (0x01, 0x80):
            tampered = bytearray(sealed.blob)
            tampered[position] ^= bit
            with pytest.raises(IntegrityFailure):
                unseal(keys, bytes(tampered), sealed.key)


def test_every_single_bit_flip_of_the_wrapped_key_is_detected(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, os.urandom(CHUNK + 3))

    for position in range(len(sealed.key.ciphertext)):
        tampered = bytearray(sealed.key.ciphertext)
        tampered[position] ^= 0x01
        with pytest.raises(IntegrityFailure):
            unseal(keys, sealed.blob, WrappedKey(sealed.key.kek_id, bytes(tampered)))


def test_wrapped_key_of_another_blob_is_refused(keys: LocalKeyfileProvider) -> None:
    one, two = seal(keys, b"first artifact"), seal(keys, b"second artifact")

    # The content address is the wrap's context, so the key does not even unwrap.
    with pytest.raises(IntegrityFailure, match="belongs to another blob"):
        unseal(keys, one.blob, two.key)


def test_foreign_data_key_wrapped_for_this_blob_is_refused(keys: LocalKeyfileProvider) -> None:
    # Someone able to use the KEK wraps a key of their choice for this blob's address: it
    # unwraps, but the key commitment in the header refuses it before any chunk is tried.
    sealed = seal(keys, b"artifact")
    forged = keys.wrap(os.urandom(32), hashlib.sha256(b"artifact").digest())

    with pytest.raises(IntegrityFailure, match="does not belong to this blob"):
        unseal(keys, sealed.blob, forged)


def test_rewrapping_changes_the_key_only(keys: LocalKeyfileProvider, tmp_path: Path) -> None:
    own = LocalKeyfileProvider(tmp_path / "kek.json")
    plaintext = os.urandom(3 * CHUNK)
    sealed = seal(own, plaintext)
    old_kek = own.current_kek_id()
    new_kek = own.rotate()

    rewrapped = own.rewrap(sealed.key, hashlib.sha256(plaintext).digest())

    assert (rewrapped.kek_id, sealed.key.kek_id) == (new_kek, old_kek)
    assert unseal(own, sealed.blob, rewrapped) == unseal(own, sealed.blob, sealed.key) == plaintext
    own.retire(old_kek)
    assert unseal(own, sealed.blob, rewrapped) == plaintext
    with pytest.raises(IntegrityFailure, match="not in keyfile"):
        unseal(own, sealed.blob, sealed.key)


def test_key_record_round_trip(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, b"x")
    record = encode_key_record(sealed.key)

    assert decode_key_record(record) == sealed.key
    assert json.loads(record)["format"] == "modelreg-wrapped-key/1"


@pytest.mark.parametrize(
    "record",
    [
        b"",
        b"not json",
        b"[]",
        b"{}",
        b'{"format": "modelreg-wrapped-key/2", "kek_id": "k", "wrapped_key": ""}',
        b'{"format": "modelreg-wrapped-key/1", "kek_id": "", "wrapped_key": ""}',
        b'{"format": "modelreg-wrapped-key/1", "kek_id": 7, "wrapped_key": ""}',
        b'{"format": "modelreg-wrapped-key/1", "kek_id": "k", "wrapped_key": "%%%"}',
        b'{"format": "modelreg-wrapped-key/1", "kek_id": "k"}',
        b"{" + b" " * MAX_KEY_RECORD_BYTES + b"}",
    ],
)
def test_malformed_key_records_are_integrity_failures(record: bytes) -> None:
    with pytest.raises(IntegrityFailure, match="key record"):
        decode_key_record(record)


def test_swapped_chunks_are_detected(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, os.urandom(3 * CHUNK + 5))
    blob = bytearray(sealed.blob)
    first, second = chunk_span(0), chunk_span(1)
    blob[first], blob[second] = blob[second], blob[first]

    with pytest.raises(IntegrityFailure, match="chunk 0"):
        unseal(keys, bytes(blob), sealed.key)


def test_dropped_final_chunk_is_detected(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, os.urandom(2 * CHUNK + 22))

    with pytest.raises(IntegrityFailure, match="truncated"):
        unseal(keys, sealed.blob[: -(22 + TAG_SIZE)], sealed.key)


def test_truncation_with_rewritten_size_fields_is_detected(keys: LocalKeyfileProvider) -> None:
    # Cut chunk 1 short and make the size fields agree with the shorter file: chunk 1 must then
    # verify as a 34-byte final chunk, which it was not encrypted as.
    sealed = seal(keys, os.urandom(2 * CHUNK + 22))
    blob = bytearray(sealed.blob)
    sizes_at = HEADER_LENGTH - 48  # size, count, digest
    blob[sizes_at : sizes_at + 16] = (CHUNK + 34).to_bytes(8, "big") + (2).to_bytes(8, "big")
    truncated = bytes(blob[: chunk_span(1).start + 34 + TAG_SIZE])

    with pytest.raises(IntegrityFailure, match="chunk 1"):
        unseal(keys, truncated, sealed.key)


def test_appended_bytes_are_detected(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, os.urandom(2 * CHUNK + 22))

    for extra in (b"\x00", os.urandom(CHUNK + TAG_SIZE)):
        with pytest.raises(IntegrityFailure, match="trailing"):
            unseal(keys, sealed.blob + extra, sealed.key)


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"MRB",
        b"NOPE" + bytes(100),
        b"MRB1\x02" + bytes(100),  # format 2 kept the wrapped key inside the header
        b"MRB1\x01" + bytes(100),
        b"MRB1\x03" + bytes(100),  # chunk size 0
    ],
)
def test_malformed_headers_are_integrity_failures(keys: LocalKeyfileProvider, blob: bytes) -> None:
    with pytest.raises(IntegrityFailure):
        unseal(keys, blob, seal(keys, b"").key)


def test_blob_from_another_keyfile_is_rejected(keys: LocalKeyfileProvider, tmp_path: Path) -> None:
    sealed = seal(keys, b"secret")

    with pytest.raises(IntegrityFailure):
        unseal(LocalKeyfileProvider(tmp_path / "other.json"), sealed.blob, sealed.key)


def test_range_read_touches_only_covering_chunks(keys: LocalKeyfileProvider) -> None:
    plaintext = os.urandom(3 * CHUNK + 5)
    sealed = seal(keys, plaintext)
    blob = bytearray(sealed.blob)
    blob[chunk_span(1).start + 3] ^= 1
    tampered = Sealed(bytes(blob), sealed.key)

    assert read_range(keys, tampered, 0, CHUNK) == plaintext[:CHUNK]
    assert read_range(keys, tampered, 2 * CHUNK, len(plaintext)) == plaintext[2 * CHUNK :]
    with pytest.raises(IntegrityFailure, match="chunk 1"):
        read_range(keys, tampered, CHUNK - 1, CHUNK + 1)


def test_opening_authenticates_size_before_any_read(keys: LocalKeyfileProvider) -> None:
    sealed = seal(keys, os.urandom(3 * CHUNK + 5))
    blob = bytearray(sealed.blob)
    blob[-1] ^= 1  # the final chunk's tag

    with pytest.raises(IntegrityFailure, match="chunk 3"):
        EnvelopeReader(io.BytesIO(bytes(blob)), sealed.key, keys)
