"""Shapes shared by many routes: pages and problem documents."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


def example(**values: Any) -> dict[str, Any]:
    """Build a json_schema_extra that documents one example document."""
    return {"examples": [values]}
