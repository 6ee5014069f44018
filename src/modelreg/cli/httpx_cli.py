"""Defer httpx's own command-line client until something uses it.

`httpx/__init__.py` runs `from ._main import main` so that httpx's console script works, and
`httpx._main` imports click, rich and pygments (rich and pygments are installed here as
dependencies of other packages). That is ~100 ms of every `modelreg` call that talks to a
server, for a command the CLI never runs. `defer_httpx_cli()`, called before httpx is first
imported, puts a stand-in for `httpx._main` into `sys.modules`: its `main` imports the real
module when called, and so does reading any other public attribute, so code that does use
httpx's CLI still gets it. Nothing else in httpx imports `_main`.

Chosen over a second HTTP stack for the CLI (`http.client` would save another ~50 ms of
imports): the CLI keeps the SDK's one transport, its timeouts and its error mapping, and the
stand-in changes nothing when httpx is already imported or another `httpx._main` is present.
"""

from __future__ import annotations

import importlib
import sys
import types
from importlib.machinery import ModuleSpec
from typing import Any

_NAME = "httpx._main"


class _DeferredMain(types.ModuleType):
    """Stands in for `httpx._main` until one of its attributes is needed."""

    def __getattr__(self, name: str) -> Any:
        # Tools that walk sys.modules read dunders (`__file__`, `__path__`...) with a default;
        # answering those must not import rich, nor fail when httpx's CLI extras are missing.
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(_load(), name)


def _load() -> types.ModuleType:
    """Replace the stand-in by the real `httpx._main` and return that."""
    if isinstance(sys.modules.get(_NAME), _DeferredMain):
        del sys.modules[_NAME]
    return importlib.import_module(_NAME)


def _main(*args: Any, **kwargs: Any) -> Any:
    """httpx's command-line client (`httpx.main`), imported on its first call."""
    return _load().main(*args, **kwargs)


def defer_httpx_cli() -> None:
    """Register the stand-in for `httpx._main`, unless httpx is imported already."""
    if "httpx" in sys.modules or _NAME in sys.modules:
        return
    stand_in = _DeferredMain(_NAME, __doc__)
    stand_in.__package__ = "httpx"
    stand_in.__spec__ = ModuleSpec(_NAME, loader=None)
    stand_in.main = _main  # type: ignore[attr-defined]
    sys.modules[_NAME] = stand_in
