"""Alembic environment: runs on the connection modelreg hands it (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from modelreg.storage.tables import Base

# Objects that exist only in migrations (dialect-specific full-text machinery).
DIALECT_ONLY = {"models_fts", "versions_fts", "search_tsv"}


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave dialect-specific search objects out of autogenerate comparisons."""
    if name is None:
        return True
    return not (name in DIALECT_ONLY or name.startswith("models_fts") or name.startswith("versions_fts"))


def run() -> None:
    """Run migrations on the configured connection, or on `sqlalchemy.url` when none is given."""
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _migrate(conn)
        return
    _migrate(connection)


def _migrate(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
