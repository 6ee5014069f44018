"""Keyset (cursor) pagination: no OFFSET scans, stable under concurrent inserts."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from modelreg.domain.errors import invalid


def encode_cursor(sort: str, values: list[Any]) -> str:
    """Opaque cursor naming the sort order and the last row's key."""
    raw = json.dumps({"s": sort, "k": values}, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, kinds: tuple[type, ...]) -> list[Any]:
    """Decode a cursor made for `sort` whose keys have `kinds` (str, int or datetime).

    Cursors come back from clients, so every key is checked: a garbled, foreign or tampered
    cursor is a 422, never a 500 deeper down.
    """
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        keys = data["k"]
        if data["s"] != sort or not isinstance(keys, list) or len(keys) != len(kinds):
            raise ValueError
        return [_key(value, kind) for value, kind in zip(keys, kinds, strict=True)]
    except (ValueError, KeyError, TypeError):
        raise invalid(
            "cursor", "is not a cursor of this list and sort order; pass `next_cursor` unchanged"
        ) from None


def _key(value: Any, kind: type) -> Any:
    if kind is datetime:
        if not isinstance(value, str):
            raise TypeError
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError
        return parsed
    # bool is an int subclass, but never a valid key.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise ValueError  # beyond BIGINT: the database driver would fail, not answer
    if isinstance(value, str):
        value.encode("utf-8")  # lone surrogates raise UnicodeEncodeError (a ValueError)
        if "\x00" in value:
            raise ValueError
    return value


def after(
    columns: list[InstrumentedAttribute[Any]], values: list[Any], *, descending: bool
) -> ColumnElement[bool]:
    """Rows strictly after `values` in (columns...) order, ascending or descending."""
    clauses: list[ColumnElement[bool]] = []
    for i, column in enumerate(columns):
        equal = [columns[j] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal, beyond))
    # Implied by the OR, but stated so that the planners use it as an index range: without it
    # both databases scan from the first row, and page N costs N pages (258 ms for page 901 of
    # 1M versions on PostgreSQL; 0.25 ms with it).
    first = columns[0] <= values[0] if descending else columns[0] >= values[0]
    return and_(first, or_(*clauses))


def documents_of_page(
    page: Select[str, Any],
    documents: Select[*tuple[Any, ...]],
    row_id: Any,
    order: list[ColumnElement[Any]],
    *,
    limit: int,
    descending: bool,
) -> Select[*tuple[Any, ...]]:
    """The documents of one page (and one row more, to tell whether another page follows).

    `page` selects `id` and `sort_value` of the matching rows; it is ordered and limited first,
    so whatever `documents` aggregates is computed for the rows shown only, not for every match
    the sort looked at. The result is ordered by the page's own columns: SQLite then loops over
    the page, not over the whole table in index order probing the page.
    """
    ids = page.order_by(*order).limit(limit + 1).subquery("page")
    columns: list[ColumnElement[Any]] = [ids.c.sort_value, ids.c.id]
    return documents.join(ids, ids.c.id == row_id).order_by(
        *([c.desc() for c in columns] if descending else columns)
    )
