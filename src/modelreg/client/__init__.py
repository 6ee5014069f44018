"""The modelreg Python SDK: `Client` talks to a registry server over HTTP."""

from modelreg.client.client import Client
from modelreg.client.errors import ApiError
from modelreg.client.pager import Pager
from modelreg.client.promotions import DecisionsApi, PoliciesApi, PromotionsApi

__all__ = [
    "ApiError",
    "Client",
    "DecisionsApi",
    "Pager",
    "PoliciesApi",
    "PromotionsApi",
]
