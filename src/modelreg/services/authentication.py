"""Resolving bearer secrets to callers, with a per-process cache that revocation cannot outlive.

Every request pays one single-row read (the auth generation); the token, user and roles are
read only when that generation moved, the entry is older than the TTL, or the token is new to
this process. The database bumps the generation on any token, user or role change (triggers,
migration 0008), so a revoked token, a disabled user or a removed role is refused by the very
next request in every API process, however long the TTL.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from modelreg.domain.access import Principal, Role
from modelreg.domain.errors import Unauthenticated
from modelreg.domain.tokens import hash_secret
from modelreg.storage.db import Database
from modelreg.storage.tables import AuthGenerationRow, TokenRow, UserRoleRow, UserRow
from modelreg.storage.types import utcnow

_GENERATION = select(AuthGenerationRow.value).where(AuthGenerationRow.id == 1)
# Token, user and roles in one statement (one row per role).
_PRINCIPAL = (
    select(
        TokenRow.revoked_at,
        TokenRow.expires_at,
        UserRow.id,
        UserRow.username,
        UserRow.disabled,
        UserRoleRow.role,
    )
    .join(UserRow, UserRow.id == TokenRow.user_id)
    .outerjoin(UserRoleRow, UserRoleRow.user_id == UserRow.id)
    .where(TokenRow.secret_hash == bindparam("secret_hash"))
)


@dataclass(frozen=True)
class _Entry:
    principal: Principal
    expires_at: datetime
    generation: int
    cached_at: float


class Authenticator:
    """Authenticates bearer secrets; thread-safe, one per process."""

    def __init__(self, db: Database, *, ttl_seconds: float = 60.0, max_entries: int = 10_000):
        self.db = db
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def authenticate(self, secret: str) -> Principal:
        """Resolve a bearer secret to a Principal, or raise Unauthenticated saying why."""
        digest = hash_secret(secret)
        return self.db.read_once(lambda conn: self._authenticate(conn, digest))

    def _authenticate(self, conn: Connection, digest: str) -> Principal:
        # Read before the token rows: a change committed in between is then seen by the rows,
        # and the stale generation only costs one extra lookup next time.
        generation: int = conn.execute(_GENERATION).scalar_one()
        entry = self._entries.get(digest)
        if (
            entry is not None
            and entry.generation == generation
            and time.monotonic() - entry.cached_at < self.ttl_seconds
        ):
            if entry.expires_at <= utcnow():
                raise Unauthenticated("the bearer token has expired; issue a new one")
            return entry.principal
        principal, expires_at = _lookup(conn, digest)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[digest] = _Entry(principal, expires_at, generation, time.monotonic())
        return principal


def _lookup(conn: Connection, digest: str) -> tuple[Principal, datetime]:
    rows = conn.execute(_PRINCIPAL, {"secret_hash": digest}).all()
    if not rows:
        raise Unauthenticated(
            "the bearer token is not valid; issue one with `modelreg tokens issue`"
        )
    revoked_at, expires_at, user_id, username, disabled, _ = rows[0]
    if revoked_at is not None:
        raise Unauthenticated("the bearer token was revoked; issue a new one")
    if expires_at <= utcnow():
        raise Unauthenticated("the bearer token has expired; issue a new one")
    if disabled:
        raise Unauthenticated("the user of this token is disabled")
    roles = frozenset(Role(row.role) for row in rows if row.role is not None)
    return Principal(user_id, username, roles), expires_at
