"""Audit chain: append 100,000 events through the project's own code, then time verification.

Each run uses a fresh, migrated database (SQLite file, or the PostgreSQL database
modelreg_bench_audit)
and writes events with `modelreg.storage.audit_log.append_events` inside write sessions of
`modelreg.storage.db.Database`, `--batch` events per transaction; then it times
`AuditService(Transactions(db)).verify()` (wall time, and this process's CPU time). No server is
involved.

Usage:
    .venv/bin/python bench/audit_bench.py --db sqlite
    .venv/bin/python bench/audit_bench.py --db postgresql
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_ROOT,
    database_url,
    fresh_home,
    fresh_pg_database,
    median,
    save_results,
    sqlalchemy_url,
)

from modelreg.domain.ids import new_id
from modelreg.services.audit import AuditService
from modelreg.services.uow import Transactions
from modelreg.storage import migrate
from modelreg.storage.audit_log import PendingAudit, append_events
from modelreg.storage.db import Database

# Not common.PG_BENCH_DB: that one holds the populated search data.
AUDIT_DB = "modelreg_bench_audit"
ACTIONS = ["model.created", "model.updated", "version.created", "version.sealed", "artifact.added"]


def events(rng: random.Random, actors: list[str], n: int, offset: int) -> list[PendingAudit]:
    """`n` events shaped like the registry's own (ids, tags, digests in the details)."""
    out = []
    for i in range(offset, offset + n):
        action = ACTIONS[i % len(ACTIONS)]
        model = f"group-{i % 100:02d}/model-{i // 10:05d}"
        details: dict[str, Any] = {
            "model_id": new_id(),
            "tags": {"team": f"team-{rng.randrange(20)}", "env": rng.choice(("dev", "prod"))},
        }
        if action.startswith("version") or action.startswith("artifact"):
            details["sha256"] = rng.randbytes(32).hex()
            subject = f"version:{model}@1.{i % 10}.0"
        else:
            details["risk_tier"] = rng.choice(("low", "medium", "high"))
            subject = f"model:{model}"
        out.append(PendingAudit(rng.choice(actors), action, subject, details))
    return out


def one_run(db_kind: str, home: Path, n_events: int, batch: int, seed: int) -> dict[str, Any]:
    """Fresh database, append `n_events`, verify; timings."""
    fresh_home(home)
    url = fresh_pg_database(AUDIT_DB) if db_kind == "postgresql" else database_url("sqlite", home)
    db = Database.from_url(sqlalchemy_url(url))
    try:
        migrate.upgrade(db.engine)
        rng = random.Random(seed)
        actors = [new_id() for _ in range(10)]
        write_s = 0.0
        for offset in range(0, n_events, batch):
            pending = events(rng, actors, min(batch, n_events - offset), offset)
            t0 = time.perf_counter()
            session = db.write_session()
            try:
                append_events(session, pending)
                session.commit()
            finally:
                session.close()
            write_s += time.perf_counter() - t0
        service = AuditService(Transactions(db))
        t0, cpu0 = time.perf_counter(), time.process_time()
        verdict = service.verify()
        verify_s = time.perf_counter() - t0
        # This process's CPU only (not the PostgreSQL server's): on a shared, loaded machine it
        # shows what the verifier costs when wall time mostly measures waiting for a core.
        verify_cpu_s = time.process_time() - cpu0
    finally:
        db.dispose()
    if not verdict.ok or verdict.checked != n_events:
        raise SystemExit(f"verification failed: {verdict}")
    return {
        "events": n_events,
        "write_s": write_s,
        "write_events_s": n_events / write_s,
        "verify_s": verify_s,
        "verify_events_s": n_events / verify_s,
        "verify_cpu_s": verify_cpu_s,
        "verify_cpu_events_s": n_events / verify_cpu_s,
    }


def main() -> None:
    """Run `--runs` times; print and save medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="events per transaction")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home: Path = args.home or DEFAULT_ROOT / f"audit-{args.db}"
    runs = []
    for run in range(args.runs):
        result = one_run(args.db, home, args.events, args.batch, seed=run)
        runs.append(result)
        print(f"run {run + 1}:", result, flush=True)
    medians = {key: median([r[key] for r in runs]) for key in runs[0]}
    print("median:", medians)
    path = save_results(f"audit-{args.db}", {"db": args.db, "runs": runs, "median": medians})
    print(f"saved {path}")


if __name__ == "__main__":
    main()
