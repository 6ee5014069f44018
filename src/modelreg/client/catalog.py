"""Models and versions: register, read, change, search, seal.

The schemas are imported inside the methods that build typed answers, so `search_documents`
(what `modelreg models list` uses) runs without loading pydantic. The sort defaults are the
plain strings of ModelSort / VersionSort members for the same reason; they send the same query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from modelreg.client.http import API, Http, ParamValue, idempotency, model_url, version_url
from modelreg.client.pager import Pager, documents
from modelreg.domain.names import ModelName, VersionRef

if TYPE_CHECKING:
    from modelreg.schemas.common import Page
    from modelreg.schemas.models import ModelCreate, ModelRead, ModelSort, ModelUpdate, RiskTier
    from modelreg.schemas.versions import (
        Stage,
        VersionCreate,
        VersionRead,
        VersionSort,
        VersionSummary,
        VersionUpdate,
    )

Tags = Mapping[str, str] | Iterable[str]


def tag_filters(tags: Tags | None) -> list[str] | None:
    """`key=value` filters from a mapping, or the given `key=value` strings as they are."""
    if tags is None:
        return None
    if isinstance(tags, Mapping):
        return [f"{key}={value}" for key, value in tags.items()]
    return list(tags)


def _model(document: Any) -> ModelRead:
    from modelreg.schemas.models import ModelRead

    return ModelRead.model_validate(document)


def _version(document: Any) -> VersionRead:
    from modelreg.schemas.versions import VersionRead

    return VersionRead.model_validate(document)


def _search_params(
    q: str | None,
    group: str | None,
    risk_tier: str | None,
    owner: str | None,
    tags: Tags | None,
    stage: str | None,
    framework: str | None,
    sort: str,
    page_size: int,
) -> dict[str, ParamValue]:
    """The query of a model search (every enum argument is a StrEnum or its string)."""
    return {
        "q": q,
        "group": group,
        "risk_tier": risk_tier,
        "owner": owner,
        "tag": tag_filters(tags),
        "stage": stage,
        "framework": framework,
        "sort": sort,
        "limit": page_size,
    }


class ModelsApi:
    """`/api/v1/models`: registered models."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def search(
        self,
        q: str | None = None,
        *,
        group: str | None = None,
        risk_tier: RiskTier | str | None = None,
        owner: str | None = None,
        tags: Tags | None = None,
        stage: Stage | str | None = None,
        framework: str | None = None,
        sort: ModelSort | str = "name",
        page_size: int = 50,
        cursor: str | None = None,
    ) -> Pager[ModelRead]:
        """Models matching the full-text query and every filter; tags are all required."""
        from modelreg.schemas.common import Page
        from modelreg.schemas.models import ModelRead

        params = _search_params(q, group, risk_tier, owner, tags, stage, framework, sort, page_size)

        def fetch(page_cursor: str | None) -> Page[ModelRead]:
            return Page[ModelRead].model_validate(self._page(params, page_cursor))

        return Pager(fetch, cursor)

    def search_documents(
        self,
        q: str | None = None,
        *,
        group: str | None = None,
        risk_tier: RiskTier | str | None = None,
        owner: str | None = None,
        tags: Tags | None = None,
        stage: Stage | str | None = None,
        framework: str | None = None,
        sort: ModelSort | str = "name",
        page_size: int = 50,
        cursor: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """As `search`, but each model is the JSON object the server sent (not validated)."""
        params = _search_params(q, group, risk_tier, owner, tags, stage, framework, sort, page_size)
        return documents(lambda page_cursor: self._page(params, page_cursor), cursor)

    def _page(self, params: dict[str, ParamValue], cursor: str | None) -> Any:
        """The decoded JSON of one page of search results."""
        response = self._http.request("GET", f"{API}/models", params={**params, "cursor": cursor})
        return response.json()

    def create(self, body: ModelCreate, *, idempotency_key: str | None = None) -> ModelRead:
        """Register a model; the caller owns it unless `body.owners` says otherwise."""
        response = self._http.request(
            "POST",
            f"{API}/models",
            json=body.model_dump(mode="json"),
            headers=idempotency(idempotency_key),
        )
        return _model(response.json())

    def get(self, model: str | ModelName) -> ModelRead:
        """One model by `group/name`."""
        return _model(self._http.request("GET", model_url(model)).json())

    def update(self, model: str | ModelName, body: ModelUpdate) -> ModelRead:
        """Change the fields set in `body`; the others stay as they are."""
        response = self._http.request(
            "PATCH", model_url(model), json=body.model_dump(mode="json", exclude_unset=True)
        )
        return _model(response.json())


class VersionsApi:
    """`/api/v1/.../versions`: the versions of models."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def _pager(
        self, url: str, params: dict[str, ParamValue], cursor: str | None
    ) -> Pager[VersionSummary]:
        from modelreg.schemas.common import Page
        from modelreg.schemas.versions import VersionSummary

        def fetch(page_cursor: str | None) -> Page[VersionSummary]:
            response = self._http.request("GET", url, params={**params, "cursor": page_cursor})
            return Page[VersionSummary].model_validate(response.json())

        return Pager(fetch, cursor)

    def list(
        self,
        model: str | ModelName,
        *,
        q: str | None = None,
        stage: Stage | str | None = None,
        tags: Tags | None = None,
        prerelease: bool | None = None,
        sort: VersionSort | str = "-version",
        page_size: int = 50,
        cursor: str | None = None,
    ) -> Pager[VersionSummary]:
        """One model's versions, highest SemVer first by default."""
        params: dict[str, ParamValue] = {
            "q": q,
            "stage": stage,
            "tag": tag_filters(tags),
            "prerelease": prerelease,
            "sort": sort,
            "limit": page_size,
        }
        return self._pager(f"{model_url(model)}/versions", params, cursor)

    def search(
        self,
        q: str | None = None,
        *,
        stage: Stage | str | None = None,
        tags: Tags | None = None,
        prerelease: bool | None = None,
        sort: VersionSort | str = "-created_at",
        page_size: int = 50,
        cursor: str | None = None,
    ) -> Pager[VersionSummary]:
        """Versions of every model matching the filters, newest first by default."""
        params: dict[str, ParamValue] = {
            "q": q,
            "stage": stage,
            "tag": tag_filters(tags),
            "prerelease": prerelease,
            "sort": sort,
            "limit": page_size,
        }
        return self._pager(f"{API}/versions", params, cursor)

    def create(
        self, model: str | ModelName, body: VersionCreate, *, idempotency_key: str | None = None
    ) -> VersionRead:
        """Create a draft version (strict SemVer), optionally with lineage links."""
        response = self._http.request(
            "POST",
            f"{model_url(model)}/versions",
            json=body.model_dump(mode="json"),
            headers=idempotency(idempotency_key),
        )
        return _version(response.json())

    def get(self, ref: str | VersionRef) -> VersionRead:
        """One version (`group/name@version` or `@latest`) with its manifest and digest."""
        return _version(self._http.request("GET", version_url(ref)).json())

    def update(self, ref: str | VersionRef, body: VersionUpdate) -> VersionRead:
        """Change the description, metadata or tags set in `body`."""
        response = self._http.request(
            "PATCH", version_url(ref), json=body.model_dump(mode="json", exclude_unset=True)
        )
        return _version(response.json())

    def seal(self, ref: str | VersionRef) -> VersionRead:
        """Freeze artifacts, lineage and metadata; the returned digest is final."""
        return _version(self._http.request("POST", f"{version_url(ref)}/seal").json())
