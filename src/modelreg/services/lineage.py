"""Lineage: upstream links of a version, the transitive graph, and reverse queries."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.errors import InvalidInput, NotFound, invalid
from modelreg.domain.ids import new_id
from modelreg.domain.licenses import validate_license
from modelreg.domain.names import VersionRef
from modelreg.schemas.lineage import (
    BaseModelLink,
    CodeLink,
    DatasetLink,
    LineageEdge,
    LineageGraph,
    LineageLinkCreate,
    LineageLinkRead,
    LineageNode,
    LineageUsage,
    OtherLink,
    TrainingRunLink,
)
from modelreg.services.catalog import (
    load_model,
    require_change,
    require_unsealed,
    resolve_version,
    version_subject,
)
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.storage.tables import LineageRow, ModelRow, VersionRow
from modelreg.storage.types import utcnow

_COMMIT = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$")
MAX_DEPTH = 20


def _normalise(
    session: Session, link: LineageLinkCreate
) -> tuple[str, str | None, dict[str, Any], str | None]:
    """Return (ref, digest, attributes, upstream_version_id) for a link, validating it."""
    attrs = link.model_dump(mode="json", exclude={"kind"}, exclude_none=True)
    if isinstance(link, DatasetLink):
        return link.uri, link.digest, attrs, None
    if isinstance(link, CodeLink):
        commit = link.commit.lower()
        if not _COMMIT.match(commit):
            raise invalid("lineage.commit", "expected a full commit SHA: 40 or 64 hex characters")
        attrs["commit"] = commit
        return commit, None, attrs, None
    if isinstance(link, TrainingRunLink):
        if link.started_at and link.ended_at and link.ended_at < link.started_at:
            raise invalid("lineage.ended_at", "a run cannot end before it started")
        return f"{link.system}:{link.run_id}", None, attrs, None
    if isinstance(link, BaseModelLink):
        if _EXTERNAL.match(link.ref):
            if link.license is not None:
                attrs["license"] = _declared_license(link.license)
            return link.ref, None, attrs, None
        if link.license is not None:
            # Ignoring it would let a declaration look effective while the check reads the
            # base model's own license result instead.
            raise invalid(
                "lineage.license",
                f"{link.ref!r} is a registry version: its license comes from its own model and "
                "scan, so declare a license only on an external base model (scheme://…)",
            )
        ref = VersionRef.parse(link.ref)
        if ref.version == "latest":
            raise invalid("lineage.ref", "pin a base model to an exact version, not 'latest'")
        model = load_model(session, ref.model.group, ref.model.name)
        upstream = resolve_version(session, model, ref.version)
        return f"{model.full_name}@{upstream.version}", None, attrs, upstream.id
    assert isinstance(link, OtherLink)
    return link.uri, None, attrs, None


def _declared_license(expression: str) -> str:
    try:
        return validate_license(expression)
    except InvalidInput as exc:
        raise invalid("lineage.license", exc.errors[0].msg) from None


def add_links(
    uow: UnitOfWork, version: VersionRow, links: list[LineageLinkCreate]
) -> list[LineageRow]:
    """Store links of an unsealed version (inside the caller's transaction)."""
    rows = []
    for link in links:
        ref, digest, attrs, upstream = _normalise(uow.session, link)
        if upstream == version.id:
            raise invalid("lineage.ref", "a version cannot be its own base model")
        row = LineageRow(
            id=new_id(),
            version_id=version.id,
            kind=link.kind,
            ref=ref,
            digest=digest,
            attributes=attrs,
            upstream_version_id=upstream,
            created_at=utcnow(),
        )
        uow.session.add(row)
        rows.append(row)
    return rows


def _reads(session: Session, rows: list[LineageRow]) -> list[LineageLinkRead]:
    upstream_ids = {r.upstream_version_id for r in rows if r.upstream_version_id}
    names: dict[str, str] = {}
    if upstream_ids:
        for vid, full, ver in session.execute(
            select(VersionRow.id, ModelRow.full_name, VersionRow.version)
            .join(ModelRow, ModelRow.id == VersionRow.model_id)
            .where(VersionRow.id.in_(upstream_ids))
        ):
            names[vid] = f"{full}@{ver}"
    return [
        LineageLinkRead(
            id=r.id,
            kind=r.kind,
            ref=r.ref,
            attributes=r.attributes,
            upstream=names.get(r.upstream_version_id or ""),
            created_at=r.created_at,
        )
        for r in rows
    ]


class LineageService:
    """Use cases on lineage."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def list_links(self, group: str, name: str, version: str) -> list[LineageLinkRead]:
        """The direct upstream links of a version."""
        with self.tx.read() as s:
            row = resolve_version(s, load_model(s, group, name), version)
            links = (
                s.execute(
                    select(LineageRow)
                    .where(LineageRow.version_id == row.id)
                    .order_by(LineageRow.id)
                )
                .scalars()
                .all()
            )
            return _reads(s, list(links))

    def add(
        self,
        principal: Principal,
        group: str,
        name: str,
        version: str,
        links: list[LineageLinkCreate],
    ) -> list[LineageLinkRead]:
        """Add upstream links to an unsealed version the caller owns."""
        if not links:
            raise invalid("links", "give at least one lineage link")
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            require_unsealed(row, model)
            added = add_links(uow, row, links)
            s.flush()
            uow.audit(
                "lineage.added",
                version_subject(model, row),
                {"links": [{"kind": a.kind, "ref": a.ref} for a in added]},
            )
            return _reads(s, added)

    def remove(
        self, principal: Principal, group: str, name: str, version: str, link_id: str
    ) -> None:
        """Remove a link from an unsealed version the caller owns."""
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            require_unsealed(row, model)
            link = s.get(LineageRow, link_id)
            if link is None or link.version_id != row.id:
                raise NotFound(f"lineage link {link_id!r} does not exist on this version")
            s.execute(delete(LineageRow).where(LineageRow.id == link_id))
            uow.audit(
                "lineage.removed",
                version_subject(model, row),
                {"kind": link.kind, "ref": link.ref},
            )

    def graph(self, group: str, name: str, version: str, *, depth: int = MAX_DEPTH) -> LineageGraph:
        """The upstream graph, transitively through registry base models; a query per level."""
        if not 1 <= depth <= MAX_DEPTH:
            raise invalid("depth", f"must be between 1 and {MAX_DEPTH}")
        with self.tx.read() as s:
            model = load_model(s, group, name)
            root = resolve_version(s, model, version)
            root_id = f"version:{model.full_name}@{root.version}"
            nodes: dict[str, LineageNode] = {
                root_id: LineageNode(
                    id=root_id,
                    kind="version",
                    label=f"{model.full_name}@{root.version}",
                    attributes={"stage": root.stage},
                )
            }
            edges: list[LineageEdge] = []
            labels = {root.id: root_id}
            frontier, seen, level = [root.id], {root.id}, 0
            truncated = False
            while frontier:
                if level == depth:
                    truncated = True
                    break
                level += 1
                links = (
                    s.execute(select(LineageRow).where(LineageRow.version_id.in_(frontier)))
                    .scalars()
                    .all()
                )
                upstream_ids = [lk.upstream_version_id for lk in links if lk.upstream_version_id]
                for vid, full, ver, stage in s.execute(
                    select(VersionRow.id, ModelRow.full_name, VersionRow.version, VersionRow.stage)
                    .join(ModelRow, ModelRow.id == VersionRow.model_id)
                    .where(VersionRow.id.in_(upstream_ids))
                ):
                    labels[vid] = f"version:{full}@{ver}"
                    nodes.setdefault(
                        labels[vid],
                        LineageNode(
                            id=labels[vid],
                            kind="version",
                            label=f"{full}@{ver}",
                            attributes={"stage": stage},
                        ),
                    )
                next_frontier = []
                for link in links:
                    if link.upstream_version_id:
                        source = labels[link.upstream_version_id]
                        if link.upstream_version_id not in seen:
                            seen.add(link.upstream_version_id)
                            next_frontier.append(link.upstream_version_id)
                    else:
                        source = f"{link.kind}:{link.ref}"
                        nodes.setdefault(
                            source,
                            LineageNode(
                                id=source,
                                kind=link.kind,
                                label=link.ref,
                                attributes=link.attributes,
                            ),
                        )
                    relation = (
                        link.attributes.get("role")
                        or link.attributes.get("relation")
                        or {
                            "code": "built_from",
                            "training_run": "trained_by",
                            "base_model": "fine_tuned_from",
                        }.get(link.kind, "derived_from")
                    )
                    edges.append(
                        LineageEdge(
                            source=source, target=labels[link.version_id], relation=str(relation)
                        )
                    )
                frontier = next_frontier
            return LineageGraph(
                root=root_id, nodes=list(nodes.values()), edges=edges, truncated=truncated
            )

    def usages(
        self, *, kind: str, ref: str | None = None, digest: str | None = None, limit: int = 100
    ) -> list[LineageUsage]:
        """Versions that used a dataset (by uri or digest), a commit, or a base model."""
        if kind not in {"dataset", "code", "base_model", "training_run", "other"}:
            raise invalid("kind", "use dataset, code, base_model, training_run or other")
        if not ref and not digest:
            raise invalid("ref", "give ref (a dataset uri, commit sha or base model ref) or digest")
        if not 1 <= limit <= 1000:
            raise invalid("limit", "must be between 1 and 1000")
        with self.tx.read() as s:
            conditions = []
            if ref:
                conditions.append(LineageRow.ref == (ref.lower() if kind == "code" else ref))
            if digest:
                conditions.append(LineageRow.digest == digest)
            rows = s.execute(
                select(LineageRow, ModelRow.full_name, VersionRow.version, VersionRow.stage)
                .join(VersionRow, VersionRow.id == LineageRow.version_id)
                .join(ModelRow, ModelRow.id == VersionRow.model_id)
                .where(LineageRow.kind == kind, or_(*conditions))
                .order_by(ModelRow.full_name, VersionRow.sort_key)
                .limit(limit)
            ).all()
            reads = _reads(s, [r[0] for r in rows])
            return [
                LineageUsage(model=full, version=ver, stage=stage, link=read)
                for (_, full, ver, stage), read in zip(rows, reads, strict=True)
            ]
