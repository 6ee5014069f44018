"""A light syntax check of SPDX license expressions (full compliance checks come with scanning)."""

from __future__ import annotations

import re

from modelreg.domain.errors import invalid

_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+:-]+")
_OPERATORS = {"AND", "OR", "WITH"}


def validate_license(expression: str) -> str:
    """Check that `expression` is a well-formed SPDX expression, e.g. `Apache-2.0 OR MIT`."""
    text = expression.strip()
    hint = "use an SPDX license expression such as 'Apache-2.0' or 'MIT OR Apache-2.0'"
    if not text or len(text) > 200:
        raise invalid("license", f"must be 1–200 characters; {hint}")
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise invalid("license", f"{expression!r} contains characters SPDX does not allow; {hint}")
    depth, expect_id = 0, True
    for part in tokens:
        if part == "(":
            if not expect_id:
                raise invalid("license", f"{expression!r}: unexpected '('; {hint}")
            depth += 1
        elif part == ")":
            depth -= 1
            if depth < 0 or expect_id:
                raise invalid("license", f"{expression!r}: unbalanced ')'; {hint}")
        elif part.upper() in _OPERATORS:
            if expect_id:
                raise invalid(
                    "license", f"{expression!r}: operator {part} needs a license before it"
                )
            expect_id = True
        else:
            if not expect_id:
                raise invalid("license", f"{expression!r}: join licenses with AND, OR or WITH")
            expect_id = False
    if depth != 0 or expect_id:
        raise invalid("license", f"{expression!r} is incomplete; {hint}")
    return text
