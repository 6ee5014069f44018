"""auth generation: a counter the database bumps whenever a token, user or role changes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

API processes cache authenticated callers; each request compares the cached generation with
this one row, so a revocation, a disabled user or a changed role applies at once in every
process. Triggers bump it, so no code path (nor a hand-run SQL fix) can forget to.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, the statements that change who a token authenticates as)
_WATCHED = [
    ("api_tokens", ("UPDATE", "DELETE")),
    ("users", ("UPDATE", "DELETE")),
    ("user_roles", ("INSERT", "UPDATE", "DELETE")),
]

_PG_BUMP = """CREATE OR REPLACE FUNCTION modelreg_bump_auth_generation() RETURNS trigger AS $$
    BEGIN UPDATE auth_generation SET value = value + 1 WHERE id = 1; RETURN NULL; END;
    $$ LANGUAGE plpgsql"""


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "auth_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_generation")),
    )
    op.execute("INSERT INTO auth_generation (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for table, verbs in _WATCHED:
            for verb in verbs:
                op.execute(
                    f"""CREATE TRIGGER {table}_{verb.lower()}_bumps_auth AFTER {verb} ON {table}
                        BEGIN UPDATE auth_generation SET value = value + 1 WHERE id = 1; END"""
                )
    else:
        op.execute(_PG_BUMP)
        for table, verbs in _WATCHED:
            op.execute(
                f"""CREATE TRIGGER {table}_bumps_auth AFTER {" OR ".join(verbs)} ON {table}
                    FOR EACH STATEMENT EXECUTE FUNCTION modelreg_bump_auth_generation()"""
            )


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "sqlite":
        for table, verbs in _WATCHED:
            for verb in verbs:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{verb.lower()}_bumps_auth")
    else:
        for table, _ in _WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bumps_auth ON {table}")
        op.execute("DROP FUNCTION IF EXISTS modelreg_bump_auth_generation()")
    op.drop_table("auth_generation")
