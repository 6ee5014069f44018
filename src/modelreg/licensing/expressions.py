"""Parse SPDX license expressions safely: a syntax check first, then `license_expression`."""

from __future__ import annotations

import functools
import re
from typing import Any

from license_expression import Licensing, get_spdx_licensing  # type: ignore[import-untyped]

__all__ = ["MAX_EXPRESSION_LENGTH", "parse_spdx", "spdx"]

MAX_EXPRESSION_LENGTH = 4096
# Real expressions nest two or three parentheses deep; the cap bounds every recursive walk.
_MAX_DEPTH = 64
_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+:-]+")
_SPACE = re.compile(r"\s+")
_OPERATORS = frozenset({"AND", "OR", "WITH"})


@functools.cache
def spdx() -> Licensing:
    """The shared SPDX `Licensing` (building it loads the whole license table once)."""
    return get_spdx_licensing()


def parse_spdx(text: str) -> tuple[Any, str | None]:
    """`(tree, None)` for a well-formed expression, else `(None, why)`; never raises."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        return None, f"expression longer than {MAX_EXPRESSION_LENGTH} characters, not parsed"
    if problem := _syntax_error(text):
        return None, f"not a valid SPDX expression: {problem}"
    try:
        parsed = spdx().parse(text, validate=False)
    except Exception as exc:
        # The parser has raised IndexError and AssertionError, not only ExpressionError, on
        # malformed input; whatever it raises, the answer is "a human must look at this".
        return None, f"not a valid SPDX expression: {exc}"
    if parsed is None:
        return None, "no license declared"
    return parsed, None


def _syntax_error(text: str) -> str | None:
    """Why `text` is not SPDX expression syntax (ids, AND/OR/WITH, parentheses), or None."""
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != _SPACE.sub("", text):
        bad = next(c for c in _TOKEN.sub(" ", text) if not c.isspace())
        return f"character {bad!r} is not allowed"
    # expect_id: an id must come next. with_state: "" (WITH may follow), "expect-exception"
    # (the id after WITH) or "no-with" (after an exception or a parenthesis: SPDX puts
    # WITH only between a single license id and a single exception id).
    depth, expect_id, with_state = 0, True, ""
    for part in tokens:
        word = part.upper()
        if part == "(" and expect_id and with_state != "expect-exception":
            depth += 1
            if depth > _MAX_DEPTH:
                return f"nested more than {_MAX_DEPTH} parentheses deep"
        elif part == ")" and not expect_id and depth > 0:
            depth -= 1
            with_state = "no-with"
        elif word in _OPERATORS and not expect_id:
            if word == "WITH" and with_state == "no-with":
                return "WITH must follow a single license id"
            expect_id = True
            with_state = "expect-exception" if word == "WITH" else ""
        elif part not in {"(", ")"} and word not in _OPERATORS and expect_id:
            expect_id = False
            with_state = "no-with" if with_state == "expect-exception" else ""
        else:
            return f"unexpected {part!r:.80}"
    if depth or expect_id:
        return "incomplete expression"
    return None
