"""Client: the entry point of the SDK, one object per registry server."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Self, TypedDict

import httpx

from modelreg.client.artifacts import ArtifactsApi
from modelreg.client.catalog import ModelsApi, VersionsApi
from modelreg.client.governance import AuditApi, CardsApi, LineageApi
from modelreg.client.http import API, Http
from modelreg.client.identity import TokensApi, UsersApi
from modelreg.client.promotions import DecisionsApi, PoliciesApi, PromotionsApi
from modelreg.client.risk_tiers import RiskTiersApi
from modelreg.client.security import SecurityApi
from modelreg.client.signatures import SignaturesApi
from modelreg.schemas.users import UserRead

DEFAULT_URL = "http://127.0.0.1:8740"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class Health(TypedDict):
    """The liveness answer of `/healthz`."""

    status: str
    version: str


class Readiness(TypedDict):
    """The readiness answer of `/readyz`: overall status (`ready`, `degraded` when no worker is
    alive, `unavailable`) and one entry per check (workers and queue are objects)."""

    status: str
    checks: dict[str, Any]


class Client:
    """A typed client of one modelreg server.

    >>> with Client("http://127.0.0.1:8740", token) as registry:
    ...     for model in registry.models.search(q="fraud"):
    ...         print(model.full_name)

    `url` and `token` default to MODELREG_URL and MODELREG_TOKEN. Every non-2xx answer raises
    ApiError; an unreachable server raises modelreg.domain.errors.Unavailable.
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.url = url or os.environ.get("MODELREG_URL") or DEFAULT_URL
        self._http = Http(self.url, token or os.environ.get("MODELREG_TOKEN"), timeout)
        self.users = UsersApi(self._http)
        self.tokens = TokensApi(self._http)
        self.models = ModelsApi(self._http)
        self.versions = VersionsApi(self._http)
        self.artifacts = ArtifactsApi(self._http)
        self.lineage = LineageApi(self._http)
        self.cards = CardsApi(self._http)
        self.audit = AuditApi(self._http)
        self.promotions = PromotionsApi(self._http)
        self.risk_tiers = RiskTiersApi(self._http)
        self.policies = PoliciesApi(self._http)
        self.decisions = DecisionsApi(self._http)
        self.signatures = SignaturesApi(self._http)
        self.security = SecurityApi(self._http)

    def __enter__(self) -> Self:
        """Use the client as a context manager that closes it on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the connection pool."""
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def me(self) -> UserRead:
        """The user the token belongs to, with roles."""
        return UserRead.model_validate(self._http.request("GET", f"{API}/me").json())

    def healthz(self) -> Health:
        """Liveness: the server answers (no token needed)."""
        body = self._http.request("GET", "/healthz").json()
        return Health(status=str(body["status"]), version=str(body["version"]))

    def readyz(self) -> Readiness:
        """Readiness: database and blob store ('unavailable' if one fails), workers, queue."""
        # 503 is an answer here, not a failure: its body names the unreachable dependency.
        body = self._http.request("GET", "/readyz", answers={503}).json()
        return Readiness(status=str(body["status"]), checks=dict(body["checks"]))
