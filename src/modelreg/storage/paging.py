"""Keyset (cursor) pagination: no OFFSET scans, stable under concurrent inserts."""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from modelreg.domain.errors import invalid


def encode_cursor(sort: str, values: list[Any]) -> str:
    """Opaque cursor naming the sort order and the last row's key."""
    raw = json.dumps({"s": sort, "k": values}, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    """Decode a cursor made for `sort`; 422 if it is garbled or for another sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        keys = data["k"]
        if data["s"] != sort or not isinstance(keys, list):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise invalid(
            "cursor", "is not a cursor of this list and sort order; pass `next_cursor` unchanged"
        ) from None
    return keys


def after(
    columns: list[InstrumentedAttribute[Any]], values: list[Any], *, descending: bool
) -> ColumnElement[bool]:
    """Rows strictly after `values` in (columns...) order, ascending or descending."""
    clauses: list[ColumnElement[bool]] = []
    for i, column in enumerate(columns):
        equal = [columns[j] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)
