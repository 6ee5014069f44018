"""Governed risk tiers through the real `modelreg` command against a real server."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest
from test_cli_workflow import ok, run

from modelreg.client import Client
from modelreg.domain.access import Role
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.users import TokenCreate, UserCreate

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e


def test_an_owner_asks_mrc_decides_and_the_refusals_say_why(server: Server) -> None:
    suffix = uuid.uuid4().hex[:8]
    owner, reviewer = f"tier-owner-{suffix}", f"tier-mrc-{suffix}"
    with Client(server.url, server.token) as admin:
        admin.users.create(UserCreate(username=owner, roles=[Role.MODEL_OWNER, Role.MRC]))
        admin.users.create(UserCreate(username=reviewer, roles=[Role.MRC]))
        owner_token = admin.tokens.issue(owner, TokenCreate(expires_in_days=1)).token
        mrc_token = admin.tokens.issue(reviewer, TokenCreate(expires_in_days=1)).token
    model = f"tiers/scorer-{suffix}"
    with Client(server.url, owner_token) as client:
        client.models.create(
            ModelCreate(group="tiers", name=f"scorer-{suffix}", risk_tier=RiskTier.HIGH)
        )

    # PATCH-style lowering is refused with the way to ask for it.
    refused = run(server, owner_token, "models", "update", model, "--risk-tier", "low")
    assert refused.returncode == 1 and "risk-tier-changes" in refused.stderr
    asked = ok(run(server, owner_token, "models", "tier", model, "low", "--reason", "RA-31"))
    assert "awaits MRC approval" in asked.stdout
    change_id = asked.stdout.split("(change ")[1].split(")")[0]
    # The owner holds mrc but may not decide their own model's tier.
    own = run(
        server, owner_token, "models", "tier-decide", change_id, "--approve", "--rationale", "x"
    )
    assert own.returncode == 1 and "separation of duties" in own.stderr
    decided = ok(
        run(
            server,
            mrc_token,
            *("models", "tier-decide", change_id, "--approve", "--rationale", "RA-31 holds"),
        )
    )
    assert "high -> low approved" in decided.stdout
    history = ok(run(server, owner_token, "models", "tier-history", model))
    assert "approved" in history.stdout and "RA-31" in history.stdout
    raised = ok(run(server, owner_token, "models", "tier", model, "high", "--reason", "back"))
    assert "low -> high applied" in raised.stdout
