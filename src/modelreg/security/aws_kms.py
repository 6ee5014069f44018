"""A `KeyProvider` backed by AWS KMS: data keys are wrapped with `Encrypt` under a KMS key.

Installed with the `aws` extra (`boto3`), which is imported only when this provider is built, so
the core install works without it. The KEK id recorded for a blob is the key ARN that KMS
returns, so blobs wrapped through an alias are still attributed to the key behind it. The wrap
context goes into the KMS `EncryptionContext` as `{"modelreg:context": context.hex()}`; for blobs
that is the content address, so CloudTrail shows which blob each Decrypt was for.

KMS keys live in KMS: `rotate(to)` only switches this process to another key (checked to be an
enabled symmetric encryption key) and `retire` deletes nothing. Re-wrapping uses `ReEncrypt`, so
the plaintext data key never leaves KMS during rotation.
"""

from __future__ import annotations

import threading
from typing import Any

from modelreg.domain.errors import Conflict, IntegrityFailure, Unavailable, invalid
from modelreg.security.keys import KEY_BYTES, WrappedKey

_CONTEXT_KEY = "modelreg:context"
# KMS answers these when the ciphertext, its context or the key named for it is wrong.
_INTEGRITY_CODES = frozenset(
    {"InvalidCiphertextException", "IncorrectKeyException", "NotFoundException"}
)


class AwsKmsProvider:
    """Wraps data keys with an AWS KMS symmetric key; old keys stay usable for unwrapping."""

    def __init__(
        self,
        key_id: str,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
    ) -> None:
        try:
            import boto3
            from botocore.config import Config
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError:
            raise Unavailable(
                "MODELREG_KEY_PROVIDER=aws-kms needs boto3: install modelreg with the `aws` extra"
            ) from None
        self._client: Any = boto3.client(
            "kms",
            region_name=region,
            endpoint_url=endpoint_url,
            config=Config(
                retries={"mode": "standard", "max_attempts": 5},
                connect_timeout=5,
                read_timeout=15,
            ),
        )
        self._client_error: type[Exception] = ClientError
        self._botocore_errors: tuple[type[Exception], ...] = (BotoCoreError, ClientError)
        self._configured = key_id
        # Resolved to the key ARN on first use, so building the provider needs no network.
        self._current: str | None = None
        self._lock = threading.Lock()

    def current_kek_id(self) -> str:
        """Return the ARN of the KMS key that `wrap` uses now."""
        with self._lock:
            if self._current is None:
                self._current = self._describe(self._configured)["Arn"]
            return self._current

    def wrap(self, data_key: bytes, context: bytes) -> WrappedKey:
        """Encrypt a data key under the current KMS key with `context` as encryption context."""
        response = self._call(
            "encrypt",
            KeyId=self.current_kek_id(),
            Plaintext=data_key,
            EncryptionContext=_encryption_context(context),
        )
        return WrappedKey(kek_id=response["KeyId"], ciphertext=response["CiphertextBlob"])

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        """Decrypt a data key with KMS; raise IntegrityFailure if key, context or KEK is wrong."""
        response = self._call(
            "decrypt",
            KeyId=wrapped.kek_id,
            CiphertextBlob=wrapped.ciphertext,
            EncryptionContext=_encryption_context(context),
        )
        data_key: bytes = response["Plaintext"]
        if len(data_key) != KEY_BYTES:
            raise IntegrityFailure("KMS returned a data key of the wrong length")
        return data_key

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        """Re-encrypt a data key under the current KMS key inside KMS (`ReEncrypt`)."""
        encryption_context = _encryption_context(context)
        response = self._call(
            "re_encrypt",
            CiphertextBlob=wrapped.ciphertext,
            SourceKeyId=wrapped.kek_id,
            SourceEncryptionContext=encryption_context,
            DestinationKeyId=self.current_kek_id(),
            DestinationEncryptionContext=encryption_context,
        )
        if response["SourceKeyId"] != wrapped.kek_id:
            raise IntegrityFailure(
                f"data key recorded as wrapped by {wrapped.kek_id!r} was wrapped by "
                f"{response['SourceKeyId']!r}"
            )
        return WrappedKey(kek_id=response["KeyId"], ciphertext=response["CiphertextBlob"])

    def check(self) -> None:
        """Raise Unavailable unless the current KMS key is reachable and enabled."""
        metadata = self._describe(self._configured)
        if metadata.get("KeyState") != "Enabled":
            raise Unavailable(f"KMS key {metadata['Arn']} is {metadata.get('KeyState')}")

    def kek_ids(self) -> list[str]:
        """Return the current key's ARN: other KMS keys are known only from the blobs."""
        return [self.current_kek_id()]

    def rotate(self, to: str | None = None) -> str:
        """Switch this process to KMS key `to` (default: the configured key); return its ARN."""
        if to is None:
            return self.current_kek_id()
        metadata = self._describe(to)
        problems = []
        if metadata.get("KeyState") != "Enabled":
            problems.append(f"its state is {metadata.get('KeyState')}")
        if "SYMMETRIC_DEFAULT" not in metadata.get("EncryptionAlgorithms", []):
            problems.append("it is not a symmetric encryption key")
        if problems:
            raise invalid("to", f"KMS key {to} cannot wrap data keys: {'; '.join(problems)}")
        with self._lock:
            self._current = metadata["Arn"]
            return self._current

    def retire(self, kek_id: str) -> None:
        """Refuse the current key; otherwise nothing to delete: KMS keys are managed in KMS."""
        if kek_id == self.current_kek_id():
            raise Conflict(f"KMS key {kek_id} is the current KEK; rotate before retiring it")

    def _describe(self, key_id: str) -> dict[str, Any]:
        metadata: dict[str, Any] = self._call("describe_key", KeyId=key_id)["KeyMetadata"]
        return metadata

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        """Call a KMS operation, mapping AWS errors onto the registry's error tree."""
        method = getattr(self._client, operation)
        try:
            response: dict[str, Any] = method(**params)
        except self._botocore_errors as exc:
            code = "unknown"
            if isinstance(exc, self._client_error):
                code = getattr(exc, "response", {}).get("Error", {}).get("Code", "unknown")
            if code in _INTEGRITY_CODES and operation != "describe_key":
                raise IntegrityFailure(
                    f"KMS {operation} refused the wrapped data key ({code}): it is damaged, "
                    "belongs to another blob, or names a KMS key that does not wrap it"
                ) from None
            raise Unavailable(f"KMS {operation} failed ({code}): {exc}") from None
        return response


def _encryption_context(context: bytes) -> dict[str, str]:
    return {_CONTEXT_KEY: context.hex()}
