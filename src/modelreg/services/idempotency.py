"""Idempotency-Key bookkeeping: a retried creating POST replays the first response."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from modelreg.domain.errors import Conflict, invalid
from modelreg.services.uow import Transactions
from modelreg.storage.tables import IdempotencyRow
from modelreg.storage.types import utcnow

KEEP_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class StoredResponse:
    """The response of the first request with a key."""

    status_code: int
    body: str


class IdempotencyService:
    """Claims keys before the work, stores responses after it, and replays them."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def claim(self, principal_id: str, key: str, request_hash: str) -> StoredResponse | None:
        """Claim `key` for this request; return the stored response if it already ran."""
        if not 1 <= len(key) <= 255:
            raise invalid("Idempotency-Key", "must be 1–255 characters")
        with self.tx.read() as s:
            row = s.get(IdempotencyRow, (principal_id, key))
            if row is not None and row.created_at < utcnow() - KEEP_FOR:
                row = None
                self._forget(principal_id, key)
            if row is not None:
                return self._existing(row, request_hash)
        try:
            with self.tx.write(principal_id) as uow:
                uow.session.add(
                    IdempotencyRow(
                        principal_id=principal_id,
                        key=key,
                        request_hash=request_hash,
                        created_at=utcnow(),
                    )
                )
        except IntegrityError:
            # Another request with the same key claimed it between our read and our insert.
            with self.tx.read() as s:
                row = s.get(IdempotencyRow, (principal_id, key))
                if row is None:
                    raise Conflict(
                        "a request with this Idempotency-Key just failed; retry"
                    ) from None
                return self._existing(row, request_hash)
        return None

    @staticmethod
    def _existing(row: IdempotencyRow, request_hash: str) -> StoredResponse:
        if row.request_hash != request_hash:
            raise invalid(
                "Idempotency-Key",
                "was already used with a different request; use a new key for a new request",
            )
        if row.status_code is None or row.response_body is None:
            raise Conflict("a request with this Idempotency-Key is still in progress; retry later")
        return StoredResponse(row.status_code, row.response_body)

    def complete(self, principal_id: str, key: str, status_code: int, body: str) -> None:
        """Store the response of a claimed key."""
        with self.tx.write(principal_id) as uow:
            row = uow.session.get(IdempotencyRow, (principal_id, key))
            if row is not None:
                row.status_code, row.response_body = status_code, body

    def release(self, principal_id: str, key: str) -> None:
        """Forget a claim whose request failed, so the client may retry with the same key."""
        self._forget(principal_id, key)

    def _forget(self, principal_id: str, key: str) -> None:
        with self.tx.write(principal_id) as uow:
            uow.session.execute(
                delete(IdempotencyRow).where(
                    IdempotencyRow.principal_id == principal_id, IdempotencyRow.key == key
                )
            )
