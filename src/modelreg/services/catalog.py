"""Loading models and versions by identity, shared by every service that acts on them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal, may_change_model
from modelreg.domain.errors import NotFound, PermissionDenied, WrongState, invalid
from modelreg.domain.names import validate_part
from modelreg.domain.risk_tiers import PENDING
from modelreg.domain.semver import SemVer
from modelreg.storage.tables import (
    ModelOwnerRow,
    ModelRow,
    RiskTierChangeRow,
    UserRow,
    VersionRow,
)


def load_model(session: Session, group: str, name: str, *, lock: bool = False) -> ModelRow:
    """Load a model by identity or raise NotFound (after validating the identity)."""
    validate_part("group", group)
    validate_part("name", name)
    stmt = select(ModelRow).where(ModelRow.full_name == f"{group}/{name}")
    if lock:
        stmt = stmt.with_for_update()
    model = session.execute(stmt).scalar_one_or_none()
    if model is None:
        raise NotFound(f"model '{group}/{name}' does not exist")
    return model


def resolve_version(
    session: Session, model: ModelRow, version: str, *, lock: bool = False
) -> VersionRow:
    """Load a version by SemVer string or `latest`, or raise NotFound."""
    if version == "latest":
        stmt = (
            select(VersionRow)
            .where(VersionRow.model_id == model.id, VersionRow.is_prerelease.is_(False))
            .order_by(VersionRow.sort_key.desc())
            .limit(1)
        )
    else:
        SemVer.parse(version)
        stmt = select(VersionRow).where(
            VersionRow.model_id == model.id, VersionRow.version == version
        )
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        what = (
            "has no release version yet" if version == "latest" else f"has no version {version!r}"
        )
        raise NotFound(f"model '{model.full_name}' {what}")
    return row


def owner_ids(session: Session, model_id: str) -> set[str]:
    """User ids of a model's owners."""
    return set(
        session.execute(select(ModelOwnerRow.user_id).where(ModelOwnerRow.model_id == model_id))
        .scalars()
        .all()
    )


def require_change(session: Session, principal: Principal, model: ModelRow) -> None:
    """403 unless the caller owns the model or is an admin."""
    if not may_change_model(principal, owner_ids(session, model.id)):
        raise PermissionDenied(
            f"only owners of '{model.full_name}' (or an admin) may change it; "
            "ask an owner to add you with PATCH owners"
        )


def usernames_to_ids(session: Session, usernames: Iterable[str], field: str) -> dict[str, str]:
    """Map usernames to user ids; 422 naming any that do not exist."""
    wanted = list(dict.fromkeys(usernames))
    rows = session.execute(
        select(UserRow.username, UserRow.id).where(UserRow.username.in_(wanted))
    ).all()
    found = {r.username: r.id for r in rows}
    missing = [u for u in wanted if u not in found]
    if missing:
        raise invalid(field, f"unknown users {missing}: every owner must be a registry user")
    return {u: found[u] for u in wanted}


def require_unsealed(version: VersionRow, model: ModelRow) -> None:
    """409 when the version is sealed (its artifacts and lineage are frozen)."""
    if version.sealed_at is not None:
        raise WrongState(
            f"version '{model.full_name}@{version.version}' is sealed: its artifacts and lineage "
            "are frozen; create a new version instead"
        )


def version_subject(model: ModelRow, version: VersionRow) -> str:
    """The audit subject of a version, e.g. `version:fraud/scorer@1.2.0`."""
    return f"version:{model.full_name}@{version.version}"


def pending_tier_changes(
    session: Session, model_ids: Iterable[str]
) -> dict[str, RiskTierChangeRow]:
    """The pending (undecided) tier lowering of each model that has one, in one query."""
    ids = list(model_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(RiskTierChangeRow).where(
            RiskTierChangeRow.model_id.in_(ids), RiskTierChangeRow.state == PENDING
        )
    ).scalars()
    return {row.model_id: row for row in rows}
