"""Security exceptions: a security architect accepts one finding on one version digest, for a
limited time. The exception stops applying by itself when it expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.errors import NotFound, PermissionDenied, WrongState, invalid
from modelreg.domain.ids import new_id
from modelreg.schemas.security import ExceptionRead
from modelreg.services.catalog import load_model, owner_ids, resolve_version, version_subject
from modelreg.services.security_state import read_state
from modelreg.services.uow import Transactions
from modelreg.services.user_names import usernames
from modelreg.storage.tables import FindingExceptionRow
from modelreg.storage.types import utcnow

MAX_DURATION = timedelta(days=90)
MIN_REASON = 10


def exception_state(row: FindingExceptionRow, now: datetime) -> str:
    """`active`, `expired` or `revoked`."""
    if row.revoked_at is not None:
        return "revoked"
    return "active" if row.expires_at > now else "expired"


def exception_reads(s: Session, rows: list[FindingExceptionRow]) -> list[ExceptionRead]:
    """Exception documents with their state and the granters' and revokers' usernames."""
    now = utcnow()
    people = usernames(s, [u for r in rows for u in (r.granted_by, r.revoked_by)])
    return [
        ExceptionRead(
            id=r.id,
            finding_id=r.finding_id,
            version_digest=r.version_digest,
            reason=r.reason,
            granted_by=r.granted_by,
            granted_by_name=people.get(r.granted_by),
            granted_at=r.granted_at,
            expires_at=r.expires_at,
            revoked_at=r.revoked_at,
            revoked_by=r.revoked_by,
            revoked_by_name=people.get(r.revoked_by or ""),
            state=exception_state(r, now),
        )
        for r in rows
    ]


class ExceptionService:
    """Grants, revokes and lists exceptions (every change audited)."""

    def __init__(self, tx: Transactions, *, block_severity: str) -> None:
        self.tx = tx
        self.block_severity = block_severity

    def grant(
        self,
        principal: Principal,
        group: str,
        name: str,
        version: str,
        *,
        finding_id: str,
        reason: str,
        expires_at: datetime,
    ) -> ExceptionRead:
        """Except one current finding of the version's digest until `expires_at` (≤ 90 days)."""
        now = utcnow()
        if len(reason.strip()) < MIN_REASON:
            raise invalid(
                "reason", f"explain the accepted risk in at least {MIN_REASON} characters"
            )
        if expires_at.tzinfo is None:
            raise invalid("expires_at", "give a timezone, e.g. 2026-12-31T00:00:00Z")
        if expires_at <= now:
            raise invalid("expires_at", "must be in the future")
        if expires_at - now > MAX_DURATION:
            raise invalid("expires_at", f"at most {MAX_DURATION.days} days ahead; renew it later")
        self._require_independent(principal, group, name, version)
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            row = resolve_version(s, model, version, lock=True)
            if not row.manifest_digest:
                raise WrongState("the version is not sealed and has no findings to except")
            finding = next(
                (
                    f
                    for f in read_state(s, row, self.block_severity).findings
                    if f["id"] == finding_id
                ),
                None,
            )
            if finding is None:
                raise invalid(
                    "finding_id",
                    f"{finding_id!r} is not a current finding of '{model.full_name}@{row.version}'"
                    " (see GET …/scans for the findings and their ids)",
                )
            exc = FindingExceptionRow(
                id=new_id(),
                version_id=row.id,
                version_digest=row.manifest_digest,
                finding_id=finding_id,
                reason=reason.strip(),
                granted_by=principal.user_id,
                granted_at=now,
                expires_at=expires_at,
            )
            s.add(exc)
            details = {
                "exception_id": exc.id,
                "finding_id": finding_id,
                "rule": finding["rule"],
                "severity": finding["severity"],
                "path": finding["path"],
                "digest": row.manifest_digest,
                "expires_at": expires_at.isoformat(),
                "reason": exc.reason,
            }
            subject = version_subject(model, row)
            uow.audit("exception.granted", subject, details)
            uow.emit(
                "exception.granted", {"model": model.full_name, "version": row.version, **details}
            )
            return exception_reads(s, [exc])[0]

    def _require_independent(
        self, principal: Principal, group: str, name: str, version: str
    ) -> None:
        """Separation of duties: nobody excepts findings of a model they own (audited refusal)."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            owns = principal.user_id in owner_ids(s, model.id)
            subject = version_subject(model, resolve_version(s, model, version))
        if not owns:
            return
        reason = (
            "you own this model: a security architect who does not own it must grant the "
            "exception (separation of duties)"
        )
        with self.tx.write(principal.user_id) as uow:
            uow.audit("access.refused", subject, {"action": "exception.grant", "reason": reason})
        raise PermissionDenied(reason)

    def revoke(self, principal: Principal, exception_id: str) -> ExceptionRead:
        """End an exception before it expires."""
        with self.tx.write(principal.user_id) as uow:
            exc = uow.session.get(FindingExceptionRow, exception_id)
            if exc is None:
                raise NotFound(f"exception {exception_id!r} does not exist")
            if exc.revoked_at is not None:
                raise WrongState(f"exception {exception_id!r} is already revoked")
            exc.revoked_at, exc.revoked_by = utcnow(), principal.user_id
            uow.audit(
                "exception.revoked",
                f"exception:{exc.id}",
                {"finding_id": exc.finding_id, "digest": exc.version_digest},
            )
            uow.emit("exception.revoked", {"exception_id": exc.id})
            return exception_reads(uow.session, [exc])[0]

    def list_for(self, group: str, name: str, version: str) -> list[ExceptionRead]:
        """Every exception ever granted on the version, newest first."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            rows = s.execute(
                select(FindingExceptionRow)
                .where(FindingExceptionRow.version_id == row.id)
                .order_by(FindingExceptionRow.granted_at.desc())
            ).scalars()
            return exception_reads(s, list(rows))
