"""The CEL library, imported without its command-line front end (see deferred_imports.py)."""

from __future__ import annotations

from modelreg.deferred_imports import defer

defer("cel.cli")  # cel's package __init__ imports its CLI: typer, rich, prompt_toolkit

import cel  # noqa: E402  (after the stand-in is registered)

__all__ = ["cel"]
