"""Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and SHA-256: the basis of digests."""

from __future__ import annotations

import hashlib
import json
from _json import make_encoder
from json.encoder import encode_basestring
from json.scanner import make_scanner
from typing import Any, NoReturn, cast

import rfc8785

from modelreg.domain.errors import invalid

_JSON_TYPES = "objects with string keys, arrays, strings, numbers, true, false and null"
# JSON numbers are IEEE 754 doubles, so RFC 8785 (I-JSON) forbids integers that a double cannot
# hold exactly: other implementations would silently round them.
_INT_RANGE = (
    "has an integer outside the range JSON can hold exactly: integers must lie between "
    "-(2**53 - 1) and 2**53 - 1; send larger numbers as strings"
)
_INT_MAX = 2**53 - 1


def _unencodable(value: Any) -> NoReturn:
    raise TypeError(f"unsupported type: {type(value)}")  # never reached: `_plain` checked types


# For strings, integers in range, true, false, null, lists and string-keyed dicts, the C JSON
# encoder writes exactly RFC 8785's bytes: the same escapes (\b \t \n \f \r, other controls as
# lowercase \u00xx, nothing else escaped) and the same integer text. Key order differs only for
# keys with code points from U+D800 up (code point vs UTF-16 order), which `_plain` sends to
# rfc8785, as it does floats (different number formatting) and every other type.
# tests/unit/test_canonical.py proves the byte identity against rfc8785.
# The C encoder itself, made once: JSONEncoder.encode would build one per call.
_encoder = make_encoder(None, _unencodable, encode_basestring, None, ":", ",", True, False, False)


def canonical_json(value: Any, *, field: str = "value") -> bytes:
    """Serialise `value` as RFC 8785 canonical JSON (UTF-8 bytes); `field` names it in errors."""
    try:
        if _plain(value):
            return _encode_plain(value).encode("utf-8")
    except (ValueError, RecursionError):
        pass  # lone surrogates, cycles, deep nesting: rfc8785 below reports them
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


def _encode_plain(value: Any) -> str:
    return "".join(_encoder(value, 0))


class _NotPlain(Exception):
    """A number `is_plain_canonical` leaves to the full check."""


def _plain_int(text: str) -> int:
    number = int(text)
    if not -_INT_MAX <= number <= _INT_MAX:
        raise _NotPlain
    return number


def _no_float(text: str) -> float:
    raise _NotPlain


# The C scanner without JSONDecoder.decode's whitespace handling (canonical text has none).
# typeshed types its argument as the scanner itself, not the decoder it reads settings from.
_scan_plain = make_scanner(cast(Any, json.JSONDecoder(parse_int=_plain_int, parse_float=_no_float)))


def is_plain_canonical(text: str) -> bool:
    """Whether `text` is the canonical JSON of ASCII strings, in-range integers, lists and dicts.

    False also for canonical text outside that set (floats, non-ASCII): callers then compare
    with canonical_json themselves. True means text == canonical_json(json.loads(text)).
    """
    if not text.isascii():
        return False
    try:
        value, end = _scan_plain(text, 0)
    except (StopIteration, ValueError, RecursionError, _NotPlain):
        return False
    if end != len(text):
        return False
    # An escape other than the canonical ones decodes to a character the encoder writes raw, so
    # equal text also proves every string is ASCII, where `_plain` holds.
    return bool(_encode_plain(value) == text)


def _plain(value: Any) -> bool:
    """Whether `value` holds only the types for which the C encoder's bytes are RFC 8785's."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-_INT_MAX <= value <= _INT_MAX)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or max(key) < "\ud800"):
                return False
            if not _plain(item):
                return False
        return True
    if kind is list:
        return all(_plain(item) for item in value)
    return False


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()
