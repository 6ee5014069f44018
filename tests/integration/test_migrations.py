"""Migrations: one head, upgrade from empty, the models match the migrated schema."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from modelreg.storage import migrate
from modelreg.storage.dialect_sql import include_object
from modelreg.storage.tables import Base
from modelreg.wiring import Registry


def test_single_head(registry: Registry) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(registry.db.engine))
    assert len(script.get_heads()) == 1


def test_database_is_at_head(registry: Registry) -> None:
    engine = registry.db.engine
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    migrate.upgrade(engine)  # idempotent
    assert migrate.current_revision(engine) == migrate.head_revision(engine)


def test_models_match_migrated_schema(registry: Registry) -> None:
    with registry.db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": False}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_0009_backfills_current_findings_and_stage_masks(registry: Registry) -> None:
    """From 0008 data: the latest result per scanner of each current digest, archived versions
    left out; masks of the stages present; then the triggers keep both."""
    from alembic import command
    from sqlalchemy import column, insert, select, table, update

    from modelreg.domain.lifecycle import STAGE_BITS
    from modelreg.domain.security_findings import make_finding
    from modelreg.storage.tables import ScanResultRow, VersionRow
    from modelreg.storage.types import UTCDateTime

    engine = registry.db.engine
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    # `models` as revision 0008 has it (no stage_mask); versions and results did not change.
    models = table(
        "models",
        *(column(c) for c in ("id", "group_name", "name", "full_name", "description")),
        *(column(c) for c in ("risk_tier", "search_text", "created_by")),
        column("created_at", UTCDateTime()),
        column("updated_at", UTCDateTime()),
    )
    critical = make_finding("license", "license", "license-denied", "critical", "LICENSE", "x")
    high = make_finding("vulnerability", "vulnerability", "CVE-1", "high", "req.txt", "y")
    old = make_finding("artifact", "secret", "key", "critical", "k.txt", "z")
    with engine.begin() as conn:
        for mid in ("m1", "m2"):
            conn.execute(
                insert(models).values(
                    id=mid, group_name="g", name=mid, full_name=f"g/{mid}", description="",
                    risk_tier="low", search_text="", created_at=now, updated_at=now,
                    created_by="u",
                )
            )  # fmt: skip
        for vid, mid, stage, digest in (
            ("v1", "m1", "production", "d1"),
            ("v2", "m1", "archived", "d2"),
            ("v3", "m1", "draft", None),
            ("v4", "m2", "staging", "d4"),
        ):
            conn.execute(
                insert(VersionRow).values(
                    id=vid, model_id=mid, version=f"1.0.{vid[1]}", sort_key=vid,
                    precedence=vid, is_prerelease=False, stage=stage, description="",
                    metadata_json={}, annotations={}, manifest_digest=digest, search_text="",
                    created_at=now, updated_at=now, created_by="u",
                )
            )  # fmt: skip
        for rid, vid, digest, scanner, found, minute in (
            ("r1", "v1", "d1", "license", [critical], 1),
            ("r2", "v1", "d1", "license", [], 2),  # newer: the critical one is gone
            ("r3", "v1", "d1", "vulnerability", [high], 1),
            ("r4", "v2", "d2", "license", [critical], 1),  # archived
            ("r5", "v4", "d-old", "artifact", [old], 1),  # not the current digest
        ):
            at = now.replace(minute=minute)
            conn.execute(
                insert(ScanResultRow).values(
                    id=rid, version_id=vid, version_digest=digest, scan_id=rid, scanner=scanner,
                    scanner_version="1", status="completed", trigger="t", findings=found,
                    errors=[], details={}, started_at=at, finished_at=at,
                )
            )  # fmt: skip
    migrate.upgrade(engine)
    found_rows = table(
        "current_findings", *(column(c) for c in ("version_id", "finding_id", "model_id"))
    )
    masks = table("models", column("id"), column("stage_mask"))
    with engine.begin() as conn:
        rows = conn.execute(select(found_rows)).all()
        assert [tuple(r) for r in rows] == [("v1", high["id"], "m1")]
        stage_masks = dict(conn.execute(select(masks.c.id, masks.c.stage_mask)).all())
        bits = STAGE_BITS
        assert stage_masks == {
            "m1": bits["production"] | bits["archived"] | bits["draft"],
            "m2": bits["staging"],
        }
        conn.execute(update(VersionRow).where(VersionRow.id == "v1").values(stage="archived"))
        conn.execute(update(VersionRow).where(VersionRow.id == "v3").values(stage="submitted"))
        assert conn.execute(select(found_rows)).all() == []  # archived: pruned
        stage_masks = dict(conn.execute(select(masks.c.id, masks.c.stage_mask)).all())
        assert stage_masks["m1"] == bits["archived"] | bits["submitted"]
