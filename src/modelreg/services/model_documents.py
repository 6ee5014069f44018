"""Model documents (ModelRead) read with one statement each, whatever the page size.

Owners and tags are aggregated as JSON by the database and the pending tier change is joined,
so a single model or a page of 100 costs one round trip and no ORM objects. One statement sees
one snapshot on both dialects, which is why reads through `Database.read_once` need no
transaction.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, bindparam, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from modelreg.domain.errors import NotFound
from modelreg.domain.names import validate_part
from modelreg.domain.risk_tiers import PENDING
from modelreg.schemas.models import ModelRead, PendingRiskTier, RiskTier
from modelreg.storage.tables import (
    ModelOwnerRow,
    ModelRow,
    ModelTagRow,
    RiskTierChangeRow,
    UserRow,
)

_pending = aliased(RiskTierChangeRow, name="pending")


def json_list(dialect: str, column: Any) -> ColumnElement[Any]:
    """The dialect's aggregate of `column` into a JSON array."""
    return func.json_agg(column) if dialect == "postgresql" else func.json_group_array(column)


def json_map(dialect: str, key: Any, value: Any) -> ColumnElement[Any]:
    """The dialect's aggregate of key/value columns into a JSON object."""
    if dialect == "postgresql":
        return func.json_object_agg(key, value)
    return func.json_group_object(key, value)


def decoded(value: Any, empty: Any) -> Any:
    """A JSON aggregate as Python: SQLite returns text, psycopg decodes, none aggregates NULL."""
    if value is None:
        return empty
    return json.loads(value) if isinstance(value, str) else value


def _columns(dialect: str) -> list[Any]:
    owners = (
        select(json_list(dialect, UserRow.username))
        .select_from(ModelOwnerRow)
        .join(UserRow, UserRow.id == ModelOwnerRow.user_id)
        .where(ModelOwnerRow.model_id == ModelRow.id)
        .scalar_subquery()
    )
    tags = (
        select(json_map(dialect, ModelTagRow.key, ModelTagRow.value))
        .where(ModelTagRow.model_id == ModelRow.id)
        .scalar_subquery()
    )
    return [
        ModelRow.id,
        ModelRow.group_name,
        ModelRow.name,
        ModelRow.full_name,
        ModelRow.description,
        ModelRow.risk_tier,
        ModelRow.task,
        ModelRow.framework,
        ModelRow.license,
        ModelRow.latest_version,
        ModelRow.created_at,
        ModelRow.updated_at,
        owners.label("owners"),
        tags.label("tags"),
        _pending.id.label("pending_id"),
        _pending.to_tier.label("pending_tier"),
        _pending.requested_by.label("pending_by"),
        _pending.requested_at.label("pending_at"),
        _pending.reason.label("pending_reason"),
    ]


def documents_select(dialect: str) -> Select[Any]:
    """Model documents, still to be filtered (join a page of ids, or match an identity)."""
    return (
        select(*_columns(dialect))
        .select_from(ModelRow)
        .outerjoin(_pending, and_(_pending.model_id == ModelRow.id, _pending.state == PENDING))
    )


_BY_NAME: dict[str, Select[Any]] = {}


def get_document(conn: Connection, group: str, name: str) -> ModelRead:
    """One model by identity (validated first), or NotFound."""
    validate_part("group", group)
    validate_part("name", name)
    dialect = conn.dialect.name
    stmt = _BY_NAME.get(dialect)
    if stmt is None:
        # Built once per dialect: a reused statement object keeps its compiled form cached.
        stmt = _BY_NAME[dialect] = documents_select(dialect).where(
            ModelRow.full_name == bindparam("full_name")
        )
    row = conn.execute(stmt, {"full_name": f"{group}/{name}"}).first()
    if row is None:
        raise NotFound(f"model '{group}/{name}' does not exist")
    return to_document(row)


def documents_by_id(conn: Connection, ids: list[str]) -> list[ModelRead]:
    """Documents of the given models, in the order of `ids` (for write responses)."""
    if not ids:
        return []
    stmt = documents_select(conn.dialect.name).where(ModelRow.id.in_(ids))
    found = {row.id: row for row in conn.execute(stmt)}
    return [to_document(found[i]) for i in ids]


def to_document(row: Row[Any]) -> ModelRead:
    """Map one document row to ModelRead without re-validating what the database holds."""
    pending = None
    if row.pending_id is not None:
        pending = PendingRiskTier.model_construct(
            change_id=row.pending_id,
            risk_tier=RiskTier(row.pending_tier),
            requested_by=row.pending_by,
            requested_at=row.pending_at,
            reason=row.pending_reason,
        )
    return ModelRead.model_construct(
        group=row.group_name,
        name=row.name,
        full_name=row.full_name,
        description=row.description,
        risk_tier=RiskTier(row.risk_tier),
        pending_risk_tier=pending,
        owners=sorted(decoded(row.owners, [])),
        tags=dict(sorted(decoded(row.tags, {}).items())),
        task=row.task,
        framework=row.framework,
        license=row.license,
        latest_version=row.latest_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
