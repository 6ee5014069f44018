"""registry signatures: the registry's model-signing signature of every sealed version

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from modelreg.storage.dialect_sql import drop_append_only, install_append_only

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Signatures are evidence: never changed once written.
EVIDENCE = ["registry_signatures"]


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "registry_signatures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version_id", sa.String(length=36), nullable=False),
        sa.Column("version_digest", sa.String(length=64), nullable=False),
        sa.Column("keyid", sa.String(length=100), nullable=False),
        sa.Column("bundle", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["model_versions.id"],
            name=op.f("fk_registry_signatures_version_id_model_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_signatures")),
    )
    with op.batch_alter_table("registry_signatures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registry_signatures_version", ["version_id", "created_at"], unique=False
        )
    install_append_only(EVIDENCE)


def downgrade() -> None:
    """Revert this revision."""
    # The shared trigger function belongs to 0003's evidence tables.
    drop_append_only(EVIDENCE, drop_function=False)
    with op.batch_alter_table("registry_signatures", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_signatures_version")
    op.drop_table("registry_signatures")
