"""The MRB1 envelope format: round trips, range reads and detection of every kind of tampering."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.errors import IntegrityFailure
from modelreg.security.envelope import (
    DEFAULT_CHUNK_SIZE,
    MAX_CHUNK_SIZE,
    TAG_SIZE,
    EnvelopeReader,
    EnvelopeWriter,
    decrypt_stream,
    encrypt_stream,
    read_header,
)
from modelreg.security.keys import LocalKeyfileProvider

CHUNK = 64


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> LocalKeyfileProvider:
    return LocalKeyfileProvider(tmp_path_factory.mktemp("keys") / "kek.json")


def seal(keys: LocalKeyfileProvider, plaintext: bytes, *, piece: int = 50) -> bytes:
    out = io.BytesIO()
    pieces = (plaintext[i : i + piece] for i in range(0, len(plaintext), piece))
    assert encrypt_stream(pieces, out, keys, chunk_size=CHUNK) == len(plaintext)
    return out.getvalue()


def unseal(keys: LocalKeyfileProvider, blob: bytes) -> bytes:
    return b"".join(decrypt_stream(io.BytesIO(blob), keys))


def read_range(keys: LocalKeyfileProvider, blob: bytes, start: int, stop: int) -> bytes:
    return b"".join(EnvelopeReader(io.BytesIO(blob), keys).read(start, stop))


def header_length(blob: bytes) -> int:
    return read_header(io.BytesIO(blob)).length


def chunk_span(blob: bytes, index: int) -> slice:
    """Byte positions of a full (non-final) chunk including its tag."""
    start = header_length(blob) + index * (CHUNK + TAG_SIZE)
    return slice(start, start + CHUNK + TAG_SIZE)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 7])
def test_round_trip_and_layout(keys: LocalKeyfileProvider, size: int) -> None:
    plaintext = os.urandom(size)

    blob = seal(keys, plaintext)

    header = read_header(io.BytesIO(blob))
    assert header.plaintext_size == size
    assert header.chunk_count == size // CHUNK + 1  # the final chunk is always short
    assert header.chunk_size == CHUNK
    assert header.wrapped_key.kek_id == keys.current_kek_id()
    assert len(blob) == header.length + size + TAG_SIZE * header.chunk_count
    assert unseal(keys, blob) == plaintext
    if size >= 16:
        assert plaintext[:16] not in blob


def test_each_blob_gets_its_own_data_key_and_nonces(keys: LocalKeyfileProvider) -> None:
    plaintext = b"same content" * 20

    one, two = seal(keys, plaintext), seal(keys, plaintext)

    assert read_header(io.BytesIO(one)).wrapped_key != read_header(io.BytesIO(two)).wrapped_key
    assert one[header_length(one) :] != two[header_length(two) :]


def test_writer_reports_size_and_digest_so_far(keys: LocalKeyfileProvider) -> None:
    writer = EnvelopeWriter(io.BytesIO(), keys, chunk_size=CHUNK)
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


def test_default_chunk_size_round_trip(keys: LocalKeyfileProvider) -> None:
    plaintext = os.urandom(2 * DEFAULT_CHUNK_SIZE + 12345)
    out = io.BytesIO()
    encrypt_stream([plaintext[:100_000], plaintext[100_000:]], out, keys)
    blob = out.getvalue()

    assert read_header(io.BytesIO(blob)).chunk_count == 3
    assert b"".join(decrypt_stream(io.BytesIO(blob), keys)) == plaintext
    reader = EnvelopeReader(io.BytesIO(blob), keys)
    boundary = DEFAULT_CHUNK_SIZE
    assert (
        b"".join(reader.read(boundary - 3, boundary + 3)) == plaintext[boundary - 3 : boundary + 3]
    )


@pytest.mark.parametrize("chunk_size", [0, -1, MAX_CHUNK_SIZE + 1])
def test_rejects_bad_chunk_size(keys: LocalKeyfileProvider, chunk_size: int) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        EnvelopeWriter(io.BytesIO(), keys, chunk_size=chunk_size)


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=6 * CHUNK), piece=st.integers(min_value=1, max_value=200))
def test_round_trip_property(keys: LocalKeyfileProvider, plaintext: bytes, piece: int) -> None:
    assert unseal(keys, seal(keys, plaintext, piece=piece)) == plaintext


@settings(max_examples=60, deadline=None)
@given(data=st.data(), plaintext=st.binary(min_size=1, max_size=6 * CHUNK))
def test_range_property(keys: LocalKeyfileProvider, data: st.DataObject, plaintext: bytes) -> None:
    blob = seal(keys, plaintext)
    start = data.draw(st.integers(min_value=0, max_value=len(plaintext) - 1))
    end = data.draw(st.integers(min_value=start, max_value=len(plaintext) - 1))

    assert read_range(keys, blob, start, end + 1) == plaintext[start : end + 1]


def test_read_rejects_out_of_bounds_range(keys: LocalKeyfileProvider) -> None:
    reader = EnvelopeReader(io.BytesIO(seal(keys, b"x" * 10)), keys)

    assert b"".join(reader.read(10, 10)) == b""
    for start, stop in [(-1, 5), (5, 4), (0, 11)]:
        with pytest.raises(ValueError, match="range"):
            reader.read(start, stop)


def test_every_single_bit_flip_is_detected(keys: LocalKeyfileProvider) -> None:
    blob = seal(keys, os.urandom(2 * CHUNK + 22))

    for position in range(len(blob)):
        for bit in (0x01, 0x80):
            tampered = bytearray(blob)
            tampered[position] ^= bit
            with pytest.raises(IntegrityFailure):
                unseal(keys, bytes(tampered))


def test_swapped_chunks_are_detected(keys: LocalKeyfileProvider) -> None:
    blob = bytearray(seal(keys, os.urandom(3 * CHUNK + 5)))
    first, second = chunk_span(bytes(blob), 0), chunk_span(bytes(blob), 1)
    blob[first], blob[second] = blob[second], blob[first]

    with pytest.raises(IntegrityFailure, match="chunk 0"):
        unseal(keys, bytes(blob))


def test_dropped_final_chunk_is_detected(keys: LocalKeyfileProvider) -> None:
    blob = seal(keys, os.urandom(2 * CHUNK + 22))

    with pytest.raises(IntegrityFailure, match="truncated"):
        unseal(keys, blob[: -(22 + TAG_SIZE)])


def test_truncation_with_rewritten_size_fields_is_detected(keys: LocalKeyfileProvider) -> None:
    # Cut chunk 1 short and make the size fields agree with the shorter file: chunk 1 must then
    # verify as a 34-byte final chunk, which it was not encrypted as.
    blob = bytearray(seal(keys, os.urandom(2 * CHUNK + 22)))
    sizes_at = header_length(bytes(blob)) - 48  # size, count, digest
    blob[sizes_at : sizes_at + 16] = (CHUNK + 34).to_bytes(8, "big") + (2).to_bytes(8, "big")
    truncated = bytes(blob[: chunk_span(bytes(blob), 1).start + 34 + TAG_SIZE])

    with pytest.raises(IntegrityFailure, match="chunk 1"):
        unseal(keys, truncated)


def test_appended_bytes_are_detected(keys: LocalKeyfileProvider) -> None:
    blob = seal(keys, os.urandom(2 * CHUNK + 22))

    for extra in (b"\x00", os.urandom(CHUNK + TAG_SIZE)):
        with pytest.raises(IntegrityFailure, match="trailing"):
            unseal(keys, blob + extra)


@pytest.mark.parametrize(
    "blob",
    [b"", b"MRB", b"NOPE" + bytes(100), b"MRB1\x02" + bytes(100), b"MRB1\x01" + bytes(100)],
)
def test_malformed_headers_are_integrity_failures(keys: LocalKeyfileProvider, blob: bytes) -> None:
    with pytest.raises(IntegrityFailure):
        unseal(keys, blob)


def test_blob_from_another_keyfile_is_rejected(keys: LocalKeyfileProvider, tmp_path: Path) -> None:
    blob = seal(keys, b"secret")

    with pytest.raises(IntegrityFailure):
        unseal(LocalKeyfileProvider(tmp_path / "other.json"), blob)


def test_range_read_touches_only_covering_chunks(keys: LocalKeyfileProvider) -> None:
    plaintext = os.urandom(3 * CHUNK + 5)
    blob = bytearray(seal(keys, plaintext))
    blob[chunk_span(bytes(blob), 1).start + 3] ^= 1
    tampered = bytes(blob)

    assert read_range(keys, tampered, 0, CHUNK) == plaintext[:CHUNK]
    assert read_range(keys, tampered, 2 * CHUNK, len(plaintext)) == plaintext[2 * CHUNK :]
    with pytest.raises(IntegrityFailure, match="chunk 1"):
        read_range(keys, tampered, CHUNK - 1, CHUNK + 1)


def test_opening_authenticates_size_before_any_read(keys: LocalKeyfileProvider) -> None:
    blob = bytearray(seal(keys, os.urandom(3 * CHUNK + 5)))
    blob[-1] ^= 1  # the final chunk's tag

    with pytest.raises(IntegrityFailure, match="chunk 3"):
        EnvelopeReader(io.BytesIO(bytes(blob)), keys)
