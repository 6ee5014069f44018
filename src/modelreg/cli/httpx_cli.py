"""Defer httpx's own command-line client until something uses it.

`httpx/__init__.py` runs `from ._main import main` so that httpx's console script works, and
`httpx._main` imports click, rich and pygments (installed here as dependencies of other
packages): ~100 ms of every `modelreg` call that talks to a server, for a command the CLI never
runs. `defer_httpx_cli()`, called before httpx is first imported, registers a stand-in for
`httpx._main` (modelreg/deferred_imports.py) whose `main` imports the real module when called.

Chosen over a second HTTP stack for the CLI (`http.client` would save another ~50 ms of
imports): the CLI keeps the SDK's one transport, its timeouts and its error mapping. Only
`modelreg` processes install it, so programs using the SDK are left as they are.
"""

from __future__ import annotations

from modelreg.deferred_imports import defer


def defer_httpx_cli() -> None:
    """Register the stand-in for `httpx._main`, unless httpx is imported already."""
    defer("httpx._main", callables=("main",))
