"""Show the SQL each benchmarked search runs, with its plan and time, straight through the services.

Calls the same service methods the API routes call, on a database populated by populate.py,
captures every statement they execute, and prints each with EXPLAIN QUERY PLAN (SQLite) or
EXPLAIN (ANALYZE, BUFFERS) (PostgreSQL) and its own run time. For diagnosis, not for figures.

Usage:
    .venv/bin/python bench/explain.py --db sqlite [--only text]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import DEFAULT_ROOT, database_url, sqlalchemy_url
from search_bench import pick_word
from sqlalchemy import event, text

from modelreg.schemas.models import RiskTier
from modelreg.schemas.versions import VersionSort
from modelreg.services.attestations import RegistryKeySource
from modelreg.services.models import ModelQuery, ModelService
from modelreg.services.uow import Transactions
from modelreg.services.versions import VersionQuery, VersionService
from modelreg.storage.db import Database
from modelreg.storage.search import text_search_for


def scenarios(
    models: ModelService, versions: VersionService, meta: dict[str, Any]
) -> dict[str, Callable[[], object]]:
    """The search_bench scenarios as direct service calls."""
    word, _ = pick_word(meta, 0.05)
    common_word, _ = pick_word(meta, 0.30)
    sample = meta["sample_models"][0]
    team, group = meta["teams"][3], meta["groups"][7]
    return {
        "text": lambda: models.search_models(ModelQuery(q=word), limit=100, cursor=None),
        "text_common_word": lambda: models.search_models(
            ModelQuery(q=common_word), limit=100, cursor=None
        ),
        "model_tag": lambda: models.search_models(
            ModelQuery(tags=[("team", team)]), limit=100, cursor=None
        ),
        "version_tag_all_models": lambda: versions.list_versions(
            VersionQuery(tags=[("dataset", "q3-2026")], sort=VersionSort.CREATED_DESC),
            limit=100,
            cursor=None,
        ),
        "risk_tier_group": lambda: models.search_models(
            ModelQuery(risk_tier=RiskTier.LOW, group=group), limit=100, cursor=None
        ),
        "first_page": lambda: models.search_models(ModelQuery(), limit=100, cursor=None),
        "versions_of_model": lambda: versions.list_versions(
            VersionQuery(), limit=100, cursor=None, model=(sample["group"], sample["name"])
        ),
        "get_model": lambda: models.get_model(sample["group"], sample["name"]),
        "get_version": lambda: versions.get_version(sample["group"], sample["name"], "1.0.0"),
    }


def main() -> None:
    """Print statements, plans and timings per scenario."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    home: Path = args.home or DEFAULT_ROOT / f"search-{args.db}"
    meta = json.loads((home / "bench-meta.json").read_text())
    db = Database.from_url(sqlalchemy_url(database_url(args.db, home)))
    tx = Transactions(db)
    search = text_search_for(db.dialect)
    # Read-only scenarios: the registry key is never loaded, so its path only has to be valid.
    keys = RegistryKeySource(home / "keys" / "attestation.pem")
    models, versions = ModelService(tx, search), VersionService(tx, search, keys)
    captured: list[tuple[str, Any]] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _capture(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _m: bool) -> None:
        if not statement.startswith(("BEGIN", "EXPLAIN", "ROLLBACK")):
            captured.append((statement, params))

    for name, call in scenarios(models, versions, meta).items():
        if args.only and name not in args.only:
            continue
        call()  # warm
        captured.clear()
        t0 = time.perf_counter()
        call()
        total = (time.perf_counter() - t0) * 1000
        statements = list(captured)
        print(f"\n=== {name}: {total:.2f} ms in the service, {len(statements)} statements")
        for statement, params in statements:
            with db.engine.connect() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                t0 = time.perf_counter()
                cur = raw.cursor()
                cur.execute(statement, params)
                cur.fetchall()
                ms = (time.perf_counter() - t0) * 1000
                prefix = (
                    "EXPLAIN QUERY PLAN " if args.db == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
                )
                cur.execute(prefix + statement, params)
                plan = cur.fetchall()
                cur.close()
            shown = re.sub(r"(\?, |%\(\w+\)s, ){3,}", "..., ", " ".join(statement.split()))
            print(f"--- {ms:.2f} ms: {shown[:700]}")
            print(f"    params: {str(params)[:120]}")
            for row in plan:
                print("    " + (" | ".join(str(c) for c in row) if args.db == "sqlite" else row[0]))
    with db.engine.connect() as conn:
        if args.db == "sqlite":
            stats = conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name='sqlite_stat1'")
            )
            print("\nsqlite_stat1 present:", bool(stats.scalar()))
    db.dispose()


if __name__ == "__main__":
    main()
