"""The registry's error tree: each error has a stable code and a message that says what to do.

The API maps these to RFC 9457 problem+json in one place; the CLI prints them. `status` is the
HTTP status the error stands for, kept here so that API, CLI and SDK agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldError:
    """One invalid field: where it is, what is wrong, and a stable machine-readable type."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"

    def as_dict(self) -> dict[str, Any]:
        """Return the problem+json representation of this field error."""
        return {"loc": list(self.loc), "msg": self.msg, "type": self.type}


@dataclass
class ModelregError(Exception):
    """Base of every error the registry raises on purpose."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    code: ClassVar[str] = "error"
    title: ClassVar[str] = "Error"
    status: ClassVar[int] = 400

    def __post_init__(self) -> None:
        super().__init__(self.detail)

    def __str__(self) -> str:
        return self.detail


class BadRequest(ModelregError):
    """The request is malformed (not merely invalid)."""

    code = "bad-request"
    title = "Malformed request"
    status = 400


class InvalidInput(ModelregError):
    """A value breaks a rule; `errors` names the fields."""

    code = "invalid-input"
    title = "Invalid input"
    status = 422


class DigestMismatch(InvalidInput):
    """Uploaded bytes do not match the digest the client declared."""

    code = "digest-mismatch"
    title = "Digest mismatch"


class Unauthenticated(ModelregError):
    """No valid credentials were presented."""

    code = "unauthenticated"
    title = "Authentication required"
    status = 401


class PermissionDenied(ModelregError):
    """The caller is known but may not do this."""

    code = "forbidden"
    title = "Permission denied"
    status = 403


class NotFound(ModelregError):
    """The named resource does not exist."""

    code = "not-found"
    title = "Not found"
    status = 404


class Conflict(ModelregError):
    """The request conflicts with the current state."""

    code = "conflict"
    title = "Conflict"
    status = 409


class AlreadyExists(Conflict):
    """A resource with this identity already exists."""

    code = "already-exists"
    title = "Already exists"


class WrongState(Conflict):
    """The resource is in a state that does not allow this change (e.g. sealed)."""

    code = "wrong-state"
    title = "Not allowed in the current state"


class PreconditionFailed(ModelregError):
    """A conditional request's precondition did not hold."""

    code = "precondition-failed"
    title = "Precondition failed"
    status = 412


class PayloadTooLarge(ModelregError):
    """The body exceeds a configured limit."""

    code = "payload-too-large"
    title = "Payload too large"
    status = 413


class UnsupportedMediaType(ModelregError):
    """The request's content type is not accepted by this route."""

    code = "unsupported-media-type"
    title = "Unsupported media type"
    status = 415


class RangeNotSatisfiable(ModelregError):
    """The requested byte range lies outside the artifact."""

    code = "range-not-satisfiable"
    title = "Range not satisfiable"
    status = 416


class IntegrityFailure(ModelregError):
    """Stored data failed verification; the registry refuses to return it."""

    code = "integrity-failure"
    title = "Stored data failed verification"
    status = 500


class Unavailable(ModelregError):
    """A dependency (database, blob store) cannot be reached."""

    code = "unavailable"
    title = "Service unavailable"
    status = 503


def invalid(field_name: str, msg: str, *, type_: str = "value_error") -> InvalidInput:
    """Build an InvalidInput for a single field with a message that says what is expected."""
    return InvalidInput(
        detail=f"{field_name}: {msg}", errors=[FieldError((field_name,), msg, type_)]
    )
