"""Facet counts of a model search, grouped in the database in one statement.

Standard faceted-search rules: each facet is counted over the models matching every filter but
its own, so choosing a group still shows what the other groups hold. The filters are those of
the search itself (model_filters.py), so counts and results never disagree. Open-ended facets
keep their top FACET_LIMIT values (ranked in the database) plus any selected value.

With any filter, the models matching `q` are first materialised with the few columns facets
read (a covering index), and every branch counts those. A new facet, such as failed
evaluations once evaluations exist (issue 11), is a filter condition of the same name in
model_filters.py, one more branch in `ModelFacetService._statement` and a field of
`ModelFacets`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Connection,
    FromClause,
    Row,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from modelreg.domain.lifecycle import STAGE_BITS, STAGES
from modelreg.schemas.facets import FACET_LIMIT, Facet, FacetValue, ModelFacets
from modelreg.schemas.models import RiskTier
from modelreg.services.model_filters import (
    BLOCKING,
    FACET_COLUMNS,
    FRAMEWORK,
    GROUP,
    LICENSE,
    OWNER,
    RISK_TIER,
    STAGE,
    TAG_PREFIX,
    TASK,
    ModelFilters,
    filter_conditions,
    has_stage,
)
from modelreg.services.security_state import blocked_model_ids
from modelreg.services.uow import Transactions
from modelreg.storage.search import TextSearch
from modelreg.storage.tables import ModelOwnerRow, ModelRow, ModelTagRow, UserRow
from modelreg.storage.types import utcnow

Counts = Select[*tuple[Any, ...]]
TAG, TOTAL = "tag", "total"
# Facets whose every value is listed, in this order, zero counts included.
FIXED: dict[str, tuple[str, ...]] = {
    RISK_TIER: tuple(t.value for t in RiskTier),
    STAGE: STAGES,
    BLOCKING: ("true", "false"),
}


class _Conditions:
    """The search's conditions by name, and those that apply to one facet."""

    def __init__(self, conditions: dict[str, ColumnElement[bool]]) -> None:
        self.by_name = conditions

    def without(self, *names: str) -> list[ColumnElement[bool]]:
        """Every condition except those named."""
        return [c for name, c in self.by_name.items() if name not in names]

    def tag_keys(self) -> list[str]:
        """Tag keys that a filter names."""
        return [n.removeprefix(TAG_PREFIX) for n in self.by_name if n.startswith(TAG_PREFIX)]


def _joined(
    stmt: Counts, src: FromClause, model_id: Any, conds: list[ColumnElement[bool]]
) -> Counts:
    """Join the models (or the matched ones) only when a condition needs them: without any,
    an index of the joined table answers alone."""
    if src is ModelRow.__table__ and not conds:
        return stmt
    return stmt.join(src, src.c.id == model_id).where(*conds)


def _column(src: FromClause, name: str, conds: list[ColumnElement[bool]]) -> Counts:
    column = src.c[name]
    return (
        select(column.label("value"), func.count().label("n"))
        .select_from(src)
        .where(column.is_not(None), *conds)
        .group_by(column)
    )


def _owners(src: FromClause, conds: list[ColumnElement[bool]]) -> Counts:
    # Counted per user id first, so each owner's name is looked up once, not once per model.
    by_user = select(ModelOwnerRow.user_id, func.count().label("n")).select_from(ModelOwnerRow)
    counted = (
        _joined(by_user, src, ModelOwnerRow.model_id, conds)
        .group_by(ModelOwnerRow.user_id)
        .subquery("by_user")
    )
    return select(UserRow.username.label("value"), counted.c.n).join(
        counted, counted.c.user_id == UserRow.id
    )


def _stages(src: FromClause, conds: list[ColumnElement[bool]]) -> Counts:
    # Models are counted per distinct mask first (at most 2^7 of them), then each mask counts
    # in every stage it has: a join of those few rows with a constant table of bits.
    bits = union_all(
        *(
            select(_constant(f"'{stage}'", "stage"), _constant(str(bit), "bit"))
            for stage, bit in STAGE_BITS.items()
        )
    ).subquery("stage_bits")
    masks = (
        select(src.c.stage_mask, func.count().label("n"))
        .select_from(src)
        .where(*conds)
        .group_by(src.c.stage_mask)
        .subquery("masks")
    )
    return (
        select(bits.c.stage.label("value"), func.sum(masks.c.n).label("n"))
        .select_from(masks)
        .join(bits, has_stage(masks.c.stage_mask, bits.c.bit))
        .group_by(bits.c.stage)
    )


def _tags(src: FromClause, conditions: _Conditions) -> Counts:
    # Values of a filtered key are counted without that key's filter, every other tag with all.
    keys = conditions.tag_keys()
    stmt = select(
        (ModelTagRow.key + "=" + ModelTagRow.value).label("value"), func.count().label("n")
    ).select_from(ModelTagRow)
    if keys:
        per_key = [
            and_(ModelTagRow.key == key, *conditions.without(TAG_PREFIX + key)) for key in keys
        ]
        rest = and_(ModelTagRow.key.not_in(keys), *conditions.without())
        stmt = _joined(stmt, src, ModelTagRow.model_id, [or_(*per_key, rest)])
    else:
        stmt = _joined(stmt, src, ModelTagRow.model_id, conditions.without())
    return stmt.group_by(ModelTagRow.key, ModelTagRow.value)


def _blocking(src: FromClause, blocked: CTE, conds: list[ColumnElement[bool]]) -> Counts:
    flag = case((src.c.id.in_(select(blocked.c.model_id)), "true"), else_="false")
    flags = select(flag.label("value")).select_from(src).where(*conds).subquery()
    return select(flags.c.value, func.count().label("n")).group_by(flags.c.value)


def _constant(sql: str, label: str) -> Any:
    """An SQL constant of ours (never input), inlined so that PostgreSQL knows its type."""
    return literal_column(sql).label(label)


def _name(facet: str) -> Any:
    """The facet's name as a column of every row."""
    return _constant(f"'{facet}'", "facet")


def _labelled(name: str, counts: Counts, selected: list[str]) -> Counts:
    """(facet, value, n, value_count) rows: every value of a fixed facet, else the top
    FACET_LIMIT by count and value, plus the selected ones wherever they rank."""
    facet = _name(name)
    counted = counts.subquery()
    if name in FIXED:
        return select(facet, counted.c.value, counted.c.n, literal_column("0").label("value_count"))
    rank = func.row_number().over(order_by=(counted.c.n.desc(), counted.c.value))
    ranked = select(
        counted.c.value,
        counted.c.n,
        rank.label("rank"),
        func.count().over().label("value_count"),
    ).subquery()
    keep = ranked.c.rank <= FACET_LIMIT
    if selected:
        keep = or_(keep, ranked.c.value.in_(selected))
    return select(facet, ranked.c.value, ranked.c.n, ranked.c.value_count).where(keep)


def _selected(filters: ModelFilters) -> dict[str, list[str]]:
    """The values each facet's own filter selects."""
    single = {
        GROUP: filters.group,
        RISK_TIER: filters.risk_tier.value if filters.risk_tier else None,
        STAGE: filters.stage,
        FRAMEWORK: filters.framework,
        TASK: filters.task,
        OWNER: filters.owner,
        LICENSE: filters.license,
        BLOCKING: None
        if filters.blocking_findings is None
        else FIXED[BLOCKING][0 if filters.blocking_findings else 1],
    }
    out = {name: [value] for name, value in single.items() if value is not None}
    out[TAG] = [f"{k}={v}" for k, v in filters.tags]
    return out


def _facet(name: str, rows: list[Row[Any]], selected: list[str]) -> Facet:
    counts = {row.value: row.n for row in rows}
    if name in FIXED:
        return Facet(
            values=[FacetValue(value=v, count=counts.get(v, 0)) for v in FIXED[name]],
            truncated=False,
        )
    for value in selected:
        counts.setdefault(value, 0)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Facet(
        values=[FacetValue(value=v, count=n) for v, n in ordered],
        truncated=max((row.value_count for row in rows), default=0) > FACET_LIMIT,
    )


def _any_filter(filters: ModelFilters) -> bool:
    return any(value not in (None, []) for value in vars(filters).values())


class ModelFacetService:
    """Counts that narrow a model search."""

    def __init__(self, tx: Transactions, text_search: TextSearch, *, block_severity: str) -> None:
        self.tx = tx
        self.text_search = text_search
        self.block_severity = block_severity

    def facets(self, filters: ModelFilters) -> ModelFacets:
        """Every facet of the models matching `filters`, each without its own filter."""
        selected = _selected(filters)
        rows = self.tx.db.read_once(
            lambda conn: list(conn.execute(self._statement(conn, filters, selected)))
        )
        by_facet: dict[str, list[Row[Any]]] = {}
        for row in rows:
            by_facet.setdefault(row.facet, []).append(row)
        total = by_facet.get(TOTAL, [])
        facets = {
            name: _facet(name, by_facet.get(name, []), selected.get(name, []))
            for name in (GROUP, RISK_TIER, STAGE, FRAMEWORK, TASK, OWNER, LICENSE, TAG, BLOCKING)
        }
        return ModelFacets(total=total[0].n if total else 0, **facets)

    def _statement(
        self, conn: Connection, filters: ModelFilters, selected: dict[str, list[str]]
    ) -> Any:
        """One UNION ALL of every facet's counts and the total."""
        # Computed once: SQLite would otherwise evaluate it again for the GROUP BY of its branch.
        blocked = (
            blocked_model_ids(self.block_severity, utcnow())
            .cte("blocked")
            .prefix_with("MATERIALIZED")
        )
        src: FromClause = ModelRow.__table__
        if _any_filter(filters):
            # The models that match `q`, with the columns facets read, materialised once from
            # a covering index: every branch filters and groups these few bytes per model
            # rather than searching or reading the wide `models` rows again.
            matched = select(*(ModelRow.__table__.c[name] for name in FACET_COLUMNS))
            if filters.q:
                matched = matched.where(self.text_search.models(filters.q))
            src = matched.cte("matched").prefix_with("MATERIALIZED")
        c = _Conditions(
            filter_conditions(
                conn,
                self.text_search,
                filters,
                select(blocked.c.model_id),
                on=None if src is ModelRow.__table__ else src,
            )
        )
        branches: dict[str, Counts] = {
            GROUP: _column(src, "group_name", c.without(GROUP)),
            RISK_TIER: _column(src, "risk_tier", c.without(RISK_TIER)),
            STAGE: _stages(src, c.without(STAGE)),
            FRAMEWORK: _column(src, "framework", c.without(FRAMEWORK)),
            TASK: _column(src, "task", c.without(TASK)),
            OWNER: _owners(src, c.without(OWNER)),
            LICENSE: _column(src, "license", c.without(LICENSE)),
            TAG: _tags(src, c),
            BLOCKING: _blocking(src, blocked, c.without(BLOCKING)),
        }
        total = (
            select(
                _name(TOTAL),
                _constant("''", "value"),
                func.count().label("n"),
                _constant("0", "value_count"),
            )
            .select_from(src)
            .where(*c.without())
        )
        return union_all(
            *(_labelled(name, counts, selected.get(name, [])) for name, counts in branches.items()),
            total,
        )
