"""A page of results costs a constant number of queries, whatever its size (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from modelreg.domain.access import Principal, Role
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import VersionCreate
from modelreg.services.models import ModelQuery
from modelreg.services.versions import VersionQuery
from modelreg.wiring import Registry


@contextmanager
def count_queries(registry: Registry) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    for engine in registry.db.engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in registry.db.engines:
            event.remove(engine, "before_cursor_execute", record)


def _populate(registry: Registry, n: int) -> Principal:
    user = registry.identity.create_user(
        actor="system", username="alice", roles=frozenset({Role.MODEL_OWNER})
    )
    me = Principal(user.id, "alice", frozenset({Role.MODEL_OWNER}))
    _add_models(registry, me, range(n))
    return me


def _add_models(registry: Registry, me: Principal, numbers: range) -> None:
    for i in numbers:
        registry.models.create_model(
            me,
            ModelCreate(
                group="g", name=f"m{i:03d}", risk_tier=RiskTier.LOW, tags={"team": "a", "k": str(i)}
            ),
        )
        registry.versions.create_version(
            me, "g", f"m{i:03d}", VersionCreate(version="1.0.0", tags={"d": "q3"})
        )


def test_model_and_version_pages_use_constant_queries(registry: Registry) -> None:
    _populate(registry, 30)
    counts = {}
    for limit in (3, 30):
        with count_queries(registry) as statements:
            page = registry.models.search_models(
                ModelQuery(tags=[("team", "a")]), limit=limit, cursor=None
            )
        assert len(page.items) == limit
        counts[("models", limit)] = len(statements)
        with count_queries(registry) as statements:
            vpage = registry.versions.list_versions(
                VersionQuery(tags=[("d", "q3")]), limit=limit, cursor=None
            )
        assert len(vpage.items) == limit
        counts[("versions", limit)] = len(statements)
    # The tag probe (SQLite only) and the page: owners, tags and pending tier lowerings are
    # aggregated into the page's one statement, and reads open no transaction.
    assert counts[("models", 3)] == counts[("models", 30)] <= 2
    assert counts[("versions", 3)] == counts[("versions", 30)] <= 2


def test_facets_are_one_statement_whatever_the_data(registry: Registry) -> None:
    from modelreg.services.model_filters import ModelFilters

    me = _populate(registry, 3)
    counts: dict[int, list[int]] = {}
    for size in (3, 30):
        _add_models(registry, me, range(3, size))
        counts[size] = []
        for filters in (
            ModelFilters(),
            ModelFilters(q="m", group="g", stage="draft", blocking_findings=False),
            ModelFilters(tags=[("team", "a")], owner="alice"),
        ):
            with count_queries(registry) as statements:
                facets = registry.model_facets.facets(filters)
            assert facets.total == size
            counts[size].append(len(statements))
    # Every facet and the total in one statement; a tag filter adds SQLite's tag probe.
    assert counts[3] == counts[30] and counts[3][0] == 1 and max(counts[3]) <= 2, counts


def test_single_documents_are_one_statement(registry: Registry) -> None:
    _populate(registry, 2)
    with count_queries(registry) as statements:
        model = registry.models.get_model("g", "m001")
    assert model.tags == {"k": "1", "team": "a"} and model.owners == ["alice"]
    assert len(statements) == 1, statements
    for wanted in ("1.0.0", "latest"):
        with count_queries(registry) as statements:
            version = registry.versions.get_version("g", "m001", wanted)
        assert version.tags == {"d": "q3"} and version.version == "1.0.0"
        assert len(statements) == 1, statements


def test_tag_filters_agree_for_rare_and_common_tags(registry: Registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Both query forms (semi-join for rare tags, index walk for common ones) find the same rows."""
    from modelreg.storage import tag_filters

    _populate(registry, 12)

    def found() -> list[list[str]]:
        out = []
        for tags in ([("team", "a")], [("k", "7")], [("k", "none")], [("team", "a"), ("k", "3")]):
            page = registry.models.search_models(ModelQuery(tags=tags), limit=50, cursor=None)
            out.append([m.full_name for m in page.items])
        versions = registry.versions.list_versions(
            VersionQuery(tags=[("d", "q3")]), limit=50, cursor=None
        )
        out.append([v.model for v in versions.items])
        return out

    as_semi_joins = found()
    monkeypatch.setattr(tag_filters, "PROBE_LIMIT", 1)
    assert found() == as_semi_joins
    assert len(as_semi_joins[0]) == 12 and as_semi_joins[1] == ["g/m007"]
    assert as_semi_joins[2] == [] and as_semi_joins[3] == ["g/m003"]
    assert len(as_semi_joins[4]) == 12


def test_promotion_lists_use_constant_queries(registry: Registry) -> None:
    from modelreg.schemas.cards import CardAnnotations
    from modelreg.schemas.governance import PromotionCreate
    from modelreg.schemas.lineage import CodeLink, DatasetLink
    from modelreg.schemas.versions import Stage

    user = registry.identity.create_user(
        actor="system", username="olga", roles=frozenset({Role.MODEL_OWNER})
    )
    owner = Principal(user.id, "olga", frozenset({Role.MODEL_OWNER}))
    # Medium risk: production still needs two distinct approvers, but no publisher signature
    # (required for high risk), which this file-less version could not carry.
    registry.models.create_model(
        owner,
        ModelCreate(group="g", name="p", risk_tier=RiskTier.MEDIUM, license="Apache-2.0"),
    )
    counts = []
    for batch in (range(0, 2), range(2, 7)):
        for i in batch:
            version = f"1.{i}.0"
            registry.versions.create_version(
                owner,
                "g",
                "p",
                VersionCreate(
                    version=version,
                    lineage=[DatasetLink(uri="s3://d"), CodeLink(repository="r", commit="a" * 40)],
                ),
            )
            registry.cards.update_annotations(
                owner, "g", "p", version, CardAnnotations(intended_use="x", limitations="y")
            )
            for stage in (Stage.SUBMITTED, Stage.PRODUCTION):
                registry.promotions.request(
                    owner, "g", "p", version, PromotionCreate(target_stage=stage, rationale="r")
                )
                registry.worker("test-worker").run_until_idle()  # scans production needs
        with count_queries(registry) as statements:
            pending = registry.promotions.list_pending()
        assert len(pending) == batch.stop
        assert all(p.approval_status["missing_roles"] for p in pending)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 7  # 7 since usernames are resolved (one batched query)
