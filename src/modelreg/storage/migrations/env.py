"""Alembic environment: runs on the connection modelreg hands it (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from modelreg.storage.dialect_sql import include_object
from modelreg.storage.tables import Base


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
