"""Search-as-you-type latency: model search with a growing text prefix, and its facet counts.

Needs a data set from populate.py (10,000 models x 10 versions by default; same --db and
--size, or --home and --pg-database). The script migrates it to the current revision (revision
0009 backfills `models.stage_mask` and `current_findings` on older data), then gives every
`--findings-every`-th version (default 40) a stored vulnerability result with one high finding,
through the product's own `record_current_findings`, and excepts every third of those findings,
so the `blocking_findings` facet and filter have something to count (done once per data set).

Measured, `--requests` (200) timed after `--warmup` (10) of each scenario: in process (the
service calls the routes make, wall time and the calling thread's CPU time) and over HTTP against
`modelreg serve --workers 1` (one keep-alive client), p50/p95/p99. Scenarios: the search with the
first 1, 2, 3 and 5 letters of a word that ~5 % of models contain (limit 50, the console's page),
facets without filters, with the same prefixes, and with group / tier+tag / stage / blocking
filters; over HTTP also `keystroke_qN`, the search and its facets one after the other, as the
console sends them for one keystroke. Results in bench/results/facets-<db>.json.

Usage:
    .venv/bin/python bench/facet_bench.py --db sqlite
    .venv/bin/python bench/facet_bench.py --db postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from common import Server, add_target_options, save_results, sqlalchemy_url, summary_ms, target
from search_bench import url, words
from sqlalchemy import func, select, text

from modelreg.config import Settings
from modelreg.domain.ids import new_id
from modelreg.domain.security_findings import VULNERABILITY, make_finding
from modelreg.schemas.models import RiskTier
from modelreg.services.model_filters import ModelFilters
from modelreg.services.models import ModelQuery
from modelreg.services.security_state import record_current_findings
from modelreg.storage import migrate
from modelreg.storage.tables import (
    CurrentFindingRow,
    FindingExceptionRow,
    ScanResultRow,
    VersionRow,
)
from modelreg.storage.types import utcnow
from modelreg.wiring import Registry, build_registry

LIMIT = 50
PREFIXES = (1, 2, 3, 5)


def seed_findings(reg: Registry, every: int) -> dict[str, int]:
    """Blocking findings on every `every`-th version, a third of them excepted (once)."""
    with reg.db.read() as s:
        if s.execute(select(func.count()).select_from(CurrentFindingRow)).scalar_one():
            return {"seeded": 0}
        rows = s.execute(
            select(VersionRow.id, VersionRow.manifest_digest).order_by(VersionRow.id)
        ).all()
    chosen = [(vid, digest) for i, (vid, digest) in enumerate(rows) if i % every == 0 and digest]
    now = utcnow()
    session = reg.db.write_session()
    try:
        for n, (version_id, digest) in enumerate(chosen):
            finding = make_finding(
                VULNERABILITY,
                "vulnerability",
                "GHSA-bench",
                "high",
                "requirements.txt",
                f"bench advisory {n}",
                key=str(n),
            )
            session.add(
                ScanResultRow(
                    id=new_id(),
                    version_id=version_id,
                    version_digest=digest,
                    scan_id=new_id(),
                    scanner=VULNERABILITY,
                    scanner_version="bench",
                    status="completed",
                    trigger="bench",
                    findings=[finding],
                    errors=[],
                    details={},
                    started_at=now,
                    finished_at=now,
                )
            )
            if n % 3 == 0:
                session.add(
                    FindingExceptionRow(
                        id=new_id(),
                        version_id=version_id,
                        version_digest=digest,
                        finding_id=finding["id"],
                        reason="bench exception",
                        granted_by="bench",
                        granted_at=now,
                        expires_at=now + timedelta(days=90),
                    )
                )
            session.flush()
            record_current_findings(session, version_id)
        session.commit()
    finally:
        session.close()
    if reg.db.dialect == "postgresql":
        with reg.db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM (ANALYZE)"))
    return {"seeded": len(chosen), "excepted": (len(chosen) + 2) // 3}


def prefixes(meta: dict[str, Any]) -> dict[int, str]:
    """The first 1, 2, 3 and 5 letters of the ~5 % word."""
    word = words(meta)["moderate"][0]
    return {n: word[:n] for n in PREFIXES}


def filter_sets(meta: dict[str, Any]) -> dict[str, ModelFilters]:
    """Facet scenarios beyond the text prefixes."""
    team, group = meta["teams"][3], meta["groups"][7]
    return {
        "facets_none": ModelFilters(),
        "facets_group": ModelFilters(group=group),
        "facets_tier_tag": ModelFilters(risk_tier=RiskTier.LOW, tags=[("team", team)]),
        "facets_stage": ModelFilters(stage="production"),
        "facets_blocking": ModelFilters(blocking_findings=True),
        "facets_q3_tier_stage": ModelFilters(
            q=prefixes(meta)[3], risk_tier=RiskTier.MEDIUM, stage="production"
        ),
    }


def params(filters: ModelFilters) -> dict[str, Any]:
    """The query parameters of `filters` (one tag at most in these scenarios)."""
    out: dict[str, Any] = {}
    for key, value in vars(filters).items():
        if key == "tags":
            if value:
                out["tag"] = "=".join(value[0])
        elif value is not None:
            out[key] = value.value if isinstance(value, RiskTier) else value
    if isinstance(out.get("blocking_findings"), bool):
        out["blocking_findings"] = str(out["blocking_findings"]).lower()
    return out


def in_process(
    reg: Registry, meta: dict[str, Any], requests: int, warmup: int
) -> dict[str, dict[str, Any]]:
    """Service calls as the routes make them: wall and thread CPU per call."""
    calls: dict[str, Callable[[], object]] = {}
    for n, prefix in prefixes(meta).items():
        query = ModelQuery(q=prefix)
        calls[f"list_q{n}"] = lambda q=query: reg.models.search_models(q, limit=LIMIT, cursor=None)
        calls[f"facets_q{n}"] = lambda p=prefix: reg.model_facets.facets(ModelFilters(q=p))
    for name, filters in filter_sets(meta).items():
        calls[name] = lambda f=filters: reg.model_facets.facets(f)
    out: dict[str, dict[str, Any]] = {}
    for name, call in calls.items():
        for _ in range(warmup):
            call()
        wall, cpu = [], []
        for _ in range(requests):
            c0, t0 = time.thread_time(), time.perf_counter()
            call()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        out[name] = {**summary_ms(wall), "cpu": summary_ms(cpu), "load1": os.getloadavg()[0]}
        print(
            f"in-process {name:22s} p50 {out[name]['p50']:7.2f}  p95 {out[name]['p95']:7.2f} ms"
            f"  cpu p50 {out[name]['cpu']['p50']:6.2f} ms  load {out[name]['load1']:.1f}",
            flush=True,
        )
    return out


def over_http(
    server: Server, meta: dict[str, Any], requests: int, warmup: int
) -> dict[str, dict[str, Any]]:
    """GETs through a real server; `keystroke_qN` is the search then its facets."""
    urls: dict[str, list[str]] = {}
    for n, prefix in prefixes(meta).items():
        urls[f"list_q{n}"] = [url("/api/v1/models", q=prefix, limit=LIMIT)]
        urls[f"facets_q{n}"] = [url("/api/v1/models/facets", q=prefix)]
        urls[f"keystroke_q{n}"] = urls[f"list_q{n}"] + urls[f"facets_q{n}"]
    for name, filters in filter_sets(meta).items():
        urls[name] = [url("/api/v1/models/facets", **params(filters))]
    out: dict[str, dict[str, Any]] = {}
    with httpx.Client(base_url=server.base_url, headers=server.headers, timeout=60) as client:
        for name, group in urls.items():
            for _ in range(warmup):
                for u in group:
                    client.get(u).raise_for_status()
            durations = []
            cpu0 = server.cpu_seconds()
            for _ in range(requests):
                t0 = time.perf_counter()
                for u in group:
                    client.get(u).raise_for_status()
                durations.append(time.perf_counter() - t0)
            cpu_ms = (server.cpu_seconds() - cpu0) * 1000 / requests
            out[name] = {
                **summary_ms(durations),
                "server_cpu_ms": cpu_ms,
                "load1": os.getloadavg()[0],
                "urls": group,
            }
            print(
                f"http       {name:22s} p50 {out[name]['p50']:7.2f}  p95 {out[name]['p95']:7.2f}"
                f" ms  server cpu {cpu_ms:6.2f} ms  load {out[name]['load1']:.1f}",
                flush=True,
            )
    return out


def main() -> None:
    """Migrate, seed findings, time in process and over HTTP; print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_options(parser)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--findings-every", type=int, default=40)
    parser.add_argument("--no-http", action="store_true", help="in-process figures only")
    parser.add_argument("--out", default=None, help="results name (default facets-<db>)")
    args = parser.parse_args()
    where = target(args.db, args.size, args.home, args.pg_database)
    meta = json.loads((where.home / "bench-meta.json").read_text())
    settings = Settings(home=where.home, database_url=sqlalchemy_url(where.url))
    reg = build_registry(settings)
    out: dict[str, Any] = {"db": args.db, "home": str(where.home), "prefixes": prefixes(meta)}
    try:
        migrate.upgrade(reg.db.engine)
        out["findings"] = seed_findings(reg, args.findings_every)
        print("findings:", out["findings"], flush=True)
        out["in_process"] = in_process(reg, meta, args.requests, args.warmup)
    finally:
        reg.close()
    if not args.no_http:
        with Server(where.home, where.url, workers=1) as server:
            out["http"] = over_http(server, meta, args.requests, args.warmup)
    path = save_results(args.out or f"facets-{args.db}", out)
    print(f"saved {path}")


if __name__ == "__main__":
    main()
