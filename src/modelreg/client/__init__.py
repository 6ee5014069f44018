"""The modelreg Python SDK: `Client` talks to a registry server over HTTP."""

from typing import TYPE_CHECKING, Any

from modelreg.client.client import Client
from modelreg.client.errors import ApiError, UnexpectedAnswer
from modelreg.client.pager import Pager

if TYPE_CHECKING:
    from modelreg.client.promotions import DecisionsApi, PoliciesApi, PromotionsApi

__all__ = [
    "ApiError",
    "Client",
    "DecisionsApi",
    "Pager",
    "PoliciesApi",
    "PromotionsApi",
    "UnexpectedAnswer",
]

# Exported for type annotations, but imported only when asked for: their module loads the
# governance schemas (pydantic), which `import modelreg.client` should not pay for.
_LAZY = {"DecisionsApi", "PoliciesApi", "PromotionsApi"}


def __getattr__(name: str) -> Any:
    """The promotion API classes, from modelreg.client.promotions on first access."""
    if name in _LAZY:
        from modelreg.client import promotions

        return getattr(promotions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
