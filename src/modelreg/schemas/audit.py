"""Audit chain documents."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from modelreg.schemas.common import Schema


class AuditEventRead(Schema):
    """One event of the tamper-evident chain."""

    seq: int
    occurred_at: str = Field(examples=["2026-11-27T13:00:00.123456Z"])
    actor: str = Field(description="Pseudonymous subject id of the user (never a name).")
    action: str = Field(examples=["model.created"])
    subject: str = Field(examples=["model:fraud/credit-scorer"])
    details: dict[str, Any]
    prev_hash: str
    hash: str


class ChainVerification(Schema):
    """Result of verifying the whole chain."""

    ok: bool
    checked: int
    first_broken_seq: int | None
    reason: str | None
    head_seq: int
    head_hash: str
