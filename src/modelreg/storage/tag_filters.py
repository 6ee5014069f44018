"""Tag filters (`key=value`) that stay fast whether a tag is rare or common.

PostgreSQL plans `id IN (subquery)` as a semi-join and picks the cheaper side from statistics.
SQLite does not: an IN subquery builds every match and then sorts them (slow for a tag on a
quarter of all versions), while a correlated EXISTS walks the sort index and probes each row
(slow for a rare tag: it may walk the whole table). So on SQLite a capped count picks the form,
as a planner with statistics would: one cheap covering-index query per tag filter.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, exists, func, literal, select
from sqlalchemy.orm import Session

PROBE_LIMIT = 1000


def tag_condition(
    executor: Connection | Session,
    *,
    row_id: Any,
    tag_owner: Any,
    tag_key: Any,
    tag_value: Any,
    key: str,
    value: str,
) -> ColumnElement[bool]:
    """Condition "the row has tag key=value", in the form that is fast on this database."""
    matches = (tag_key == key) & (tag_value == value)
    semi_join: ColumnElement[bool] = row_id.in_(select(tag_owner).where(matches))
    dialect = executor.dialect if isinstance(executor, Connection) else executor.get_bind().dialect
    if dialect.name != "sqlite":
        return semi_join
    capped = select(literal(1)).where(matches).limit(PROBE_LIMIT).subquery()
    count = executor.execute(select(func.count()).select_from(capped)).scalar_one()
    if count < PROBE_LIMIT:
        return semi_join
    return exists().where(tag_owner == row_id, matches)
