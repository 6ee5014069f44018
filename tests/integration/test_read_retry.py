"""One-statement reads survive a PostgreSQL restart: a dead pooled connection is retried once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from modelreg.domain.access import Role
from modelreg.wiring import Registry


def test_reads_on_dead_pooled_connections_are_run_again(registry: Registry) -> None:
    if registry.db.dialect != "postgresql":
        pytest.skip("SQLite connections cannot be cut from outside")
    registry.identity.create_user(actor="system", username="rita", roles=frozenset({Role.MRC}))
    token = registry.identity.issue_token(
        actor="system", username="rita", expires_in=timedelta(days=1)
    )
    assert registry.identity.authenticate(token.token).username == "rita"
    pid = registry.db.read_once(lambda conn: conn.execute(text("SELECT pg_backend_pid()")).scalar())
    # What a server restart or failover does to every pooled connection.
    with registry.db.engine.connect() as admin:
        assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    assert registry.identity.authenticate(token.token).username == "rita"
    assert (
        registry.db.read_once(lambda conn: conn.execute(text("SELECT pg_backend_pid()")).scalar())
        != pid
    )
