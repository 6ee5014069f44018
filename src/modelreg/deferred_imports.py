"""Stand-ins for submodules that libraries import eagerly but modelreg never uses.

Some dependencies import their own command-line front end from their package `__init__`:
`cel` (common-expression-language) runs `from . import cli`, which imports typer, rich and
prompt_toolkit: about 1 s and 24 MiB in every process that evaluates a policy, for a console
script we never run; `httpx` runs `from ._main import main`, which imports rich and pygments
(~100 ms of every CLI command that talks to a server). `defer(name)`, called before the package
is first imported, puts a stand-in into `sys.modules`; the first read of any public attribute
of it imports the real module and answers from that, so code that does use the front end
still gets it. Nothing is changed when the module (or its package) is imported already.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from typing import Any


class _Deferred(types.ModuleType):
    """Stands in for a module until one of its attributes is needed."""

    def __getattr__(self, name: str) -> Any:
        # Tools that walk sys.modules read dunders (`__file__`, `__path__`...) with a default;
        # answering those must not import the real module.
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(load(self.__name__), name)


def defer(name: str, *, callables: tuple[str, ...] = ()) -> None:
    """Register a stand-in for the submodule `name` unless it (or its package) is loaded.

    `callables` are functions the package itself takes from the module at import time
    (`from ._main import main`): the stand-in offers each as a function that imports the real
    module when called, so taking it does not.
    """
    package = name.rpartition(".")[0]
    if name in sys.modules or package in sys.modules:
        return
    stand_in = _Deferred(name, f"stand-in for {name}, imported on first use")
    stand_in.__package__ = package
    stand_in.__spec__ = ModuleSpec(name, loader=None)
    for attr in callables:
        setattr(stand_in, attr, _forwarder(name, attr))
    sys.modules[name] = stand_in


def _forwarder(name: str, attr: str) -> Callable[..., Any]:
    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(load(name), attr)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = attr
    forward.__doc__ = f"`{name}.{attr}`, imported on its first call."
    return forward


def is_deferred(name: str) -> bool:
    """True while `name` is still a stand-in."""
    return isinstance(sys.modules.get(name), _Deferred)


def load(name: str) -> types.ModuleType:
    """Replace the stand-in for `name` by the real module, bind it on its package, return it."""
    if is_deferred(name):
        del sys.modules[name]
    module = importlib.import_module(name)
    package, _, attr = name.rpartition(".")
    if package in sys.modules:
        setattr(sys.modules[package], attr, module)
    return module
