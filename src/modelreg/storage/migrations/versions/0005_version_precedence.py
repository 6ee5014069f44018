"""version precedence: one version per SemVer precedence per model

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10

Adds `model_versions.precedence` (the sort key without build metadata) with a unique constraint
per model, so `1.0.0` and `1.0.0+build.5` can no longer both exist. Existing rows are backfilled
from `sort_key`, which is the precedence key followed by `+build` when there is build metadata
('+' occurs nowhere else in a key). Where a model already has several versions of equal
precedence, the oldest (by created_at, then id) keeps the key and the others keep NULL: they stay
readable and nothing is renamed, and NULLs do not collide under a unique constraint on either
database, while any new version of that precedence is still refused.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_KEY = sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql")


def upgrade() -> None:
    """Apply this revision."""
    # ADD COLUMN in place on both databases (no table rebuild).
    op.add_column("model_versions", sa.Column("precedence", _KEY, nullable=True))
    versions = sa.table(
        "model_versions",
        sa.column("id", sa.String()),
        sa.column("model_id", sa.String()),
        sa.column("sort_key", sa.String()),
        sa.column("precedence", sa.String()),
        sa.column("created_at", sa.DateTime()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(versions.c.id, versions.c.model_id, versions.c.sort_key).order_by(
            versions.c.model_id, versions.c.created_at, versions.c.id
        )
    )
    seen: set[tuple[str, str]] = set()
    for version_id, model_id, sort_key in rows.all():
        key = sort_key.partition("+")[0]
        if (model_id, key) in seen:
            continue  # a pre-existing duplicate of an older version's precedence: left NULL
        seen.add((model_id, key))
        bind.execute(versions.update().where(versions.c.id == version_id).values(precedence=key))
    # A unique index rather than a constraint: SQLite creates it in place, whereas adding a
    # constraint would rebuild the table, which its foreign keys refuse once rows reference it.
    op.create_index(
        "uq_model_versions_model_precedence",
        "model_versions",
        ["model_id", "precedence"],
        unique=True,
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("uq_model_versions_model_precedence", table_name="model_versions")
    # Plain ALTER TABLE DROP COLUMN (SQLite >= 3.35), again to avoid rebuilding the table.
    op.drop_column("model_versions", "precedence")
