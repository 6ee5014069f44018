"""Client: the entry point of the SDK, one object per registry server."""

from __future__ import annotations

import os
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypedDict

import httpx

from modelreg.client.http import API, Http

# Each area of the API is imported on first use, and the schemas (pydantic) with it: a program
# that only lists models, like `modelreg models list`, never pays for the other ~100 documents.
if TYPE_CHECKING:
    from modelreg.client.artifacts import ArtifactsApi
    from modelreg.client.catalog import ModelsApi, VersionsApi
    from modelreg.client.governance import AuditApi, CardsApi, LineageApi
    from modelreg.client.identity import TokensApi, UsersApi
    from modelreg.client.promotions import DecisionsApi, PoliciesApi, PromotionsApi
    from modelreg.client.risk_tiers import RiskTiersApi
    from modelreg.client.security import SecurityApi
    from modelreg.client.signatures import SignaturesApi
    from modelreg.schemas.users import MeRead

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

    @cached_property
    def users(self) -> UsersApi:
        """Users and their roles."""
        from modelreg.client.identity import UsersApi

        return UsersApi(self._http)

    @cached_property
    def tokens(self) -> TokensApi:
        """API tokens."""
        from modelreg.client.identity import TokensApi

        return TokensApi(self._http)

    @cached_property
    def models(self) -> ModelsApi:
        """Registered models."""
        from modelreg.client.catalog import ModelsApi

        return ModelsApi(self._http)

    @cached_property
    def versions(self) -> VersionsApi:
        """Versions of models."""
        from modelreg.client.catalog import VersionsApi

        return VersionsApi(self._http)

    @cached_property
    def artifacts(self) -> ArtifactsApi:
        """The files of versions."""
        from modelreg.client.artifacts import ArtifactsApi

        return ArtifactsApi(self._http)

    @cached_property
    def lineage(self) -> LineageApi:
        """Upstream links of versions."""
        from modelreg.client.governance import LineageApi

        return LineageApi(self._http)

    @cached_property
    def cards(self) -> CardsApi:
        """Model cards and their annotations."""
        from modelreg.client.governance import CardsApi

        return CardsApi(self._http)

    @cached_property
    def audit(self) -> AuditApi:
        """The audit chain."""
        from modelreg.client.governance import AuditApi

        return AuditApi(self._http)

    @cached_property
    def promotions(self) -> PromotionsApi:
        """Promotion requests and approvals."""
        from modelreg.client.promotions import PromotionsApi

        return PromotionsApi(self._http)

    @cached_property
    def risk_tiers(self) -> RiskTiersApi:
        """Risk-tier changes."""
        from modelreg.client.risk_tiers import RiskTiersApi

        return RiskTiersApi(self._http)

    @cached_property
    def policies(self) -> PoliciesApi:
        """Policy sets."""
        from modelreg.client.promotions import PoliciesApi

        return PoliciesApi(self._http)

    @cached_property
    def decisions(self) -> DecisionsApi:
        """Decision records."""
        from modelreg.client.promotions import DecisionsApi

        return DecisionsApi(self._http)

    @cached_property
    def signatures(self) -> SignaturesApi:
        """Signatures, trusted signers and verification."""
        from modelreg.client.signatures import SignaturesApi

        return SignaturesApi(self._http)

    @cached_property
    def security(self) -> SecurityApi:
        """Scans, findings, exceptions, SBOMs and the deployment gate."""
        from modelreg.client.security import SecurityApi

        return SecurityApi(self._http)

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

    def me(self) -> MeRead:
        """The user the token belongs to, with roles and the permissions they grant."""
        from modelreg.schemas.users import MeRead

        return MeRead.model_validate(self._http.request("GET", f"{API}/me").json())

    def healthz(self) -> Health:
        """Liveness: the server answers (no token needed)."""
        body = self._http.request("GET", "/healthz").json()
        return Health(status=str(body["status"]), version=str(body["version"]))

    def readyz(self) -> Readiness:
        """Readiness: database and blob store ('unavailable' if one fails), workers, queue."""
        # 503 is an answer here, not a failure: its body names the unreachable dependency.
        body = self._http.request("GET", "/readyz", answers={503}).json()
        return Readiness(status=str(body["status"]), checks=dict(body["checks"]))
