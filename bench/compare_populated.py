"""Compare two populated data sets row by row and schema by schema (e.g. bulk vs ORM loader).

populate.py draws the same rows for the same --seed and --models whichever loader writes them,
except for the ids (UUIDv7, from the clock and os.urandom). This script replaces every id by the
natural key it stands for (model full name, `full_name@version`, username), then compares every
column of the loaded tables, the SQLite rowids (the FTS5 index points at them) and full-text match
counts or the PostgreSQL `search_tsv` values, and the schema (sqlite_master, or the catalog
snapshot bulk_load.py checks). Exit status 1 when anything differs.

Usage (SQLite; on PostgreSQL add --db postgresql and give --pg-database to both populates):
    .venv/bin/python bench/populate.py --models 300 --home /tmp/cmp/orm --loader orm --out cmp-orm
    .venv/bin/python bench/populate.py --models 300 --home /tmp/cmp/bulk --out cmp-bulk
    .venv/bin/python bench/compare_populated.py --db sqlite --a /tmp/cmp/orm --b /tmp/cmp/bulk
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from bulk_load import PG_SCHEMA_QUERIES
from common import pg_url

Rows = list[tuple[Any, ...]]

# Per table: the SELECT list, and for each column how to map an id to its natural key.
MODEL_COLS = (
    "id, group_name, name, full_name, description, risk_tier, task, framework, license, "
    "latest_version, latest_sort_key, search_text, created_at, updated_at, created_by"
)
VERSION_COLS = (
    "id, model_id, version, sort_key, precedence, is_prerelease, stage, description, metadata, "
    "annotations, manifest_digest, search_text, sealed_at, created_at, updated_at, sealed_by, "
    "created_by"
)


class Snapshot:
    """Every loaded row of one data set with ids replaced by natural keys."""

    def __init__(self, db: str, where: str) -> None:
        self.db = db
        self.conn: Any = sqlite3.connect(where) if db == "sqlite" else psycopg.connect(where)
        self.users: dict[str, str] = dict(self.rows("SELECT id, username FROM users"))
        self.models: dict[str, str] = dict(self.rows("SELECT id, full_name FROM models"))
        self.versions = {
            vid: f"{self.models[mid]}@{v}"
            for vid, mid, v in self.rows("SELECT id, model_id, version FROM model_versions")
        }

    def rows(self, sql: str) -> Rows:
        """All rows of a query as tuples."""
        cur = self.conn.cursor()
        cur.execute(sql)
        return [tuple(r) for r in cur.fetchall()]

    def table(self, sql: str, keys: dict[int, Callable[[Any], Any]]) -> Rows:
        """Rows of `sql`, sorted, with column i mapped through keys[i]."""
        return sorted(
            tuple(keys[i](v) if i in keys and v is not None else v for i, v in enumerate(r))
            for r in self.rows(sql)
        )

    def tables(self) -> dict[str, Rows]:
        """Comparable content of the loaded tables, full-text data and schema."""
        text = "" if self.db == "sqlite" else "::text"
        cast = {c: f"{c}{text}" for c in ("metadata", "annotations")}
        for c in ("created_at", "updated_at", "sealed_at"):
            cast[c] = f"{c}{text}"
        extra = ", rowid" if self.db == "sqlite" else ", search_tsv::text"

        def select(cols: str, table: str) -> str:
            listed = ", ".join(cast.get(c.strip(), c.strip()) for c in cols.split(","))
            return f"SELECT {listed}{extra} FROM {table}"

        m, v, u = self.models.__getitem__, self.versions.__getitem__, self.users.__getitem__
        out = {
            "models": self.table(select(MODEL_COLS, "models"), {0: m, 14: u}),
            "model_versions": self.table(
                select(VERSION_COLS, "model_versions"), {0: v, 1: m, 15: u, 16: u}
            ),
            "model_owners": self.table("SELECT model_id, user_id FROM model_owners", {0: m, 1: u}),
            "model_tags": self.table("SELECT model_id, key, value FROM model_tags", {0: m}),
            "version_tags": self.table("SELECT version_id, key, value FROM version_tags", {0: v}),
        }
        if self.db == "sqlite":
            for fts, words in (("models_fts", ("model", "churn", "q3")), ("versions_fts", ("q3",))):
                out[f"{fts} matches"] = [
                    (w, *self.rows(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH '{w}*'")[0])
                    for w in words
                ]
            out["schema"] = sorted(self.rows("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        else:
            for part, sql in PG_SCHEMA_QUERIES.items():
                out[f"schema {part}"] = sorted(self.rows(sql))
        self.conn.close()
        return out


def main() -> None:
    """Compare data sets A and B; print one line per part; exit 1 on any difference."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--a", required=True, help="home (SQLite) or database name (PostgreSQL)")
    parser.add_argument("--b", required=True, help="home (SQLite) or database name (PostgreSQL)")
    args = parser.parse_args()

    def where(x: str) -> str:
        return str(Path(x) / "modelreg.db") if args.db == "sqlite" else pg_url(x)

    a, b = Snapshot(args.db, where(args.a)).tables(), Snapshot(args.db, where(args.b)).tables()
    differ = False
    for part, rows in a.items():
        same = rows == b[part]
        differ |= not same
        print(f"{part}: {len(rows):,} rows, {'same' if same else 'DIFFERENT'}")
        if not same:
            for x, y in zip(rows, b[part], strict=False):
                if x != y:
                    print(f"  first difference:\n  a: {x}\n  b: {y}")
                    break
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
