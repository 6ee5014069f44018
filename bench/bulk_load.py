"""Fast bulk loading for populate.py: PostgreSQL COPY, SQLite executemany in big transactions.

Every value goes through the bind processor SQLAlchemy itself uses for its column on that dialect
(UTCDateTime, JSON, Boolean), so a stored row is what `session.execute(insert(Row), rows)` writes.
Derived columns the database fills stay the database's job: the FTS5 tables on SQLite (their
triggers, or one 'rebuild' of the external-content index after the load) and the generated
`search_tsv` columns on PostgreSQL.

Secondary indexes of the loaded tables can be dropped before the load and re-created afterwards
from their own stored DDL (`sqlite_master.sql`, `pg_get_indexdef`); the schema is snapshotted
right after the migrations and compared after the load, so the result is the migrated schema.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import psycopg
from sqlalchemy import Dialect, inspect

# Parents before children (foreign keys).
TABLE_ORDER = ("models", "model_owners", "model_tags", "model_versions", "version_tags")
FTS_TABLES = {"models": "models_fts", "model_versions": "versions_fts"}

Row = Mapping[str, Any]
Converter = Callable[[Row], tuple[Any, ...]]


class SchemaChanged(RuntimeError):
    """The schema after the load differs from the schema the migrations created."""


def converter(mapped: type[Any], dialect: Dialect) -> tuple[list[str], Converter]:
    """Column names of a mapped class and a function turning an ORM-keyed row dict into values.

    Row dicts are keyed by attribute name, as for `insert(Row)` (`metadata_json` is the column
    `metadata`). Every column must be given: a column added to the model later makes the load
    fail instead of silently writing NULL or a default the product would not write.
    """
    attrs = [(a.key, a.columns[0]) for a in inspect(mapped).column_attrs]
    names = [column.name for _, column in attrs]
    keys = [key for key, _ in attrs]
    procs = [column.type.dialect_impl(dialect).bind_processor(dialect) for _, column in attrs]
    steps = list(zip(keys, procs, strict=True))
    expected = set(keys)

    def convert(row: Row) -> tuple[Any, ...]:
        try:
            return tuple(proc(row[key]) if proc else row[key] for key, proc in steps)
        except KeyError:
            missing = sorted(expected - set(row))
            raise KeyError(f"{mapped.__tablename__}: no value for {missing}") from None

    return names, convert


class BulkLoader(Protocol):
    """One loaded database: prepare, load batches (one transaction each), finish."""

    def prepare(self) -> None:
        """Snapshot the schema; drop what is re-created after the load."""
        ...

    def load(self, batch: Mapping[str, Sequence[Row]]) -> None:
        """Insert one batch of ORM-keyed row dicts per table in one transaction."""
        ...

    def finish(self) -> dict[str, float]:
        """Re-create what prepare dropped, check the result; return phase timings in seconds."""
        ...


def _timed(timings: dict[str, float], name: str, fn: Callable[[], object]) -> None:
    t0 = time.perf_counter()
    fn()
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0


class SqliteBulkLoader:
    """The raw sqlite3 driver, executemany per table, PRAGMAs for a bulk load on its own connection.

    The per-connection PRAGMAs (synchronous, cache, temp store, foreign keys) end with the
    connection; the one persistent setting changed, journal_mode, is set back to WAL and checked.
    Foreign keys are off during the load and checked with `PRAGMA foreign_key_check` afterwards.
    """

    def __init__(
        self,
        path: Path,
        mapped: Sequence[type[Any]],
        dialect: Dialect,
        *,
        rebuild_indexes: bool,
        fts_rebuild: bool,
        cache_mib: int = 256,
    ) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.converters = {m.__tablename__: converter(m, dialect) for m in mapped}
        self.columns = {table: cols for table, (cols, _) in self.converters.items()}
        self.rebuild_indexes = rebuild_indexes
        self.fts_rebuild = fts_rebuild
        self.dropped: list[str] = []
        self.schema_before: set[tuple[str, ...]] = set()
        for pragma in (
            "journal_mode=MEMORY",  # a fresh file: no WAL copy of every page, then a checkpoint
            "synchronous=OFF",
            f"cache_size=-{cache_mib * 1024}",
            "temp_store=MEMORY",
            "foreign_keys=OFF",
        ):
            self.conn.execute(f"PRAGMA {pragma}")
        self.sql = {
            table: f"INSERT INTO {table} ({', '.join(cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})"
            for table, cols in self.columns.items()
        }

    def _schema(self) -> set[tuple[str, ...]]:
        rows = self.conn.execute(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"
        )
        return {tuple(r) for r in rows}

    def prepare(self) -> None:
        """Snapshot sqlite_master; drop secondary indexes and/or the FTS insert triggers."""
        self.schema_before = self._schema()
        doomed: list[tuple[str, str, str]] = []
        for kind, name, table, sql in sorted(self.schema_before):
            if table not in self.columns or not sql:
                continue  # not loaded here, or an automatic (PRIMARY KEY / UNIQUE) index
            if kind == "index" and self.rebuild_indexes:
                doomed.append((kind, name, sql))
            if kind == "trigger" and self.fts_rebuild and name.endswith("_fts_ai"):
                doomed.append((kind, name, sql))
        for kind, name, sql in doomed:
            self.conn.execute(f"DROP {kind.upper()} {name}")
            self.dropped.append(sql)

    def load(self, batch: Mapping[str, Sequence[Row]]) -> None:
        """One transaction; tables in foreign-key order."""
        self.conn.execute("BEGIN")
        try:
            for table in TABLE_ORDER:
                if batch.get(table):
                    convert = self.converters[table][1]
                    self.conn.executemany(self.sql[table], map(convert, batch[table]))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def finish(self) -> dict[str, float]:
        """Rebuild FTS and indexes, check keys, FTS and schema, restore WAL."""
        timings: dict[str, float] = {}
        c = self.conn
        if self.fts_rebuild:
            for fts in FTS_TABLES.values():
                rebuild = f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"
                _timed(timings, "fts_rebuild_s", partial(c.execute, rebuild))
        for sql in self.dropped:
            _timed(timings, "index_rebuild_s", partial(c.execute, sql))
        bad = c.execute("PRAGMA foreign_key_check").fetchmany(5)
        if bad:
            raise RuntimeError(f"foreign key violations after the load: {bad}")
        for fts in FTS_TABLES.values():
            # Raises SQLITE_CORRUPT_VTAB if the index does not match the content table.
            check = f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"
            _timed(timings, "fts_check_s", partial(c.execute, check))
        mode = c.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        after = self._schema()
        c.close()
        if mode != "wal":
            raise RuntimeError(f"journal_mode is {mode!r} after the load, not wal")
        if after != self.schema_before:
            missing, extra = self.schema_before - after, after - self.schema_before
            raise SchemaChanged(f"missing: {sorted(missing)}; extra: {sorted(extra)}")
        return timings


PG_SCHEMA_QUERIES = {
    "columns": """SELECT table_name, column_name, data_type, coalesce(collation_name, ''),
                         is_nullable, is_generated, coalesce(generation_expression, ''),
                         coalesce(column_default, '')
                  FROM information_schema.columns WHERE table_schema = 'public'""",
    "indexes": """SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid::text,
                         i.indisunique::text
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'""",
    "constraints": """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid),
                             convalidated::text
                      FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
    "triggers": """SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid), tgenabled
                   FROM pg_trigger WHERE NOT tgisinternal""",
}

# Indexes of the loaded tables that back no PRIMARY KEY / UNIQUE / EXCLUDE constraint.
_PG_SECONDARY = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                  WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
ORDER BY c.relname
"""


class PostgresBulkLoader:
    """psycopg `cursor.copy()` per table, one transaction per batch, on its own connection.

    Session settings only (they end with the connection): no wait for the WAL flush at commit,
    and more memory for the index builds after the load.
    """

    def __init__(
        self,
        url: str,
        mapped: Sequence[type[Any]],
        dialect: Dialect,
        *,
        rebuild_indexes: bool,
        index_build_mem: str = "512MB",
    ) -> None:
        self.conn = psycopg.connect(url, autocommit=True)
        self.converters = {m.__tablename__: converter(m, dialect) for m in mapped}
        self.columns = {table: cols for table, (cols, _) in self.converters.items()}
        self.rebuild_indexes = rebuild_indexes
        self.dropped: list[str] = []
        self.schema_before: dict[str, set[tuple[Any, ...]]] = {}
        self.conn.execute("SET synchronous_commit = off")
        self.conn.execute(f"SET maintenance_work_mem = '{index_build_mem}'")
        self.copy_sql = {
            t: f"COPY {t} ({', '.join(cols)}) FROM STDIN" for t, cols in self.columns.items()
        }

    def _schema(self) -> dict[str, set[tuple[Any, ...]]]:
        return {
            name: {tuple(r) for r in self.conn.execute(sql).fetchall()}
            for name, sql in PG_SCHEMA_QUERIES.items()
        }

    def prepare(self) -> None:
        """Snapshot the catalog; drop the secondary indexes (GIN included) of the loaded tables."""
        self.schema_before = self._schema()
        if not self.rebuild_indexes:
            return
        for table in self.columns:
            for name, ddl in self.conn.execute(_PG_SECONDARY, (table,)).fetchall():
                self.conn.execute(f"DROP INDEX {name}")
                self.dropped.append(ddl)

    def load(self, batch: Mapping[str, Sequence[Row]]) -> None:
        """COPY each table's rows; one transaction."""
        with self.conn.transaction(), self.conn.cursor() as cur:
            for table in TABLE_ORDER:
                rows = batch.get(table)
                if not rows:
                    continue
                convert = self.converters[table][1]
                with cur.copy(self.copy_sql[table]) as copy:
                    for row in rows:
                        copy.write_row(convert(row))

    def finish(self) -> dict[str, float]:
        """Re-create the indexes and compare the catalog with the snapshot."""
        timings: dict[str, float] = {}
        for ddl in self.dropped:
            _timed(timings, "index_rebuild_s", partial(self.conn.execute, ddl))
        after = self._schema()
        self.conn.close()
        for part, rows in self.schema_before.items():
            if after[part] != rows:
                raise SchemaChanged(
                    f"{part}: missing {sorted(rows - after[part])}; "
                    f"extra {sorted(after[part] - rows)}"
                )
        return timings


def database_bytes_sqlite(path: Path) -> int:
    """Size on disk of a SQLite database: the file plus its -wal and -shm files."""
    return sum(p.stat().st_size for p in (path, *path.parent.glob(path.name + "-*")) if p.exists())


def database_bytes_postgres(url: str) -> int:
    """pg_database_size of the database at `url`."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        assert row is not None
        return int(row[0])
