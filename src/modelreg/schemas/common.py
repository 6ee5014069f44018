"""Shapes shared by many routes: pages and problem documents."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Schema(BaseModel):
    """Base of every document: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


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
