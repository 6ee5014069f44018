"""Shapes shared by many routes: pages and problem documents."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

T = TypeVar("T")


def has_nul(value: Any) -> bool:
    """True when a string anywhere in `value` holds NUL (PostgreSQL text cannot store it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class Schema(BaseModel):
    """Base of every document: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _reject_nul(cls, data: Any) -> Any:
        # PostgreSQL cannot store NUL in text; refusing it here keeps both databases alike.
        if has_nul(data):
            raise ValueError("text must not contain NUL (\\u0000) characters")
        return data


class Page(Schema, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` for the next page."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Opaque cursor of the next page; null on the last page."
    )


class FieldProblem(Schema):
    """One invalid field of a request."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(Schema):
    """RFC 9457 problem details, with field errors when a request was invalid."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(examples=["https://modelreg.dev/problems/invalid-input"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldProblem] = Field(default_factory=list)
    request_id: str | None = None


def null_clears(empty: Any) -> BeforeValidator:
    """PATCH rule for a field with an empty state: JSON null sets it to `empty`."""

    def clear(value: Any) -> Any:
        return copy.deepcopy(empty) if value is None else value

    return BeforeValidator(clear)


def _refuse_null(value: Any, info: ValidationInfo) -> Any:
    if value is None:
        raise PydanticCustomError(
            "not_clearable",
            "{field} cannot be cleared; give a value, or omit it to keep the current one",
            {"field": info.field_name},
        )
    return value


# PATCH rule for a field with no empty state: JSON null is a 422 naming the field. Pair it with
# `T | SkipJsonSchema[None] = None` so OpenAPI does not offer null while omission stays possible.
NULL_REFUSED: BeforeValidator = BeforeValidator(_refuse_null)


# The semver.org grammar, declared in OpenAPI; domain/semver.py enforces it with its own message.
_NUM = r"(?:0|[1-9][0-9]*)"
_PRE = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD = r"[0-9A-Za-z-]+"
SEMVER_CORE = rf"{_NUM}\.{_NUM}\.{_NUM}(?:-{_PRE}(?:\.{_PRE})*)?(?:\+{_BUILD}(?:\.{_BUILD})*)?"


# RFC 3339 `date-time`: full date, time, optional fraction and a mandatory offset.
_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:)(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
RFC3339_EXAMPLE = "2026-01-31T12:00:00Z"


def _rfc3339_only(value: Any) -> Any:
    # Pydantic alone also takes Unix timestamps (`0.5`) and dates; a moment must be unambiguous.
    if isinstance(value, datetime):
        return value
    match = _RFC3339.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "rfc3339",
            "must be an RFC 3339 date-time with a time zone, e.g. {example}",
            {"example": RFC3339_EXAMPLE},
        )
    if match.group(2) == "60":
        # RFC 3339 allows a leap second, Python's datetime does not: read it as the second before.
        head, _, fraction, zone = match.groups()
        return f"{head}59{fraction or ''}{zone}"
    return value


Rfc3339 = Annotated[AwareDatetime, BeforeValidator(_rfc3339_only)]
"""A moment in RFC 3339 form only (e.g. `2026-01-31T12:00:00Z`); query parameters and bodies."""


def example(**values: Any) -> dict[str, Any]:
    """Build a json_schema_extra that documents one example document."""
    return {"examples": [values]}
