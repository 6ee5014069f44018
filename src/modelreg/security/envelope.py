"""Streaming envelope encryption of blobs: AES-256-GCM in fixed-size chunks (format "MRB1").

A blob is two files: the envelope (header and chunks, never rewritten) and a small key record
holding its wrapped data key (rewritten atomically when keys rotate). Envelope layout, all
integers big-endian:

    static header  b"MRB1" | u8 version (3) | u32 chunk_size | 4-byte nonce prefix
                   | 32-byte key commitment = HMAC-SHA256(data key, "modelreg dek commitment")
    size fields    u64 plaintext_size | u64 chunk_count | 32-byte SHA-256 of the plaintext
    chunks         chunk_count x (ciphertext || 16-byte GCM tag)

Key record (`encode_key_record`), UTF-8 JSON:
`{"format": "modelreg-wrapped-key/1", "kek_id": ..., "wrapped_key": base64}`.

Every chunk but the last holds exactly `chunk_size` plaintext bytes and the last holds fewer
(0 .. chunk_size-1): an empty plaintext is one empty final chunk, and a plaintext that is a
multiple of `chunk_size` ends with an empty final chunk. So `chunk_count = size // chunk_size + 1`,
the file is `HEADER_LENGTH + 16 * chunk_count + size` bytes long, and chunk i starts at
`HEADER_LENGTH + i * (chunk_size + 16)`, which lets range reads seek straight to it.

Each blob gets a fresh random 256-bit data key. Because the key is never reused, the nonce
`nonce_prefix || u64 chunk index` is unique per (key, chunk). The data key is wrapped by a
`KeyProvider`'s KEK with the plaintext SHA-256 (the content address) as context, so a key record
copied next to another blob does not unwrap. The wrapped key is deliberately outside the header
hash: re-wrapping it under a new KEK changes the key record only, never a ciphertext byte. What
ties the record to the envelope instead is the key commitment: AES-GCM does not commit to its
key, so a different data key that unwraps under the right context (one wrapped by whoever can
use the KEK) is refused by the commitment before any chunk is tried.

Why the size fields are outside the header hash: the writer streams, so it only knows the size
after the last chunk, but each chunk's associated data (AAD) is fixed when it is encrypted. Hence:

- every chunk's AAD is `SHA-256(static header) || u64 index || u8 final`;
- the final chunk's AAD also carries the size fields: `u64 plaintext_size || u64 chunk_count ||
  SHA-256(plaintext)`. Binding the plaintext digest means that opening a blob authenticates the
  content address too: a reader compares it with the name it asked for instead of hashing every
  byte again (on CPUs without SHA instructions that second pass halved download throughput);
- the writer reserves the size fields, streams the chunks, then seeks back to fill them in, and
  wraps the data key once the digest (its context) is known.

The reader checks the file length against the size fields, unwraps the data key with the digest
from the size fields as context, checks the key commitment, and decrypts the final chunk as soon
as it opens a blob, before it yields anything. That authenticates the size fields, so: a changed
static header fails the commitment or every chunk; a changed key record fails unwrapping or the
commitment; a flipped byte fails its chunk's tag; swapped chunks fail because the index is in
nonce and AAD; dropped final chunks or appended bytes break the length check or leave a chunk
that was not encrypted as final in the final position. Every failure raises `IntegrityFailure`;
no unverified byte is returned. Whether the plaintext matches its content address is the
caller's check; the writer hashes the plaintext chunk by chunk as it encrypts, so callers need
not buffer or hash twice.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import json
import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from modelreg.domain.errors import IntegrityFailure
from modelreg.security.keys import KEY_BYTES, KeyProvider, WrappedKey

MAGIC = b"MRB1"
FORMAT_VERSION = 3
KEY_RECORD_FORMAT = "modelreg-wrapped-key/1"
# A KMS ciphertext blob is a few hundred bytes; this bounds what a damaged record can cost.
MAX_KEY_RECORD_BYTES = 1 << 16
DEFAULT_CHUNK_SIZE = 1 << 20
# Bounds what a damaged header can make the reader allocate before anything is authenticated.
MAX_CHUNK_SIZE = 1 << 26
TAG_SIZE = 16
NONCE_PREFIX_SIZE = 4
_COMMITMENT_LABEL = b"modelreg dek commitment"

_STATIC = struct.Struct(">4sBI4s32s")  # magic, version, chunk_size, nonce prefix, commitment
_SIZES = struct.Struct(">QQ32s")  # plaintext_size, chunk_count, plaintext SHA-256
_INDEX = struct.Struct(">Q")
HEADER_LENGTH = _STATIC.size + _SIZES.size

BytesLike = bytes | bytearray | memoryview


@dataclass(frozen=True)
class EnvelopeHeader:
    """A parsed blob header; its size fields are trusted only once the final chunk verifies."""

    chunk_size: int
    nonce_prefix: bytes
    key_commitment: bytes
    plaintext_size: int
    chunk_count: int
    plaintext_sha256: bytes
    static_digest: bytes  # SHA-256 of the static header, bound into every chunk's AAD


def check_chunk_size(chunk_size: int) -> None:
    """Raise ValueError unless `chunk_size` is a usable plaintext chunk size."""
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk_size must be between 1 and {MAX_CHUNK_SIZE}, got {chunk_size}")


class EnvelopeSealer:
    """The encryption side of one envelope: writes the header, seals chunks, fills in the sizes.

    It holds the data key, nonce prefix and static header only, so chunks can be sealed on any
    thread; the caller keeps them in order and hashes the plaintext (`EnvelopeWriter` does both
    on one thread, `storage.upload_pipeline` on worker threads).
    """

    def __init__(self, out: BinaryIO, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        check_chunk_size(chunk_size)
        self._data_key = AESGCM.generate_key(bit_length=256)
        self._nonce_prefix = os.urandom(NONCE_PREFIX_SIZE)
        static = _STATIC.pack(
            MAGIC, FORMAT_VERSION, chunk_size, self._nonce_prefix, _commitment(self._data_key)
        )
        self._out = out
        self._sizes_offset = out.tell() + len(static)
        self._aead = AESGCM(self._data_key)
        self._static_digest = hashlib.sha256(static).digest()
        self._digest: bytes | None = None
        self.chunk_size = chunk_size
        # Placeholder size fields; finish() overwrites them once size and digest are known.
        out.write(static + _SIZES.pack(0, 0, bytes(32)))

    def seal_into(self, index: int, plaintext: BytesLike, sealed: bytearray) -> memoryview:
        """Encrypt full chunk `index` into `sealed` (at least chunk_size + TAG_SIZE bytes).

        Returns the view of `sealed` holding ciphertext and tag. encrypt_into releases the GIL and
        allocates nothing, unlike encrypt, which holds the GIL while it runs.
        """
        view = memoryview(sealed)[: len(memoryview(plaintext)) + TAG_SIZE]
        aad = _chunk_aad(self._static_digest, index, None)
        self._aead.encrypt_into(self._nonce(index), plaintext, aad, view)
        return view

    def finish(self, index: int, final: BytesLike, *, size: int, sha256: bytes) -> None:
        """Write final chunk `index` after the others, then the size fields; the end of writing.

        `sha256` is the digest of the whole plaintext, `final` included; it is bound into the
        final chunk's AAD and is the context the data key is wrapped under.
        """
        if self._digest is not None:
            raise ValueError("envelope already finished")
        sizes = _SIZES.pack(size, index + 1, sha256)
        aad = _chunk_aad(self._static_digest, index, sizes)
        self._out.write(self._aead.encrypt(self._nonce(index), final, aad))
        end = self._out.tell()
        self._out.seek(self._sizes_offset)
        self._out.write(sizes)
        self._out.seek(end)
        self._digest = sha256

    def wrap_key(self, keys: KeyProvider) -> WrappedKey:
        """Wrap the data key under the current KEK, bound to the finished plaintext's digest."""
        if self._digest is None:
            raise ValueError("wrap_key needs a finished envelope: the digest is its context")
        return keys.wrap(self._data_key, self._digest)

    def _nonce(self, index: int) -> bytes:
        return self._nonce_prefix + _INDEX.pack(index)


class EnvelopeWriter:
    """Encrypts plaintext pushed in arbitrary pieces into a seekable output, on one thread."""

    def __init__(self, out: BinaryIO, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self._sealer = EnvelopeSealer(out, chunk_size=chunk_size)
        self._out = out
        self._chunk_size = chunk_size
        # The partial chunk and the sealed chunk, in buffers allocated once and reused.
        self._pending = bytearray(chunk_size)
        self._pending_len = 0
        self._sealed = bytearray(chunk_size + TAG_SIZE)
        self._plaintext_hash = hashlib.sha256()
        self._index = 0
        self._size = 0
        self._finished = False

    @property
    def size(self) -> int:
        """Return the number of plaintext bytes written so far."""
        return self._size

    def sha256(self) -> str:
        """Return the hex SHA-256 of the plaintext written so far."""
        snapshot = self._plaintext_hash.copy()
        snapshot.update(self._pending_view())
        return snapshot.hexdigest()

    def write(self, data: BytesLike) -> None:
        """Add plaintext; full chunks are encrypted and written as soon as they are complete."""
        if self._finished:
            raise ValueError("envelope already finished")
        view = memoryview(data).cast("B")
        self._size += len(view)
        if self._pending_len:
            taken = min(len(view), self._chunk_size - self._pending_len)
            self._pending[self._pending_len : self._pending_len + taken] = view[:taken]
            self._pending_len += taken
            view = view[taken:]
            if self._pending_len < self._chunk_size:
                return
            self._seal_chunk(memoryview(self._pending))
            self._pending_len = 0
        # Whole chunks straight from the caller's buffer: no copy into `_pending`.
        while len(view) >= self._chunk_size:
            self._seal_chunk(view[: self._chunk_size])
            view = view[self._chunk_size :]
        self._pending[: len(view)] = view
        self._pending_len = len(view)

    def finish(self) -> int:
        """Write the short final chunk and the size fields; return the plaintext size."""
        if self._finished:
            raise ValueError("envelope already finished")
        self._finished = True
        final = self._pending_view()
        # The digest goes into the final chunk's AAD, so hash the last bytes before encrypting.
        self._plaintext_hash.update(final)
        self._sealer.finish(
            self._index, final, size=self._size, sha256=self._plaintext_hash.digest()
        )
        self._pending_len = 0
        return self._size

    def wrap_key(self, keys: KeyProvider) -> WrappedKey:
        """Wrap the data key under the current KEK, bound to the finished plaintext's digest."""
        return self._sealer.wrap_key(keys)

    def _pending_view(self) -> memoryview:
        return memoryview(self._pending)[: self._pending_len]

    def _seal_chunk(self, plaintext: memoryview) -> None:
        self._plaintext_hash.update(plaintext)
        self._out.write(self._sealer.seal_into(self._index, plaintext, self._sealed))
        self._index += 1


class EnvelopeReader:
    """Opens an encrypted blob, authenticates its size, and decrypts byte ranges on demand."""

    def __init__(self, src: io.BufferedIOBase, wrapped: WrappedKey, keys: KeyProvider) -> None:
        self._src = src
        self._base = src.tell()
        self.header = header = read_header(src)
        if header.chunk_count != header.plaintext_size // header.chunk_size + 1:
            raise IntegrityFailure("blob header has inconsistent size fields")
        expected_length = HEADER_LENGTH + header.plaintext_size + TAG_SIZE * header.chunk_count
        if src.seek(0, io.SEEK_END) - self._base != expected_length:
            raise IntegrityFailure("blob file is truncated or has trailing data")
        # The digest is not authenticated yet; a wrong one fails unwrapping or the final chunk.
        data_key = keys.unwrap(wrapped, header.plaintext_sha256)
        if len(data_key) != KEY_BYTES:
            raise IntegrityFailure("unwrapped data key has the wrong length")
        if not hmac.compare_digest(_commitment(data_key), header.key_commitment):
            raise IntegrityFailure("the wrapped data key does not belong to this blob")
        self._aead = AESGCM(data_key)
        self._final_index = header.chunk_count - 1
        # Ciphertext is read into one buffer, reused for every chunk (decrypt returns new bytes).
        self._sealed = bytearray(min(header.chunk_size, header.plaintext_size) + TAG_SIZE)
        # Decrypting the final chunk up front authenticates plaintext_size and chunk_count.
        self._seek_chunk(self._final_index)
        self._final_plaintext = self._decrypt_chunk(self._final_index)

    @property
    def plaintext_size(self) -> int:
        """Return the authenticated plaintext size."""
        return self.header.plaintext_size

    @property
    def plaintext_sha256(self) -> str:
        """Return the authenticated hex SHA-256 of the whole plaintext (the content address)."""
        return self.header.plaintext_sha256.hex()

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """Yield verified plaintext[start:stop], decrypting only the chunks that cover it."""
        stop = self.plaintext_size if stop is None else stop
        if not 0 <= start <= stop <= self.plaintext_size:
            raise ValueError(f"range [{start}, {stop}) outside plaintext of {self.plaintext_size}")
        return self._pieces(start, stop)

    def _pieces(self, start: int, stop: int) -> Iterator[bytes]:
        if start == stop:
            return
        chunk_size = self.header.chunk_size
        for index in range(start // chunk_size, (stop - 1) // chunk_size + 1):
            if index == self._final_index:
                plaintext = self._final_plaintext
            else:
                # Seeking per chunk keeps interleaved reads from one reader correct.
                self._seek_chunk(index)
                plaintext = self._decrypt_chunk(index)
            offset = index * chunk_size
            # Slicing a whole bytes object returns it without copying.
            yield plaintext[max(start - offset, 0) : min(stop - offset, len(plaintext))]

    def _seek_chunk(self, index: int) -> None:
        step = self.header.chunk_size + TAG_SIZE
        self._src.seek(self._base + HEADER_LENGTH + index * step)

    def _decrypt_chunk(self, index: int) -> bytes:
        header = self.header
        if index == self._final_index:
            length = header.plaintext_size % header.chunk_size
            sizes: bytes | None = _SIZES.pack(
                header.plaintext_size, header.chunk_count, header.plaintext_sha256
            )
        else:
            length, sizes = header.chunk_size, None
        nonce = header.nonce_prefix + _INDEX.pack(index)
        aad = _chunk_aad(header.static_digest, index, sizes)
        sealed = memoryview(self._sealed)[: length + TAG_SIZE]
        if self._src.readinto(sealed) != len(sealed):
            raise IntegrityFailure("blob file ended early; it is truncated")
        try:
            return self._aead.decrypt(nonce, sealed, aad)
        except InvalidTag:
            raise IntegrityFailure(f"blob chunk {index} failed verification") from None


def read_header(src: BinaryIO | io.BufferedIOBase) -> EnvelopeHeader:
    """Parse a blob header from the current position; raise IntegrityFailure if malformed."""
    static = _read_exact(src, _STATIC.size)
    magic, version, chunk_size, nonce_prefix, commitment = _STATIC.unpack(static)
    if magic != MAGIC:
        raise IntegrityFailure("not a modelreg blob (bad magic)")
    if version != FORMAT_VERSION:
        raise IntegrityFailure(f"unsupported blob format version {version}")
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise IntegrityFailure(f"blob header has an invalid chunk size {chunk_size}")
    plaintext_size, chunk_count, plaintext_sha256 = _SIZES.unpack(_read_exact(src, _SIZES.size))
    return EnvelopeHeader(
        chunk_size=chunk_size,
        nonce_prefix=nonce_prefix,
        key_commitment=commitment,
        plaintext_size=plaintext_size,
        chunk_count=chunk_count,
        plaintext_sha256=plaintext_sha256,
        static_digest=hashlib.sha256(static).digest(),
    )


def encode_key_record(wrapped: WrappedKey) -> bytes:
    """Serialise a wrapped data key as the JSON key record stored next to its blob."""
    record = {
        "format": KEY_RECORD_FORMAT,
        "kek_id": wrapped.kek_id,
        "wrapped_key": base64.b64encode(wrapped.ciphertext).decode("ascii"),
    }
    return json.dumps(record, sort_keys=True).encode() + b"\n"


def decode_key_record(raw: bytes) -> WrappedKey:
    """Parse a key record; raise IntegrityFailure if it is malformed."""
    if len(raw) > MAX_KEY_RECORD_BYTES:
        raise IntegrityFailure("blob key record is too large; it is damaged")
    try:
        record = json.loads(raw)
        found = record.get("format")
        if found != KEY_RECORD_FORMAT:
            raise IntegrityFailure(f"blob key record has an unknown format {found!r}")
        kek_id, encoded = record["kek_id"], record["wrapped_key"]
        if not isinstance(kek_id, str) or not kek_id or not isinstance(encoded, str):
            raise TypeError(kek_id)
        return WrappedKey(kek_id=kek_id, ciphertext=base64.b64decode(encoded, validate=True))
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        raise IntegrityFailure("blob key record is not valid; it is damaged") from None


def encrypt_stream(
    plaintext: Iterable[bytes],
    out: BinaryIO,
    keys: KeyProvider,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> WrappedKey:
    """Encrypt an iterable of plaintext pieces into a seekable output; return the wrapped key."""
    writer = EnvelopeWriter(out, chunk_size=chunk_size)
    for piece in plaintext:
        writer.write(piece)
    writer.finish()
    return writer.wrap_key(keys)


def decrypt_stream(
    src: io.BufferedIOBase, wrapped: WrappedKey, keys: KeyProvider
) -> Iterator[bytes]:
    """Open and authenticate a blob now, then yield its verified plaintext chunk by chunk."""
    return EnvelopeReader(src, wrapped, keys).read()


def _commitment(data_key: bytes) -> bytes:
    return hmac.digest(data_key, _COMMITMENT_LABEL, "sha256")


def _chunk_aad(static_digest: bytes, index: int, sizes: bytes | None) -> bytes:
    """Build a chunk's AAD; `sizes` (the packed size fields) is given for the final chunk only."""
    if sizes is None:
        return static_digest + _INDEX.pack(index) + b"\x00"
    return static_digest + _INDEX.pack(index) + b"\x01" + sizes


def _read_exact(src: BinaryIO | io.BufferedIOBase, length: int) -> bytes:
    data = src.read(length)
    if len(data) != length:
        raise IntegrityFailure("blob file ended early; it is truncated")
    return data
