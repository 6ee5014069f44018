"""Registering, changing, reading and searching models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, Select, delete, select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.errors import AlreadyExists, WrongState, invalid
from modelreg.domain.ids import new_id
from modelreg.domain.licenses import validate_license
from modelreg.domain.names import validate_part
from modelreg.domain.risk_tiers import is_lowering
from modelreg.domain.tags import validate_tags
from modelreg.schemas.common import Page
from modelreg.schemas.models import (
    ModelCreate,
    ModelRead,
    ModelSort,
    ModelUpdate,
)
from modelreg.services.catalog import (
    load_model,
    require_change,
    usernames_to_ids,
)
from modelreg.services.model_documents import (
    documents_by_id,
    documents_select,
    get_document,
    to_document,
)
from modelreg.services.model_filters import ModelFilters, filter_conditions
from modelreg.services.security_state import blocked_model_ids
from modelreg.services.uow import Transactions
from modelreg.storage.paging import after, decode_cursor, documents_of_page, encode_cursor
from modelreg.storage.search import TextSearch, search_text
from modelreg.storage.tables import ModelOwnerRow, ModelRow, ModelTagRow, VersionRow
from modelreg.storage.types import utcnow

if TYPE_CHECKING:
    # Only for the annotation: tier changes re-judge promotions, whose inputs read models.
    from modelreg.services.risk_tiers import RiskTierService

MAX_LIMIT = 500


@dataclass
class ModelQuery(ModelFilters):
    """Filters and sort order of a model search."""

    sort: ModelSort = ModelSort.NAME


def model_search_text(model: ModelRow, tags: dict[str, str], card_text: str = "") -> str:
    """The indexed text of a model: identity, description, tags and card annotations."""
    tag_text = " ".join(f"{k} {v}" for k, v in sorted(tags.items()))
    return search_text(
        model.full_name, model.description, tag_text, model.task, model.framework, card_text
    )


def read_models(session: Session, models: list[ModelRow]) -> list[ModelRead]:
    """Documents of rows this session holds (write responses see its uncommitted changes)."""
    session.flush()
    return documents_by_id(session.connection(), [m.id for m in models])


def current_tags(session: Session, model_id: str) -> dict[str, str]:
    """A model's tags."""
    return {
        k: v
        for k, v in session.execute(
            select(ModelTagRow.key, ModelTagRow.value).where(ModelTagRow.model_id == model_id)
        )
    }


def card_text(session: Session, model_id: str) -> str:
    """Card annotation text of the model's versions, for search."""
    texts: list[str] = []
    for notes in session.execute(
        select(VersionRow.annotations).where(VersionRow.model_id == model_id)
    ).scalars():
        for value in (notes or {}).values():
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, dict):
                texts.extend(f"{k} {v}" for k, v in value.items())
    return "\n".join(texts)


def reindex_model(session: Session, model: ModelRow) -> None:
    """Recompute a model's indexed text after any change that feeds search."""
    model.search_text = model_search_text(
        model, current_tags(session, model.id), card_text(session, model.id)
    )


_SORT_COLUMNS: dict[str, Any] = {
    "name": ModelRow.full_name,
    "created_at": ModelRow.created_at,
    "updated_at": ModelRow.updated_at,
}


class ModelService:
    """Use cases on models."""

    def __init__(
        self,
        tx: Transactions,
        text_search: TextSearch,
        tier_changes: RiskTierService,
        *,
        block_severity: str,
    ) -> None:
        self.tx = tx
        self.text_search = text_search
        self.tier_changes = tier_changes
        self.block_severity = block_severity

    def create_model(self, principal: Principal, data: ModelCreate) -> ModelRead:
        """Register a model; 409 if its identity exists, 422 naming any broken rule."""
        validate_part("group", data.group)
        validate_part("name", data.name)
        validate_tags(data.tags)
        license_ = validate_license(data.license) if data.license is not None else None
        full_name = f"{data.group}/{data.name}"
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            if s.execute(select(ModelRow.id).where(ModelRow.full_name == full_name)).first():
                raise AlreadyExists(f"model '{full_name}' already exists; choose another name")
            owners = usernames_to_ids(s, data.owners or [principal.username], "owners")
            now = utcnow()
            model = ModelRow(
                id=new_id(),
                group_name=data.group,
                name=data.name,
                full_name=full_name,
                description=data.description,
                risk_tier=data.risk_tier.value,
                task=data.task,
                framework=data.framework,
                license=license_,
                created_at=now,
                updated_at=now,
                created_by=principal.user_id,
            )
            model.search_text = model_search_text(model, data.tags)
            s.add(model)
            s.flush()
            s.add_all(ModelOwnerRow(model_id=model.id, user_id=uid) for uid in owners.values())
            s.add_all(ModelTagRow(model_id=model.id, key=k, value=v) for k, v in data.tags.items())
            uow.audit(
                "model.created",
                f"model:{full_name}",
                {
                    "model_id": model.id,
                    "risk_tier": model.risk_tier,
                    "owner_ids": sorted(owners.values()),
                    "tags": data.tags,
                    "license": license_,
                },
            )
            uow.emit("model.created", {"model": full_name, "model_id": model.id})
            s.flush()
            return read_models(s, [model])[0]

    def update_model(
        self, principal: Principal, group: str, name: str, data: ModelUpdate
    ) -> ModelRead:
        """Change descriptive fields of a model the caller owns."""
        changes = data.model_dump(exclude_unset=True)
        if not changes:
            raise invalid("body", "give at least one field to change")
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name, lock=True)
            require_change(s, principal, model)
            audit: dict[str, Any] = {}
            for key in ("description", "task", "framework"):
                if key in changes:
                    setattr(model, key, changes[key])
                    audit[key] = changes[key]
            if "license" in changes:
                model.license = validate_license(changes["license"]) if changes["license"] else None
                audit["license"] = model.license
            if data.risk_tier is not None and data.risk_tier.value != model.risk_tier:
                if is_lowering(model.risk_tier, data.risk_tier.value):
                    raise WrongState(
                        f"lowering the risk tier of '{model.full_name}' from {model.risk_tier} "
                        f"to {data.risk_tier.value} needs MRC approval: ask for it with POST "
                        f"/api/v1/models/{model.full_name}/risk-tier-changes and a reason "
                        "(nothing was changed)"
                    )
                audit["risk_tier"] = {"from": model.risk_tier, "to": data.risk_tier.value}
                self.tier_changes.raise_tier(
                    uow, model, data.risk_tier.value, reason="raised with PATCH"
                )
            if data.owners is not None:
                if not data.owners:
                    raise invalid("owners", "a model needs at least one owner")
                ids = usernames_to_ids(s, data.owners, "owners")
                s.execute(delete(ModelOwnerRow).where(ModelOwnerRow.model_id == model.id))
                s.add_all(ModelOwnerRow(model_id=model.id, user_id=u) for u in ids.values())
                audit["owner_ids"] = sorted(ids.values())
            if data.tags is not None:
                validate_tags(data.tags)
                s.execute(delete(ModelTagRow).where(ModelTagRow.model_id == model.id))
                s.add_all(
                    ModelTagRow(model_id=model.id, key=k, value=v) for k, v in data.tags.items()
                )
                audit["tags"] = data.tags
            model.updated_at = utcnow()
            s.flush()
            reindex_model(s, model)
            uow.audit("model.updated", f"model:{model.full_name}", audit)
            uow.emit("model.updated", {"model": model.full_name, "fields": sorted(audit)})
            s.flush()
            return read_models(s, [model])[0]

    def get_model(self, group: str, name: str) -> ModelRead:
        """One model by identity."""
        return self.tx.db.read_once(lambda conn: get_document(conn, group, name))

    def search_models(
        self, query: ModelQuery, *, limit: int, cursor: str | None
    ) -> Page[ModelRead]:
        """Filter, full-text match and sort models: one statement per page."""
        if not 1 <= limit <= MAX_LIMIT:
            raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
        descending = query.sort.value.startswith("-")
        sort_name = query.sort.value.lstrip("-")
        column = _SORT_COLUMNS[sort_name]

        def read_page(conn: Connection) -> list[Row[Any]]:
            page = self._filtered(conn, select(ModelRow.id, column.label("sort_value")), query)
            if cursor:
                kinds = (str, str) if sort_name == "name" else (datetime, str)
                value, last_id = decode_cursor(cursor, query.sort.value, kinds)
                page = page.where(
                    after([column, ModelRow.id], [value, last_id], descending=descending)
                )
            order = [column.desc(), ModelRow.id.desc()] if descending else [column, ModelRow.id]
            stmt = documents_of_page(
                page,
                documents_select(conn.dialect.name),
                ModelRow.id,
                order,
                limit=limit,
                descending=descending,
            )
            return list(conn.execute(stmt).all())

        rows = self.tx.db.read_once(read_page)
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            key = getattr(rows[-1], column.key)
            next_cursor = encode_cursor(
                query.sort.value, [key if sort_name == "name" else key.isoformat(), rows[-1].id]
            )
        return Page[ModelRead].model_construct(
            items=[to_document(r) for r in rows], next_cursor=next_cursor
        )

    def _filtered(
        self, conn: Connection, stmt: Select[str, Any], query: ModelQuery
    ) -> Select[str, Any]:
        blocked = blocked_model_ids(self.block_severity, utcnow())
        return stmt.where(*filter_conditions(conn, self.text_search, query, blocked).values())
