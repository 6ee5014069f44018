"""Key-encryption keys (KEKs) that wrap the per-blob data keys of envelope encryption.

A `KeyProvider` only ever sees 32-byte data keys: it wraps them under its current KEK and unwraps
them under whichever KEK wrapped them, named by `kek_id`. That is exactly the shape of AWS KMS
(`kms.encrypt` / `kms.decrypt` of the data key, with the key ARN as `kek_id`), so a KMS provider
can be added later without touching the envelope format or the blob store.

`LocalKeyfileProvider` keeps its KEKs in a JSON keyfile, `{"current": id, "keys": {id: base64}}`,
readable by the owner only. Rotation (`add_key`) adds a new current KEK and keeps the old ones so
existing blobs can still be unwrapped.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from modelreg.domain.errors import IntegrityFailure, Unavailable
from modelreg.security.durable import fsync_dir

KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16


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

    def wrap(self, data_key: bytes) -> WrappedKey:
        """Encrypt a data key under the current KEK."""
        ...

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """Decrypt a data key; raise IntegrityFailure if the KEK is unknown or the key forged."""
        ...

    def check(self) -> None:
        """Raise Unavailable if the provider cannot wrap or unwrap right now."""
        ...


class LocalKeyfileProvider:
    """KEKs kept in a local owner-only JSON keyfile; for single-host and development setups."""

    def __init__(self, path: Path) -> None:
        self._path = path
        # add_key and reload-on-miss replace both fields together; the lock keeps them consistent.
        self._lock = threading.Lock()
        self._current = ""
        self._keys: dict[str, bytes] = {}
        if not path.exists():
            self._create()
        self._load()

    def current_kek_id(self) -> str:
        """Return the id of the KEK that `wrap` uses now."""
        return self._current

    def wrap(self, data_key: bytes) -> WrappedKey:
        """Encrypt a data key under the current KEK, bound to the KEK id as associated data."""
        with self._lock:
            kek_id, kek = self._current, self._keys[self._current]
        nonce = os.urandom(_NONCE_BYTES)
        ciphertext = AESGCM(kek).encrypt(nonce, data_key, kek_id.encode())
        return WrappedKey(kek_id=kek_id, ciphertext=nonce + ciphertext)

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """Decrypt a data key; raise IntegrityFailure if the KEK is unknown or the key forged."""
        kek = self._keys.get(wrapped.kek_id)
        if kek is None:
            # Another process (e.g. the CLI) may have rotated keys since we loaded the keyfile.
            self._load()
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
            return AESGCM(kek).decrypt(nonce, ciphertext, wrapped.kek_id.encode())
        except InvalidTag:
            raise IntegrityFailure(
                f"wrapped data key failed verification under KEK {wrapped.kek_id!r}"
            ) from None

    def check(self) -> None:
        """Raise Unavailable if the keyfile is gone or has become readable by others."""
        self._check_mode()

    def add_key(self) -> str:
        """Generate a new KEK, make it current, persist the keyfile atomically and return its id."""
        kek_id = _new_kek_id()
        with self._lock:
            keys = {**self._keys, kek_id: AESGCM.generate_key(bit_length=256)}
            _write_keyfile(self._path, kek_id, keys)
            self._current, self._keys = kek_id, keys
        return kek_id

    def _create(self) -> None:
        if not self._path.parent.exists():
            self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        kek_id = _new_kek_id()
        content = _encode_keyfile(kek_id, {kek_id: AESGCM.generate_key(bit_length=256)})
        try:
            # O_EXCL: if another process creates the keyfile first, we use theirs instead.
            fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        fsync_dir(self._path.parent)

    def _check_mode(self) -> None:
        try:
            mode = self._path.stat().st_mode
        except OSError as exc:
            raise Unavailable(f"keyfile {self._path} cannot be read: {exc.strerror}") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise Unavailable(
                f"keyfile {self._path} is accessible by group or others "
                f"(mode {stat.S_IMODE(mode):o}); run `chmod 600 {self._path}`"
            )

    def _load(self) -> None:
        self._check_mode()
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


def _new_kek_id() -> str:
    return f"local-{secrets.token_hex(8)}"


def _encode_keyfile(current: str, keys: dict[str, bytes]) -> bytes:
    encoded = {kek_id: base64.b64encode(key).decode("ascii") for kek_id, key in keys.items()}
    return json.dumps({"current": current, "keys": encoded}, indent=2).encode() + b"\n"


def _write_keyfile(path: Path, current: str, keys: dict[str, bytes]) -> None:
    """Replace the keyfile atomically so a crash never leaves a keyfile missing a KEK."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_encode_keyfile(current, keys))
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
