"""Dialect-specific schema objects that SQLAlchemy metadata cannot express.

- Append-only audit chain: triggers that reject UPDATE and DELETE on `audit_events`.
- The chain head row (seq 0, genesis hash).
- Full-text search: SQLite FTS5 external-content tables kept in sync by triggers; PostgreSQL
  generated tsvector columns with GIN indexes.
"""

from __future__ import annotations

from typing import Any

from alembic import op

GENESIS = "0" * 64

_SQLITE_UP = [
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
    """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
]

_PG_UP = [
    """CREATE FUNCTION modelreg_reject_audit_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION modelreg_reject_audit_change()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
       FOR EACH STATEMENT EXECUTE FUNCTION modelreg_reject_audit_change()""",
]


def _sqlite_fts(table: str, fts: str) -> list[str]:
    # External-content FTS5 table over `search_text`, synchronised by triggers.
    return [
        f"""CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}',
            content_rowid='rowid', tokenize="unicode61 remove_diacritics 2")""",
        f"""CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END""",
        f"""CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, search_text)
            VALUES ('delete', old.rowid, old.search_text); END""",
        f"""CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, search_text)
            VALUES ('delete', old.rowid, old.search_text);
            INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END""",
    ]


def _pg_fts(table: str) -> list[str]:
    return [
        f"""ALTER TABLE {table} ADD COLUMN search_tsv tsvector
            GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED""",
        f"CREATE INDEX ix_{table}_search_tsv ON {table} USING gin (search_tsv)",
    ]


def install_dialect_objects() -> None:
    """Create triggers, full-text objects and the chain head for the current dialect."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        statements = _SQLITE_UP + _sqlite_fts("models", "models_fts")
        statements += _sqlite_fts("model_versions", "versions_fts")
    elif dialect == "postgresql":
        statements = _PG_UP + _pg_fts("models") + _pg_fts("model_versions")
    else:
        raise RuntimeError(f"unsupported database dialect {dialect!r}: use SQLite or PostgreSQL")
    for statement in statements:
        op.execute(statement)
    op.execute(f"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS}')")


def drop_dialect_objects() -> None:
    """Drop what `install_dialect_objects` created (tables are dropped by the revision)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for fts in ("models_fts", "versions_fts"):
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        for name in ("audit_events_no_update", "audit_events_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS modelreg_reject_audit_change()")


# Objects that exist only in migrations (dialect-specific full-text machinery).
DIALECT_ONLY = {"models_fts", "versions_fts", "search_tsv"}


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave dialect-specific search objects out of autogenerate comparisons."""
    if name is None:
        return True
    return not (
        name in DIALECT_ONLY
        or name.startswith(("models_fts", "versions_fts"))
        or name.endswith("_search_tsv")
    )


_PG_REJECT_CHANGE = """CREATE OR REPLACE FUNCTION modelreg_reject_change() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"""


def install_append_only(tables: list[str]) -> None:
    """Make evidence tables append-only: the database rejects UPDATE and DELETE on them."""
    dialect = op.get_bind().dialect.name
    for table in tables:
        if dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
                        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""
                )
        else:
            op.execute(_PG_REJECT_CHANGE)
            op.execute(
                f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION modelreg_reject_change()"""
            )


def drop_append_only(tables: list[str], *, drop_function: bool = True) -> None:
    """Remove what `install_append_only` created (the shared function only if asked)."""
    dialect = op.get_bind().dialect.name
    for table in tables:
        if dialect == "sqlite":
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    if drop_function and dialect != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS modelreg_reject_change()")
