"""risk tier changes: lowering a tier is a governed request

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "risk_tier_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("model_id", sa.String(length=36), nullable=False),
        sa.Column("from_tier", sa.String(length=16), nullable=False),
        sa.Column("to_tier", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["model_id"], ["models.id"], name=op.f("fk_risk_tier_changes_model_id_models")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_tier_changes")),
    )
    with op.batch_alter_table("risk_tier_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_risk_tier_changes_model", ["model_id", "state", "requested_at"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("risk_tier_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_tier_changes_model")
    op.drop_table("risk_tier_changes")
