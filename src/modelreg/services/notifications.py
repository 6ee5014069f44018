"""Notifications: records a team must look at, each with an outbox event for delivery channels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from modelreg.domain.errors import invalid
from modelreg.domain.ids import new_id
from modelreg.domain.security_findings import severity_rank
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.storage.tables import ModelRow, NotificationRow, VersionRow
from modelreg.storage.types import utcnow

SECURITY_TEAM = "security_architect"
MAX_LIMIT = 200


def notify(
    uow: UnitOfWork,
    *,
    kind: str,
    audience: str,
    severity: str,
    subject: str,
    title: str,
    details: dict[str, Any],
) -> str:
    """Record a notification and queue its `notification.created` event, in the caller's change."""
    row = NotificationRow(
        id=new_id(),
        kind=kind,
        audience=audience,
        severity=severity,
        subject=subject,
        title=title[:500],
        details=details,
        created_at=utcnow(),
    )
    uow.session.add(row)
    uow.emit(
        "notification.created",
        {"id": row.id, "kind": kind, "audience": audience, "subject": subject, "title": title},
    )
    return row.id


def notify_blocking(
    uow: UnitOfWork,
    model: ModelRow,
    version: VersionRow,
    blocking: Sequence[dict[str, Any]],
    *,
    reason: str,
) -> str:
    """Tell the security team that a version has blocking findings (`reason`: what noticed)."""
    worst = max((str(f["severity"]) for f in blocking), key=severity_rank, default="high")
    ref = f"{model.full_name}@{version.version}"
    titles = {
        "scan": f"{ref}: {len(blocking)} blocking security finding(s)",
        "promotion": f"{ref}: promotion blocked by security findings",
        "deployment": f"{ref}: deployment refused by the security gate",
    }
    return notify(
        uow,
        kind=f"security.{reason}_blocked" if reason != "scan" else "security.findings",
        audience=SECURITY_TEAM,
        severity=worst,
        subject=f"version:{ref}",
        title=titles.get(reason, f"{ref}: security violation"),
        details={
            "model": model.full_name,
            "version": version.version,
            "digest": version.manifest_digest or "",
            "findings": [
                {k: f[k] for k in ("id", "rule", "severity", "path", "message")}
                for f in blocking[:20]
            ],
            "blocking_count": len(blocking),
        },
    )


class NotificationService:
    """Lists notifications, newest first."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def list(
        self, *, limit: int = 50, before: datetime | None = None, kind: str | None = None
    ) -> list[NotificationRow]:
        """Up to `limit` notifications created before `before`, optionally of one kind."""
        if not 1 <= limit <= MAX_LIMIT:
            raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
        query = select(NotificationRow).order_by(
            NotificationRow.created_at.desc(), NotificationRow.id.desc()
        )
        if before is not None:
            try:
                before = before.astimezone(UTC)
            except (OverflowError, ValueError):
                raise invalid(
                    "before", "is out of range; give a time like 2026-11-27T00:00:00Z"
                ) from None
            query = query.where(NotificationRow.created_at < before)
        if kind is not None:
            query = query.where(NotificationRow.kind == kind)
        with self.tx.read() as s:
            return list(s.execute(query.limit(limit)).scalars())
