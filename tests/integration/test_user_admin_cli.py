"""`modelreg users set-roles|disable|enable` on each database: audited, and refusals are clear."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_key_rotation_cli import CliRunnerCall, run  # noqa: F401  (the fixture)

from modelreg.domain.access import Role
from modelreg.domain.errors import Unauthenticated
from modelreg.wiring import Registry


def test_roles_are_replaced_and_accounts_disabled_and_enabled(
    registry: Registry,
    run: CliRunnerCall,  # noqa: F811
) -> None:
    registry.identity.create_user(actor="system", username="maria", roles=frozenset({Role.MRC}))
    token = registry.identity.issue_token(
        actor="system", username="maria", expires_in=timedelta(days=1)
    )
    changed = run("users", "set-roles", "maria", "--role", "mrc", "--role", "auditor")
    assert changed.exit_code == 0 and changed.output.strip() == "maria: auditor, mrc"
    assert registry.identity.get_user("maria").roles == [Role.AUDITOR, Role.MRC]
    assert run("users", "disable", "maria").exit_code == 0
    with pytest.raises(Unauthenticated, match="disabled"):
        registry.identity.authenticate(token.token)
    assert run("users", "enable", "maria").exit_code == 0
    assert registry.identity.authenticate(token.token).username == "maria"
    actions = [e.action for e in registry.audit.list_events(limit=50).items]
    assert {"user.roles_changed", "user.disabled", "user.enabled"} <= set(actions)
    bad = run("users", "set-roles", "maria", "--role", "boss")
    assert bad.exit_code != 0 and "unknown role 'boss'" in bad.output
