"""Migrations: one head, upgrade from empty, the models match the migrated schema."""

from __future__ import annotations

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
