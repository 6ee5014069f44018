"""Usernames for the user ids that read models carry, looked up in one query per page.

Stored records (promotions, approvals, decisions, stage history, the audit chain) keep the
pseudonymous user id; names are added only when a document is read, for callers who may read
that document. Actors that are not users (`system`) have no name.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.storage.tables import UserRow


def usernames(s: Session, user_ids: Iterable[str | None]) -> dict[str, str]:
    """Username by user id for the given ids (unknown ids and None are left out)."""
    wanted = {user_id for user_id in user_ids if user_id}
    if not wanted:
        return {}
    return dict(s.execute(select(UserRow.id, UserRow.username).where(UserRow.id.in_(wanted))).all())
