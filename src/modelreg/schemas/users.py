"""Users and tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StrictBool
from pydantic.json_schema import SkipJsonSchema

from modelreg.domain.access import Permission, Role
from modelreg.domain.names import PART_PATTERN
from modelreg.schemas.common import NULL_REFUSED, Schema, example


class UserCreate(Schema):
    """Create a user with one or more roles."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=example(username="alice", roles=["model_owner"])
    )
    username: str = Field(
        min_length=1, max_length=64, json_schema_extra={"pattern": f"^{PART_PATTERN}$"}
    )
    roles: list[Role] = Field(min_length=1)


class UserUpdate(Schema):
    """Change a user's roles or disable the account; omitted fields stay as they are."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=example(roles=["model_owner", "mrc"], disabled=False)
    )
    roles: Annotated[list[Role] | SkipJsonSchema[None], NULL_REFUSED] = Field(
        default=None, min_length=1, description="Replaces every role the user holds."
    )
    # Strict: `0` or `"false"` is a type error, as the schema says, not silently a boolean.
    disabled: Annotated[StrictBool | SkipJsonSchema[None], NULL_REFUSED] = Field(
        default=None, description="A disabled user's tokens stop working at once."
    )


class UserRead(Schema):
    """A user, with the pseudonymous id the audit chain records."""

    id: str
    username: str
    roles: list[Role]
    disabled: bool
    created_at: datetime


class MeRead(UserRead):
    """The caller with the permissions its roles grant (a client offers only those)."""

    permissions: list[Permission]


class TokenCreate(Schema):
    """Issue a token; the secret is shown once in the response."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=example(expires_in_days=30))
    expires_in_days: int = Field(default=90, ge=1, le=3650)
    label: str = Field(default="", max_length=200)


class TokenRead(Schema):
    """A token's public facts (never its secret)."""

    id: str
    username: str
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class TokenIssued(TokenRead):
    """A newly issued token, with the secret shown this once."""

    token: str = Field(description="Bearer secret; store it now, it cannot be shown again.")
