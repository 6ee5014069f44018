"""Streaming envelope encryption of blobs: AES-256-GCM in fixed-size chunks (format "MRB1").

Layout, all integers big-endian:

    static header  b"MRB1" | u8 version | u32 chunk_size | 4-byte nonce prefix
                   | u16 length + kek_id (UTF-8) | u16 length + wrapped data key
    size fields    u64 plaintext_size | u64 chunk_count | 32-byte SHA-256 of the plaintext
    chunks         chunk_count x (ciphertext || 16-byte GCM tag)

Every chunk but the last holds exactly `chunk_size` plaintext bytes and the last holds fewer
(0 .. chunk_size-1): an empty plaintext is one empty final chunk, and a plaintext that is a
multiple of `chunk_size` ends with an empty final chunk. So `chunk_count = size // chunk_size + 1`,
the file is `header + size + 16 * chunk_count` bytes long, and chunk i starts at
`header + i * (chunk_size + 16)`, which lets range reads seek straight to it.

Each blob gets a fresh random 256-bit data key, wrapped by a `KeyProvider`'s KEK. Because the key
is never reused, the nonce `nonce_prefix || u64 chunk index` is unique per (key, chunk).

Why the size fields are outside the header hash: the writer streams, so it only knows the size
after the last chunk, but each chunk's associated data (AAD) is fixed when it is encrypted. Hence:

- every chunk's AAD is `SHA-256(static header) || u64 index || u8 final`;
- the final chunk's AAD also carries the size fields: `u64 plaintext_size || u64 chunk_count ||
  SHA-256(plaintext)`. Binding the plaintext digest means that opening a blob authenticates the
  content address too: a reader compares it with the name it asked for instead of hashing every
  byte again (on CPUs without SHA instructions that second pass halved download throughput);
- the writer reserves the size fields, streams the chunks, then seeks back to fill them in.

The reader checks the file length against the size fields and decrypts the final chunk as soon as
it opens a blob, before it yields anything. That authenticates the size fields, so: a changed
static header fails every chunk (and a changed kek_id or wrapped key fails unwrapping); a flipped
byte fails its chunk's tag; swapped chunks fail because the index is in nonce and AAD; dropped
final chunks or appended bytes break the length check or leave a chunk that was not encrypted as
final in the final position. Every failure raises `IntegrityFailure`; no unverified byte is
returned. Whether the plaintext matches its content address is the caller's check; the writer
hashes the plaintext chunk by chunk as it encrypts, so callers need not buffer or hash twice.
"""

from __future__ import annotations

import hashlib
import io
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
FORMAT_VERSION = 2
DEFAULT_CHUNK_SIZE = 1 << 20
# Bounds what a damaged header can make the reader allocate before anything is authenticated.
MAX_CHUNK_SIZE = 1 << 26
TAG_SIZE = 16
NONCE_PREFIX_SIZE = 4

_FIXED = struct.Struct(">4sBI4s")  # magic, version, chunk_size, nonce prefix
_FIELD_LEN = struct.Struct(">H")
_SIZES = struct.Struct(">QQ32s")  # plaintext_size, chunk_count, plaintext SHA-256
_INDEX = struct.Struct(">Q")


@dataclass(frozen=True)
class EnvelopeHeader:
    """A parsed blob header; its size fields are trusted only once the final chunk verifies."""

    chunk_size: int
    nonce_prefix: bytes
    wrapped_key: WrappedKey
    plaintext_size: int
    chunk_count: int
    plaintext_sha256: bytes
    length: int  # bytes from the magic to the first chunk
    static_digest: bytes  # SHA-256 of the static header, bound into every chunk's AAD


def check_chunk_size(chunk_size: int) -> None:
    """Raise ValueError unless `chunk_size` is a usable plaintext chunk size."""
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk_size must be between 1 and {MAX_CHUNK_SIZE}, got {chunk_size}")


class EnvelopeWriter:
    """Encrypts plaintext pushed in arbitrary pieces into a seekable binary output."""

    def __init__(
        self, out: BinaryIO, keys: KeyProvider, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> None:
        check_chunk_size(chunk_size)
        data_key = AESGCM.generate_key(bit_length=256)
        nonce_prefix = os.urandom(NONCE_PREFIX_SIZE)
        static = _FIXED.pack(MAGIC, FORMAT_VERSION, chunk_size, nonce_prefix) + _encode_wrapped(
            keys.wrap(data_key)
        )
        self._out = out
        self._sizes_offset = out.tell() + len(static)
        self._aead = AESGCM(data_key)
        self._chunk_size = chunk_size
        self._nonce_prefix = nonce_prefix
        self._static_digest = hashlib.sha256(static).digest()
        # The partial chunk, in a buffer allocated once: growing a bytearray per chunk costs more.
        self._pending = bytearray(chunk_size)
        self._pending_len = 0
        self._plaintext_hash = hashlib.sha256()
        self._index = 0
        self._size = 0
        self._finished = False
        # Placeholder size fields; finish() overwrites them once size and digest are known.
        out.write(static + _SIZES.pack(0, 0, bytes(32)))

    @property
    def size(self) -> int:
        """Return the number of plaintext bytes written so far."""
        return self._size

    def sha256(self) -> str:
        """Return the hex SHA-256 of the plaintext written so far."""
        snapshot = self._plaintext_hash.copy()
        snapshot.update(self._pending_view())
        return snapshot.hexdigest()

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Add plaintext; full chunks are encrypted and written as soon as they are complete."""
        if self._finished:
            raise ValueError("envelope already finished")
        self._size += len(data)
        view = memoryview(data)
        if self._pending_len:
            taken = min(len(view), self._chunk_size - self._pending_len)
            self._pending[self._pending_len : self._pending_len + taken] = view[:taken]
            self._pending_len += taken
            view = view[taken:]
            if self._pending_len < self._chunk_size:
                return
            self._encrypt_chunk(self._pending, sizes=None)
            self._pending_len = 0
        # Whole chunks straight from the caller's buffer: no copy into `_pending`.
        while len(view) >= self._chunk_size:
            self._encrypt_chunk(view[: self._chunk_size], sizes=None)
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
        sizes = _SIZES.pack(self._size, self._index + 1, self._plaintext_hash.digest())
        self._encrypt_chunk(final, sizes=sizes, hashed=True)
        self._pending_len = 0
        end = self._out.tell()
        self._out.seek(self._sizes_offset)
        self._out.write(sizes)
        self._out.seek(end)
        return self._size

    def _pending_view(self) -> memoryview:
        return memoryview(self._pending)[: self._pending_len]

    def _encrypt_chunk(
        self,
        plaintext: bytes | bytearray | memoryview,
        *,
        sizes: bytes | None,
        hashed: bool = False,
    ) -> None:
        nonce = self._nonce_prefix + _INDEX.pack(self._index)
        aad = _chunk_aad(self._static_digest, self._index, sizes)
        if not hashed:
            self._plaintext_hash.update(plaintext)
        self._out.write(self._aead.encrypt(nonce, plaintext, aad))
        self._index += 1


class EnvelopeReader:
    """Opens an encrypted blob, authenticates its size, and decrypts byte ranges on demand."""

    def __init__(self, src: BinaryIO, keys: KeyProvider) -> None:
        self._src = src
        self._base = src.tell()
        self.header = header = read_header(src)
        if header.chunk_count != header.plaintext_size // header.chunk_size + 1:
            raise IntegrityFailure("blob header has inconsistent size fields")
        expected_length = header.length + header.plaintext_size + TAG_SIZE * header.chunk_count
        if src.seek(0, io.SEEK_END) - self._base != expected_length:
            raise IntegrityFailure("blob file is truncated or has trailing data")
        data_key = keys.unwrap(header.wrapped_key)
        if len(data_key) != KEY_BYTES:
            raise IntegrityFailure("unwrapped data key has the wrong length")
        self._aead = AESGCM(data_key)
        self._final_index = header.chunk_count - 1
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
        self._src.seek(self._base + self.header.length + index * step)

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
        ciphertext = _read_exact(self._src, length + TAG_SIZE)
        try:
            return self._aead.decrypt(nonce, ciphertext, aad)
        except InvalidTag:
            raise IntegrityFailure(f"blob chunk {index} failed verification") from None


def read_header(src: BinaryIO) -> EnvelopeHeader:
    """Parse a blob header from the current position; raise IntegrityFailure if malformed."""
    fixed = _read_exact(src, _FIXED.size)
    magic, version, chunk_size, nonce_prefix = _FIXED.unpack(fixed)
    if magic != MAGIC:
        raise IntegrityFailure("not a modelreg blob (bad magic)")
    if version != FORMAT_VERSION:
        raise IntegrityFailure(f"unsupported blob format version {version}")
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise IntegrityFailure(f"blob header has an invalid chunk size {chunk_size}")
    kek_field, kek_id_raw = _read_field(src)
    key_field, wrapped_key = _read_field(src)
    try:
        kek_id = kek_id_raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntegrityFailure("blob header has an undecodable KEK id") from None
    static = fixed + kek_field + key_field
    plaintext_size, chunk_count, plaintext_sha256 = _SIZES.unpack(_read_exact(src, _SIZES.size))
    return EnvelopeHeader(
        chunk_size=chunk_size,
        nonce_prefix=nonce_prefix,
        wrapped_key=WrappedKey(kek_id=kek_id, ciphertext=wrapped_key),
        plaintext_size=plaintext_size,
        chunk_count=chunk_count,
        plaintext_sha256=plaintext_sha256,
        length=len(static) + _SIZES.size,
        static_digest=hashlib.sha256(static).digest(),
    )


def encrypt_stream(
    plaintext: Iterable[bytes],
    out: BinaryIO,
    keys: KeyProvider,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> int:
    """Encrypt an iterable of plaintext pieces into a seekable output; return the plaintext size."""
    writer = EnvelopeWriter(out, keys, chunk_size=chunk_size)
    for piece in plaintext:
        writer.write(piece)
    return writer.finish()


def decrypt_stream(src: BinaryIO, keys: KeyProvider) -> Iterator[bytes]:
    """Open and authenticate a blob now, then yield its verified plaintext chunk by chunk."""
    return EnvelopeReader(src, keys).read()


def _chunk_aad(static_digest: bytes, index: int, sizes: bytes | None) -> bytes:
    """Build a chunk's AAD; `sizes` (the packed size fields) is given for the final chunk only."""
    if sizes is None:
        return static_digest + _INDEX.pack(index) + b"\x00"
    return static_digest + _INDEX.pack(index) + b"\x01" + sizes


def _encode_wrapped(wrapped: WrappedKey) -> bytes:
    return _encode_field(wrapped.kek_id.encode("utf-8")) + _encode_field(wrapped.ciphertext)


def _encode_field(value: bytes) -> bytes:
    if len(value) > 0xFFFF:
        raise ValueError(f"header field of {len(value)} bytes exceeds the 65535-byte limit")
    return _FIELD_LEN.pack(len(value)) + value


def _read_field(src: BinaryIO) -> tuple[bytes, bytes]:
    prefix = _read_exact(src, _FIELD_LEN.size)
    (length,) = _FIELD_LEN.unpack(prefix)
    value = _read_exact(src, length)
    return prefix + value, value


def _read_exact(src: BinaryIO, length: int) -> bytes:
    data = src.read(length)
    if len(data) != length:
        raise IntegrityFailure("blob file ended early; it is truncated")
    return data
