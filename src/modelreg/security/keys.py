"""Key-encryption keys (KEKs) that wrap the per-blob data keys of envelope encryption.

A `KeyProvider` only ever sees 32-byte data keys: it wraps them under its current KEK and unwraps
them under whichever KEK wrapped them, named by `kek_id`. Every wrap is bound to a `context`
(the blob store passes the blob's 32-byte content address), so a wrapped key moved to another
blob no longer unwraps. Two providers exist: `LocalKeyfileProvider` below (the default) and
`modelreg.security.aws_kms.AwsKmsProvider`.

`LocalKeyfileProvider` keeps a keyring in a JSON keyfile, `{"current": id, "keys": {id: base64}}`,
readable by the owner only. `rotate()` adds a new current KEK and keeps the old ones, so data
keys wrapped by them still unwrap until they are re-wrapped and the old KEK is `retire`d. Every
change rewrites the keyfile atomically under a directory lock, and every process notices the
change on its next wrap (one `stat` per wrap), so no process keeps wrapping under a KEK that
another process has rotated away from.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import stat
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from modelreg.domain.errors import Conflict, IntegrityFailure, NotFound, Unavailable, invalid
from modelreg.security.durable import directory_lock, fsync_dir, replace_file, write_new_file

KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_ID_LEN = struct.Struct(">H")


@dataclass(frozen=True)
class WrappedKey:
    """A data key encrypted under the KEK named by `kek_id`."""

    kek_id: str
    ciphertext: bytes


class KeyProvider(Protocol):
    """Wraps and unwraps data keys with key-encryption keys it never reveals."""

    def current_kek_id(self) -> str:
        """Return the id of the KEK that `wrap` uses now."""
        ...

    def wrap(self, data_key: bytes, context: bytes) -> WrappedKey:
        """Encrypt a data key under the current KEK, bound to `context`."""
        ...

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        """Decrypt a data key; raise IntegrityFailure if KEK unknown or key or context wrong."""
        ...

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        """Re-encrypt a wrapped data key under the current KEK, keeping its context."""
        ...

    def check(self) -> None:
        """Raise Unavailable if the provider cannot wrap or unwrap right now."""
        ...

    def kek_ids(self) -> list[str]:
        """Return the ids of the KEKs this provider holds or names, the current one included."""
        ...

    def rotate(self, to: str | None = None) -> str:
        """Make a new KEK (or the one named by `to`) current and return its id."""
        ...

    def retire(self, kek_id: str) -> None:
        """Forget a KEK that is not current; the caller makes sure no data key still needs it."""
        ...


class LocalKeyfileProvider:
    """KEKs kept in a local owner-only JSON keyfile; for single-host and development setups."""

    def __init__(self, path: Path) -> None:
        self._path = path
        # Reloads replace all three fields together; the lock keeps them consistent.
        self._lock = threading.Lock()
        self._current = ""
        self._keys: dict[str, bytes] = {}
        self._loaded_stat: tuple[int, int, int] | None = None
        if not path.exists():
            self._create()
        self._load()

    def current_kek_id(self) -> str:
        """Return the id of the KEK that `wrap` uses now (rereading a rotated keyfile)."""
        self._refresh()
        return self._current

    def wrap(self, data_key: bytes, context: bytes) -> WrappedKey:
        """Encrypt a data key under the current KEK; KEK id and context are associated data."""
        self._refresh()
        with self._lock:
            kek_id, kek = self._current, self._keys[self._current]
        nonce = os.urandom(_NONCE_BYTES)
        ciphertext = AESGCM(kek).encrypt(nonce, data_key, _aad(kek_id, context))
        return WrappedKey(kek_id=kek_id, ciphertext=nonce + ciphertext)

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        """Decrypt a data key; raise IntegrityFailure if KEK unknown or key or context wrong."""
        kek = self._keys.get(wrapped.kek_id)
        if kek is None:
            # Another process (e.g. `modelreg keys rotate`) may have added it since we loaded.
            self._refresh()
            kek = self._keys.get(wrapped.kek_id)
        if kek is None:
            raise IntegrityFailure(
                f"data key is wrapped by KEK {wrapped.kek_id!r}, which is not in keyfile "
                f"{self._path}; restore the keyfile that contains it"
            )
        if len(wrapped.ciphertext) < _NONCE_BYTES + _TAG_BYTES:
            raise IntegrityFailure("wrapped data key is too short; the stored blob is damaged")
        nonce, ciphertext = wrapped.ciphertext[:_NONCE_BYTES], wrapped.ciphertext[_NONCE_BYTES:]
        try:
            return AESGCM(kek).decrypt(nonce, ciphertext, _aad(wrapped.kek_id, context))
        except InvalidTag:
            raise IntegrityFailure(
                f"wrapped data key failed verification under KEK {wrapped.kek_id!r} "
                "(damaged, or it belongs to another blob)"
            ) from None

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        """Re-encrypt a wrapped data key under the current KEK, keeping its context."""
        return self.wrap(self.unwrap(wrapped, context), context)

    def check(self) -> None:
        """Raise Unavailable if the keyfile is gone or has become readable by others."""
        self._check_mode()

    def kek_ids(self) -> list[str]:
        """Return the ids of the KEKs in the keyfile, in the order they were added."""
        self._refresh()
        return list(self._keys)

    def rotate(self, to: str | None = None) -> str:
        """Generate a new KEK, make it current, persist the keyfile atomically; return its id."""
        if to is not None:
            raise invalid("to", "the local key provider generates its own KEKs; --to is for KMS")
        kek_id = _new_kek_id()
        with directory_lock(self._path.parent):
            # Reread under the lock: a concurrent rotation's new KEK must not be dropped.
            self._load()
            keys = {**self._keys, kek_id: AESGCM.generate_key(bit_length=256)}
            self._store(kek_id, keys)
        return kek_id

    def retire(self, kek_id: str) -> None:
        """Delete a KEK that is not current from the keyfile; its data keys become unreadable."""
        with directory_lock(self._path.parent):
            self._load()
            if kek_id not in self._keys:
                raise NotFound(f"KEK {kek_id!r} is not in keyfile {self._path}")
            if kek_id == self._current:
                raise Conflict(f"KEK {kek_id!r} is the current KEK; rotate before retiring it")
            self._store(self._current, {k: v for k, v in self._keys.items() if k != kek_id})

    def _store(self, current: str, keys: dict[str, bytes]) -> None:
        # A crash leaves the old or the new keyfile, never one that misses a KEK in use.
        replace_file(self._path, _encode_keyfile(current, keys))
        self._load()

    def _create(self) -> None:
        if not self._path.parent.exists():
            self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        kek_id = _new_kek_id()
        content = _encode_keyfile(kek_id, {kek_id: AESGCM.generate_key(bit_length=256)})
        try:
            # O_EXCL: if another process creates the keyfile first, we use theirs instead.
            write_new_file(self._path, content)
        except FileExistsError:
            return
        fsync_dir(self._path.parent)

    def _check_mode(self) -> os.stat_result:
        try:
            st = self._path.stat()
        except OSError as exc:
            raise Unavailable(f"keyfile {self._path} cannot be read: {exc.strerror}") from None
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise Unavailable(
                f"keyfile {self._path} is accessible by group or others "
                f"(mode {stat.S_IMODE(st.st_mode):o}); run `chmod 600 {self._path}`"
            )
        return st

    def _refresh(self) -> None:
        """Reload the keyfile if it was replaced since we read it (a rename changes the inode)."""
        st = self._check_mode()
        if (st.st_ino, st.st_mtime_ns, st.st_size) != self._loaded_stat:
            self._load()

    def _load(self) -> None:
        st = self._check_mode()
        try:
            raw = json.loads(self._path.read_bytes())
            current = raw["current"]
            keys = {str(k): base64.b64decode(v, validate=True) for k, v in raw["keys"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, binascii.Error):
            raise Unavailable(
                f"keyfile {self._path} is not a valid modelreg keyfile "
                '({"current": id, "keys": {id: base64 of 32 bytes}})'
            ) from None
        if (
            not isinstance(current, str)
            or current not in keys
            or any(len(k) != KEY_BYTES for k in keys.values())
        ):
            raise Unavailable(
                f"keyfile {self._path} must name a current key that exists and hold 32-byte keys"
            )
        with self._lock:
            self._current, self._keys = current, keys
            self._loaded_stat = (st.st_ino, st.st_mtime_ns, st.st_size)


def _aad(kek_id: str, context: bytes) -> bytes:
    """Length-prefix the KEK id so that no (kek_id, context) pair can pose as another."""
    encoded = kek_id.encode()
    return _ID_LEN.pack(len(encoded)) + encoded + context


def _new_kek_id() -> str:
    return f"local-{secrets.token_hex(8)}"


def _encode_keyfile(current: str, keys: dict[str, bytes]) -> bytes:
    encoded = {kek_id: base64.b64encode(key).decode("ascii") for kek_id, key in keys.items()}
    return json.dumps({"current": current, "keys": encoded}, indent=2).encode() + b"\n"
