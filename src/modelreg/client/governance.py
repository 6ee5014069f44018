"""Lineage, model cards and the audit chain."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Literal
from urllib.parse import quote

from modelreg.client.http import API, Http, ParamValue, version_url
from modelreg.client.pager import Pager
from modelreg.domain.names import VersionRef
from modelreg.schemas.audit import AuditEventRead, ChainVerification
from modelreg.schemas.cards import CardAnnotations, ModelCard
from modelreg.schemas.common import Page
from modelreg.schemas.lineage import LineageGraph, LineageLinkCreate, LineageLinkRead, LineageUsage

UsageKind = Literal["dataset", "code", "base_model", "training_run", "other"]


class LineageApi:
    """Upstream links of versions, their graph, and reverse (usage) queries."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def list(self, ref: str | VersionRef) -> builtins.list[LineageLinkRead]:
        """A version's direct upstream links."""
        response = self._http.request("GET", f"{version_url(ref)}/lineage")
        return [LineageLinkRead.model_validate(item) for item in response.json()]

    def add(
        self, ref: str | VersionRef, links: Sequence[LineageLinkCreate]
    ) -> builtins.list[LineageLinkRead]:
        """Add links (datasets, code, runs, base models, others) to an unsealed version."""
        response = self._http.request(
            "POST",
            f"{version_url(ref)}/lineage",
            json=[link.model_dump(mode="json") for link in links],
        )
        return [LineageLinkRead.model_validate(item) for item in response.json()]

    def remove(self, ref: str | VersionRef, link_id: str) -> None:
        """Remove one link from an unsealed version."""
        self._http.request("DELETE", f"{version_url(ref)}/lineage/{quote(link_id, safe='')}")

    def graph(self, ref: str | VersionRef, *, depth: int = 20) -> LineageGraph:
        """The upstream graph, followed through registry base models up to `depth` levels."""
        response = self._http.request(
            "GET", f"{version_url(ref)}/lineage/graph", params={"depth": depth}
        )
        return LineageGraph.model_validate(response.json())

    def usages(
        self,
        kind: UsageKind,
        ref: str | None = None,
        *,
        digest: str | None = None,
        limit: int = 100,
    ) -> builtins.list[LineageUsage]:
        """The versions that used a dataset, commit, base model, run or other upstream."""
        response = self._http.request(
            "GET",
            f"{API}/lineage/usages",
            params={"kind": kind, "ref": ref, "digest": digest, "limit": limit},
        )
        return [LineageUsage.model_validate(item) for item in response.json()]


class CardsApi:
    """Generated model cards and their human-written annotations."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def get(self, ref: str | VersionRef) -> ModelCard:
        """The card as a document: front matter and sections."""
        response = self._http.request("GET", f"{version_url(ref)}/card", params={"format": "json"})
        return ModelCard.model_validate(response.json())

    def markdown(self, ref: str | VersionRef) -> str:
        """The card as Markdown with YAML front matter."""
        response = self._http.request(
            "GET", f"{version_url(ref)}/card", params={"format": "markdown"}
        )
        return response.text

    def annotations(self, ref: str | VersionRef) -> CardAnnotations:
        """The human-written sections of the card."""
        response = self._http.request("GET", f"{version_url(ref)}/card/annotations")
        return CardAnnotations.model_validate(response.json())

    def set_annotations(self, ref: str | VersionRef, body: CardAnnotations) -> CardAnnotations:
        """Replace every human-written section of an unsealed version's card."""
        response = self._http.request(
            "PUT", f"{version_url(ref)}/card/annotations", json=body.model_dump(mode="json")
        )
        return CardAnnotations.model_validate(response.json())


class AuditApi:
    """The tamper-evident audit chain."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def events(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        page_size: int = 100,
        cursor: str | None = None,
    ) -> Pager[AuditEventRead]:
        """Events in chain order; `since` is inclusive, `until` exclusive (both with a zone)."""
        params: dict[str, ParamValue] = {
            "subject": subject,
            "actor": actor,
            "action": action,
            "since": since,
            "until": until,
            "limit": page_size,
        }

        def fetch(page_cursor: str | None) -> Page[AuditEventRead]:
            response = self._http.request(
                "GET", f"{API}/audit/events", params={**params, "cursor": page_cursor}
            )
            return Page[AuditEventRead].model_validate(response.json())

        return Pager(fetch, cursor)

    def verify(self) -> ChainVerification:
        """Recompute every hash of the chain on the server; names the first broken seq."""
        return ChainVerification.model_validate(
            self._http.request("GET", f"{API}/audit/verify").json()
        )
