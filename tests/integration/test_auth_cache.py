"""Cached authentication never outlives a revocation, in this process or another one.

Two registries on one database stand for two API processes: each has its own cache, and the
change is made through the other, as a second `modelreg serve` worker (or the CLI) would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from modelreg.config import Settings
from modelreg.domain.access import Role
from modelreg.domain.errors import Unauthenticated
from modelreg.wiring import Registry, build_registry


@pytest.fixture
def other(settings: Settings, registry: Registry) -> Iterator[Registry]:
    """A second process on the same database (its own engine and its own cache)."""
    reg = build_registry(settings)
    yield reg
    reg.close()


def _user_with_token(registry: Registry, username: str, *roles: Role) -> tuple[str, str]:
    registry.identity.create_user(actor="system", username=username, roles=frozenset(roles))
    issued = registry.identity.issue_token(
        actor="system", username=username, expires_in=timedelta(days=1)
    )
    return issued.id, issued.token


def _generation(registry: Registry) -> int:
    value = registry.db.read_once(
        lambda conn: conn.execute(text("SELECT value FROM auth_generation WHERE id = 1")).scalar()
    )
    return int(value)


def test_a_cached_token_is_refused_once_another_process_revokes_it(
    registry: Registry, other: Registry
) -> None:
    token_id, secret = _user_with_token(registry, "maria", Role.MRC)
    assert registry.identity.authenticate(secret).username == "maria"  # now cached
    other.identity.revoke_token(actor="system", token_id=token_id)
    with pytest.raises(Unauthenticated, match="revoked"):
        registry.identity.authenticate(secret)


def test_disabling_a_user_and_changing_roles_apply_to_cached_callers_at_once(
    registry: Registry, other: Registry
) -> None:
    _, secret = _user_with_token(registry, "omar", Role.MRC, Role.AUDITOR)
    assert registry.identity.authenticate(secret).roles == {Role.MRC, Role.AUDITOR}
    other.identity.update_user(actor="system", username="omar", roles=frozenset({Role.AUDITOR}))
    assert registry.identity.authenticate(secret).roles == {Role.AUDITOR}
    other.identity.update_user(actor="system", username="omar", disabled=True)
    with pytest.raises(Unauthenticated, match="disabled"):
        registry.identity.authenticate(secret)
    other.identity.update_user(actor="system", username="omar", disabled=False)
    assert registry.identity.authenticate(secret).username == "omar"


def test_the_database_bumps_the_generation_even_for_changes_made_by_hand(
    registry: Registry,
) -> None:
    token_id, secret = _user_with_token(registry, "lena", Role.AUDITOR)
    registry.identity.authenticate(secret)
    before = _generation(registry)
    # An operator's SQL fix bypasses every service; the triggers still see it.
    with registry.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE api_tokens SET revoked_at = created_at WHERE id = :id"), {"id": token_id}
        )
    assert _generation(registry) > before
    with pytest.raises(Unauthenticated, match="revoked"):
        registry.identity.authenticate(secret)


def test_issuing_tokens_leaves_other_callers_cached(registry: Registry) -> None:
    _user_with_token(registry, "ines", Role.AUDITOR)
    before = _generation(registry)
    registry.identity.issue_token(actor="system", username="ines", expires_in=timedelta(days=1))
    assert _generation(registry) == before


def test_an_expired_cached_token_is_refused_without_a_change_anywhere(registry: Registry) -> None:
    _, secret = _user_with_token(registry, "kai", Role.AUDITOR)
    registry.identity.authenticate(secret)
    authenticator = registry.identity.authenticator
    digest = next(iter(authenticator._entries))
    entry = authenticator._entries[digest]
    # The clock is not faked: the cached expiry is moved into the past, as time would.
    authenticator._entries[digest] = type(entry)(
        entry.principal, entry.expires_at - timedelta(days=2), entry.generation, entry.cached_at
    )
    with pytest.raises(Unauthenticated, match="expired"):
        registry.identity.authenticate(secret)


def test_unknown_secrets_are_never_cached(registry: Registry) -> None:
    for _ in range(3):
        with pytest.raises(Unauthenticated, match="not valid"):
            registry.identity.authenticate("mr_not-a-real-token")
    assert registry.identity.authenticator._entries == {}
