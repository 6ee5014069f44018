"""First start: an empty registry gets an `admin` user and a one-time token."""

from __future__ import annotations

from datetime import timedelta

from modelreg.domain.access import Role
from modelreg.domain.errors import AlreadyExists
from modelreg.schemas.users import TokenIssued
from modelreg.services.identity import SYSTEM_ACTOR, IdentityService


def ensure_admin(identity: IdentityService, *, ttl: timedelta) -> TokenIssued | None:
    """Create `admin` with a token when no user exists; None when users already exist."""
    if identity.count_users() > 0:
        return None
    try:
        identity.create_user(actor=SYSTEM_ACTOR, username="admin", roles=frozenset({Role.ADMIN}))
    except AlreadyExists:
        return None  # another process started at the same moment and created it
    return identity.issue_token(
        actor=SYSTEM_ACTOR, username="admin", expires_in=ttl, label="first start"
    )
