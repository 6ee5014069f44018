"""Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and SHA-256: the basis of digests."""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785

from modelreg.domain.errors import invalid

_JSON_TYPES = "objects with string keys, arrays, strings, numbers, true, false and null"
# JSON numbers are IEEE 754 doubles, so RFC 8785 (I-JSON) forbids integers that a double cannot
# hold exactly: other implementations would silently round them.
_INT_RANGE = (
    "has an integer outside the range JSON can hold exactly: integers must lie between "
    "-(2**53 - 1) and 2**53 - 1; send larger numbers as strings"
)


def canonical_json(value: Any, *, field: str = "value") -> bytes:
    """Serialise `value` as RFC 8785 canonical JSON (UTF-8 bytes); `field` names it in errors."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.FloatDomainError as exc:
        raise invalid(
            field, f"{exc}; NaN and Infinity are not JSON numbers, use null or a string instead"
        ) from exc
    except rfc8785.CanonicalizationError as exc:
        if isinstance(exc, rfc8785.IntegerDomainError):
            # Not quoting the number: it may be thousands of digits long.
            raise invalid(field, _INT_RANGE) from exc
        raise invalid(
            field, f"cannot be written as canonical JSON ({exc}); use {_JSON_TYPES}"
        ) from exc
    except ValueError as exc:
        # rfc8785 formats the offending integer into its own message, and Python refuses to
        # format integers of more than 4300 digits, so such an integer surfaces as this error.
        raise invalid(field, _INT_RANGE) from exc
    except RecursionError as exc:
        raise invalid(
            field, "is nested too deeply (or contains itself) for canonical JSON"
        ) from exc


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()
