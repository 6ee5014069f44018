"""The filters of a model search as named SQL conditions, so that the list applies them all and
each facet leaves out its own (see model_facets.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, Select, and_, select

from modelreg.domain.lifecycle import STAGE_BITS
from modelreg.schemas.models import RiskTier
from modelreg.storage.search import TextSearch
from modelreg.storage.tables import ModelOwnerRow, ModelRow, ModelTagRow, UserRow
from modelreg.storage.tag_filters import tag_condition

# Condition names: a facet of the same name is counted without its condition. Tag filters are
# named per key (`tag:team`): a model has one value per key, so each key is a facet of its own.
Q, GROUP, RISK_TIER, OWNER, STAGE = "q", "group", "risk_tier", "owner", "stage"
FRAMEWORK, TASK, LICENSE, BLOCKING = "framework", "task", "license", "blocking_findings"
TAG_PREFIX = "tag:"


@dataclass
class ModelFilters:
    """Filters of a model search; every given filter must hold."""

    q: str | None = None
    group: str | None = None
    risk_tier: RiskTier | None = None
    owner: str | None = None
    tags: list[tuple[str, str]] = field(default_factory=list)
    stage: str | None = None
    framework: str | None = None
    task: str | None = None
    license: str | None = None
    blocking_findings: bool | None = None


# The columns of `models` that filters and facets read: a CTE of matched models selects these.
FACET_COLUMNS = ("id", "group_name", "risk_tier", "framework", "task", "license", "stage_mask")


def has_stage(mask: Any, bit: Any) -> ColumnElement[bool]:
    """Models whose stage `mask` has `bit` (a STAGE_BITS value, or a column of them)."""
    overlap: ColumnElement[bool] = mask.op("&")(bit) != 0
    return overlap


def filter_conditions(
    conn: Connection,
    text_search: TextSearch,
    filters: ModelFilters,
    blocked_ids: Select[str],
    on: FromClause | None = None,
) -> dict[str, ColumnElement[bool]]:
    """One condition per given filter, by name, on `models` or on `on`: models that already
    match `q`, with the FACET_COLUMNS (then `q` itself is left out). `blocked_ids` selects the
    ids of models with blocking findings (security_state.blocked_model_ids, or a CTE of it)."""
    out: dict[str, ColumnElement[bool]] = {}
    src = ModelRow.__table__ if on is None else on
    c = src.c
    if filters.q and on is None:
        out[Q] = text_search.models(filters.q)
    columns: dict[str, tuple[Any, str | None]] = {
        GROUP: (c.group_name, filters.group),
        RISK_TIER: (c.risk_tier, filters.risk_tier.value if filters.risk_tier else None),
        FRAMEWORK: (c.framework, filters.framework),
        TASK: (c.task, filters.task),
        LICENSE: (c.license, filters.license),
    }
    for name, (column, value) in columns.items():
        if value:
            out[name] = column == value
    if filters.owner:
        out[OWNER] = c.id.in_(
            select(ModelOwnerRow.model_id)
            .join(UserRow, UserRow.id == ModelOwnerRow.user_id)
            .where(UserRow.username == filters.owner)
        )
    by_key: dict[str, list[ColumnElement[bool]]] = {}
    for key, value in filters.tags:
        by_key.setdefault(key, []).append(
            tag_condition(
                conn,
                row_id=c.id,
                tag_owner=ModelTagRow.model_id,
                tag_key=ModelTagRow.key,
                tag_value=ModelTagRow.value,
                key=key,
                value=value,
            )
        )
    for key, conditions in by_key.items():
        out[TAG_PREFIX + key] = and_(*conditions)
    if filters.stage:
        out[STAGE] = has_stage(c.stage_mask, STAGE_BITS[filters.stage])
    if filters.blocking_findings is not None:
        blocked = c.id.in_(blocked_ids)
        out[BLOCKING] = blocked if filters.blocking_findings else ~blocked
    return out
