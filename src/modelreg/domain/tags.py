"""Tag keys and values."""

from __future__ import annotations

import re

from modelreg.domain.errors import FieldError, InvalidInput

KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$"
_KEY = re.compile(KEY_PATTERN)
MAX_TAGS = 64
MAX_VALUE_CHARS = 256


def validate_tags(tags: dict[str, str], field: str = "tags") -> dict[str, str]:
    """Check tag keys (1–128 of letters, digits, . _ : / -) and values (≤ 256 characters)."""
    errors: list[FieldError] = []
    if len(tags) > MAX_TAGS:
        errors.append(FieldError((field,), f"at most {MAX_TAGS} tags are allowed"))
    for key, value in tags.items():
        if not _KEY.match(key):
            errors.append(
                FieldError(
                    (field, key),
                    "tag keys are 1–128 letters, digits, '.', '_', ':', '/' or '-', "
                    "starting with a letter or digit",
                )
            )
        if len(value) > MAX_VALUE_CHARS:
            errors.append(FieldError((field, key), "tag values are at most 256 characters"))
    if errors:
        raise InvalidInput(detail=f"{field}: {errors[0].msg}", errors=errors)
    return tags


def parse_tag_filter(text: str) -> tuple[str, str]:
    """Parse a `key=value` filter; 422 saying the expected form."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise InvalidInput(
            detail=f"tag filter {text!r} must look like key=value",
            errors=[FieldError(("tag",), "expected key=value, e.g. team=risk-ml")],
        )
    return key, value
