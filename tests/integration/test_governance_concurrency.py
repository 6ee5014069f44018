"""Parallel approvals and promotions never double-count, never promote twice, never bypass."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from modelreg.domain.access import Principal, Role
from modelreg.domain.errors import ModelregError
from modelreg.schemas.cards import CardAnnotations
from modelreg.schemas.governance import ApprovalCreate, PromotionCreate
from modelreg.schemas.lineage import CodeLink, DatasetLink
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import Stage, VersionCreate
from modelreg.storage.tables import ApprovalRow, StageHistoryRow
from modelreg.wiring import Registry


def user(registry: Registry, name: str, *roles: Role) -> Principal:
    created = registry.identity.create_user(actor="system", username=name, roles=frozenset(roles))
    return Principal(created.id, name, frozenset(roles))


def ready_submitted(registry: Registry) -> Principal:
    owner = user(registry, "alice", Role.MODEL_OWNER)
    # Medium risk: production still needs two distinct approvers, but no publisher signature
    # (required for high risk), which this file-less version could not carry.
    registry.models.create_model(
        owner,
        ModelCreate(group="g", name="m", risk_tier=RiskTier.MEDIUM, license="Apache-2.0"),
    )
    registry.versions.create_version(
        owner,
        "g",
        "m",
        VersionCreate(
            version="1.0.0",
            lineage=[DatasetLink(uri="s3://d"), CodeLink(repository="r", commit="a" * 40)],
        ),
    )
    registry.cards.update_annotations(
        owner, "g", "m", "1.0.0", CardAnnotations(intended_use="x", limitations="y")
    )
    registry.promotions.request(
        owner, "g", "m", "1.0.0", PromotionCreate(target_stage=Stage.SUBMITTED, rationale="r")
    )
    registry.worker("test-worker").run_until_idle()  # the security scan production needs
    return owner


def attempt(fn: Any) -> str:
    try:
        return fn().state.value
    except ModelregError as exc:
        return f"{exc.status}"


def test_parallel_requests_create_one_pending_promotion(registry: Registry) -> None:
    owner = ready_submitted(registry)
    body = PromotionCreate(target_stage=Stage.PRODUCTION, rationale="go")
    with ThreadPoolExecutor(6) as pool:
        outcomes = list(
            pool.map(
                lambda _: attempt(
                    lambda: registry.promotions.request(owner, "g", "m", "1.0.0", body)
                ),
                range(6),
            )
        )
    assert outcomes.count("awaiting_approval") == 1
    assert outcomes.count("409") == 5


def test_parallel_approvals_count_once_and_execute_once(registry: Registry) -> None:
    owner = ready_submitted(registry)
    pid = registry.promotions.request(
        owner, "g", "m", "1.0.0", PromotionCreate(target_stage=Stage.PRODUCTION, rationale="go")
    ).id
    mrc = user(registry, "maria", Role.MRC)
    sec = user(registry, "sven", Role.SECURITY_ARCHITECT)
    yes = ApprovalCreate(decision="approve", rationale="ok")
    calls = [mrc, sec, mrc, sec, mrc, sec, mrc, sec]
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(
            pool.map(lambda p: attempt(lambda: registry.promotions.decide(p, pid, yes)), calls)
        )
    assert outcomes.count("executed") == 1
    assert all(o in {"awaiting_approval", "executed", "409"} for o in outcomes)
    final = registry.promotions.get(pid)
    assert final.state.value == "executed"
    assert len(final.approvals) == 2
    with registry.db.read() as s:
        assert s.execute(select(func.count()).select_from(ApprovalRow)).scalar_one() == 2
        entered = s.execute(
            select(func.count())
            .select_from(StageHistoryRow)
            .where(StageHistoryRow.stage == "production")
        ).scalar_one()
    assert entered == 1
    assert registry.audit.verify().ok
