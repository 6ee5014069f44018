"""Search latency, server RSS, database size and SQL work per data size, for growth curves.

For each size (`--sizes`, default 100k 300k 1m versions = 10,000 / 30,000 / 100,000 models x 10;
populate each first with `populate.py --size <size> --db <db>`) and database (`--db`):

1. start `modelreg serve --workers 1` on that data set and run search_bench's latency scenarios
   (p50/p95/p99 and server CPU per request, `--requests` timed after `--warmup`), sampling the
   server's RSS throughout;
2. stop it, measure the database on disk (total and its largest tables and indexes);
3. explain every scenario (explain.py): SQL time, plan, work (SQLite VM steps, PostgreSQL buffers
   and largest plan node) and the plan steps whose work follows the data rather than the page.

Each data set is saved as bench/results/scale-<size>-<db>.json; then every saved data set is
summarised in bench/results/scale-summary.json (per scenario: p50/p95 and SQL work at each size,
the change per 10x data, and the exponent b of a power-law fit t ~ N^b) and printed as Markdown.
`--report` only rebuilds the summary and tables from the saved files.

Usage:
    .venv/bin/python bench/scale_bench.py --db sqlite postgresql
    .venv/bin/python bench/scale_bench.py --db sqlite --sizes 1m --requests 50
    .venv/bin/python bench/scale_bench.py --report
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
from typing import Any

import psycopg
from bulk_load import database_bytes_postgres, database_bytes_sqlite
from common import (
    RESULTS_DIR,
    SCALE_SIZES,
    RssSampler,
    Server,
    Target,
    mib,
    save_results,
    target,
)
from explain import explain_all
from search_bench import run_scenarios

VERSIONS_PER_MODEL = 10
DATABASES = ("sqlite", "postgresql")
SCENARIO_ORDER = [
    "text", "model_tag", "version_tag_all_models", "risk_tier_group", "first_page", "page_50",
    "versions_of_model", "get_model", "get_version", "text_common_word", "text_rare_word",
    "version_text_all_models",
]  # fmt: skip
TARGET_P95_MS = 30.0  # the scale issue's target, for every search at every size


def ordered_sizes(sizes: list[str]) -> list[str]:
    """Sizes from smallest to largest."""
    return sorted(sizes, key=SCALE_SIZES.__getitem__)


def versions_of(size: str) -> int:
    """Number of versions of a scale size."""
    return SCALE_SIZES[size] * VERSIONS_PER_MODEL


def relation_sizes(where: Target, top: int = 15) -> list[dict[str, Any]]:
    """The largest tables and indexes of the data set, in bytes (FTS5 shadow tables included)."""
    if where.db == "sqlite":
        lite = sqlite3.connect(where.home / "modelreg.db")
        try:
            rows = lite.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT ?",
                (top,),
            ).fetchall()
        finally:
            lite.close()
        return [{"name": n, "bytes": b} for n, b in rows]
    with psycopg.connect(where.url) as conn:
        rows = conn.execute(
            """SELECT c.relname, c.relkind,
                      CASE c.relkind WHEN 'r' THEN pg_table_size(c.oid)
                                     ELSE pg_relation_size(c.oid) END AS bytes
               FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
                 AND c.relkind IN ('r', 'i')
               ORDER BY bytes DESC LIMIT %s""",
            (top,),
        ).fetchall()
    return [{"name": n, "kind": "table" if k == "r" else "index", "bytes": b} for n, k, b in rows]


def database_bytes(where: Target) -> int:
    """Database size on disk (SQLite file with -wal/-shm; PostgreSQL pg_database_size)."""
    if where.db == "sqlite":
        return database_bytes_sqlite(where.home / "modelreg.db")
    return database_bytes_postgres(where.url)


def load_json(name: str) -> dict[str, Any] | None:
    """bench/results/<name>.json, or None."""
    path = RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def run_one(db: str, size: str, args: argparse.Namespace) -> dict[str, Any]:
    """Latency, RSS, sizes and plans of one populated data set; saved as scale-<size>-<db>."""
    where = target(db, size)
    meta_path = where.home / "bench-meta.json"
    if not meta_path.exists():
        raise SystemExit(f"{where.home} is not populated: run populate.py --db {db} --size {size}")
    meta = json.loads(meta_path.read_text())
    out: dict[str, Any] = {
        "db": db,
        "size": size,
        "models": meta["models"],
        "versions": meta["models"] * meta["versions_per_model"],
        "home": str(where.home),
        "database_url": where.url,
        "load1_start": os.getloadavg()[0],
    }
    populated = load_json(f"populate-scale-{size}-{db}")
    if populated:
        keys = ("total_s", "rows_total", "rows_per_s_total", "loader_peak_rss_mib", "database_mib")
        out["populate"] = {k: populated.get(k) for k in keys}
    print(f"\n##### {db} {size}: {out['versions']:,} versions", flush=True)
    server = Server(where.home, where.url, workers=1).start()
    try:
        out["rss_start_mib"] = mib(server.rss())
        with RssSampler(server) as rss:
            out["scenarios"] = run_scenarios(
                server, meta, requests=args.requests, warmup=args.warmup, page=args.page
            )
        out["rss_peak_mib"] = mib(rss.peak)
        out["rss_end_mib"] = mib(server.rss())
    finally:
        server.stop()
    out["database_bytes"] = database_bytes(where)
    out["relations"] = relation_sizes(where)
    if args.explain:
        out["explain"] = explain_all(where, meta, page=args.page)
    out["load1_end"] = os.getloadavg()[0]
    save_results(f"scale-{size}-{db}", out)
    return out


# --- growth ---------------------------------------------------------------------------------


def power_fit(points: list[tuple[int, float]]) -> float | None:
    """Exponent b of t ~ N^b (least squares on log-log); None with < 2 positive points."""
    pts = [(math.log10(n), math.log10(t)) for n, t in points if t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def per_10x(points: list[tuple[int, float]]) -> float | None:
    """Change per 10x data between the smallest and largest size (ms per decade)."""
    if len(points) < 2:
        return None
    (n0, t0), (n1, t1) = points[0], points[-1]
    return (t1 - t0) / math.log10(n1 / n0)


def sql_work(explained: dict[str, Any] | None, db: str) -> dict[str, float] | None:
    """SQL time and work of one scenario: sums over its statements."""
    if not explained:
        return None
    statements = explained["statements"]
    work_key = "vm_steps" if db == "sqlite" else "buffers"
    work = {
        "sql_ms": sum(s["ms"] for s in statements),
        "work": sum(s.get(work_key, 0) for s in statements),
        "service_ms": explained["service_ms"],
    }
    if db == "sqlite":
        work["sql_cpu_ms"] = sum(s.get("cpu_ms", 0) for s in statements)
    else:
        work["planning_ms"] = sum(s.get("planning_ms") or 0 for s in statements)
        work["max_node_rows"] = max((s.get("max_node_rows", 0) for s in statements), default=0)
    return work


def summarize() -> dict[str, Any]:
    """Growth per database and scenario over every saved scale-<size>-<db>.json."""
    summary: dict[str, Any] = {"databases": {}}
    for db in DATABASES:
        runs = {s: load_json(f"scale-{s}-{db}") for s in ordered_sizes(list(SCALE_SIZES))}
        present = {s: r for s, r in runs.items() if r}
        if not present:
            continue
        per_db: dict[str, Any] = {
            "sizes": list(present),
            "data": {
                s: {
                    "versions": r["versions"],
                    "database_mib": mib(r["database_bytes"]),
                    "rss_start_mib": r.get("rss_start_mib"),
                    "rss_peak_mib": r.get("rss_peak_mib"),
                    "populate": r.get("populate"),
                    "relations": r.get("relations", [])[:8],
                    "load1": [r.get("load1_start"), r.get("load1_end")],
                }
                for s, r in present.items()
            },
            "scenarios": {},
        }
        for name in SCENARIO_ORDER:
            rows: dict[str, Any] = {}
            for size, run in present.items():
                sc = run.get("scenarios", {}).get(name)
                if sc is None:
                    continue
                rows[size] = {
                    "versions": run["versions"],
                    "p50": sc["p50"],
                    "p95": sc["p95"],
                    "server_cpu_ms": sc["server_cpu_ms"],
                    "sql": sql_work(run.get("explain", {}).get(name), db),
                    "flags": sorted(
                        {f for st in run.get("explain", {}).get(name, {}).get("statements", [])
                         for f in st["flags"]}
                    ),
                }  # fmt: skip
            if not rows:
                continue
            series = {
                key: [(r["versions"], r[key]) for r in rows.values()]
                for key in ("p50", "p95", "server_cpu_ms")
            }
            sql_key = "sql_cpu_ms" if db == "sqlite" else "sql_ms"
            sql_ms = [(r["versions"], r["sql"][sql_key]) for r in rows.values() if r["sql"]]
            work = [(r["versions"], r["sql"]["work"]) for r in rows.values() if r["sql"]]
            per_db["scenarios"][name] = {
                "sizes": rows,
                "p95_ms_per_10x": per_10x(series["p95"]),
                "p95_exponent": power_fit(series["p95"]),
                "cpu_ms_per_10x": per_10x(series["server_cpu_ms"]),
                "cpu_exponent": power_fit(series["server_cpu_ms"]),
                "sql_ms_per_10x": per_10x(sql_ms),
                "sql_exponent": power_fit(sql_ms),
                "sql_work_exponent": power_fit(work),
            }
        summary["databases"][db] = per_db
    return summary


# --- report ---------------------------------------------------------------------------------


def _f(value: float | None, fmt: str = ".1f") -> str:
    return "-" if value is None else format(value, fmt)


def _cells(rows: list[dict[str, Any] | None], key: str, fmt: str = ".1f", sql: bool = False) -> str:
    """One value per size, 'a / b / c' ('-' where missing); from the row's SQL part if `sql`."""
    values = []
    for row in rows:
        part = (row or {}).get("sql") if sql else row
        values.append(_f((part or {}).get(key), fmt))
    return " / ".join(values)


def report(summary: dict[str, Any]) -> str:
    """Markdown tables: data sets, then latency and growth per scenario, then flagged plans."""
    lines: list[str] = []
    dbs = summary["databases"]
    lines += [
        "| Database | Versions | Populate s | rows/s | Loader peak MiB | DB MiB | "
        "Server RSS start / peak MiB | load avg |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for db, per_db in dbs.items():
        for data in per_db["data"].values():
            pop = data["populate"] or {}
            lines.append(
                f"| {db} | {data['versions']:,} | {_f(pop.get('total_s'), '.0f')} | "
                f"{_f(pop.get('rows_per_s_total'), ',.0f')} | "
                f"{_f(pop.get('loader_peak_rss_mib'), '.0f')} | {data['database_mib']:,.0f} | "
                f"{_f(data['rss_start_mib'], '.0f')} / {_f(data['rss_peak_mib'], '.0f')} | "
                f"{_f(data['load1'][0])}-{_f(data['load1'][1])} |"
            )
    for db, per_db in dbs.items():
        sizes = per_db["sizes"]
        heading = " / ".join(sizes)
        work_name = "VM steps" if db == "sqlite" else "buffers"
        sql_name = "SQL CPU ms" if db == "sqlite" else "SQL ms"
        lines += [
            "",
            f"**{db}**, over HTTP (ms; p95 over the {TARGET_P95_MS:g} ms target marked **x**) "
            "and the SQL alone (explain.py, best of 3)",
            "",
            f"| Scenario | p50 {heading} | p95 {heading} | server CPU ms/req {heading} | "
            f"p95 per 10x | p95 exponent | {sql_name} {heading} | {work_name} {heading} | "
            "SQL per 10x | SQL exponent |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        sql_key = "sql_cpu_ms" if db == "sqlite" else "sql_ms"
        for name, sc in per_db["scenarios"].items():
            by_size = [sc["sizes"].get(s) for s in sizes]
            p95 = " / ".join(
                "-"
                if r is None
                else f"{r['p95']:.1f}" + (" **x**" if r["p95"] > TARGET_P95_MS else "")
                for r in by_size
            )
            lines.append(
                f"| {name} | {_cells(by_size, 'p50')} | {p95} | "
                f"{_cells(by_size, 'server_cpu_ms')} | "
                f"{_f(sc['p95_ms_per_10x'], '+.1f')} | {_f(sc['p95_exponent'], '.2f')} | "
                f"{_cells(by_size, sql_key, '.2f', sql=True)} | "
                f"{_cells(by_size, 'work', ',.0f', sql=True)} | "
                f"{_f(sc['sql_ms_per_10x'], '+.2f')} | {_f(sc['sql_exponent'], '.2f')} |"
            )
        largest = sizes[-1]
        lines += ["", f"Plan steps flagged at {largest} ({db}):", ""]
        for name, sc in per_db["scenarios"].items():
            flags = sc["sizes"].get(largest, {}).get("flags") or []
            if flags:
                lines.append(f"- {name}: " + "; ".join(flags))
    return "\n".join(lines)


def main() -> None:
    """Run the sizes on the databases (or only --report), then summarise and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", nargs="+", choices=DATABASES, default=list(DATABASES))
    parser.add_argument("--sizes", nargs="+", choices=sorted(SCALE_SIZES), default=None)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per scenario")
    parser.add_argument("--page", type=int, default=50, help="the deep page to time")
    parser.add_argument(
        "--explain", action=argparse.BooleanOptionalAction, default=True,
        help="explain every scenario after the HTTP run (plans, SQL time and work)",
    )  # fmt: skip
    parser.add_argument("--report", action="store_true", help="only summarise saved results")
    args = parser.parse_args()
    if not args.report:
        for db in args.db:
            for size in ordered_sizes(args.sizes or list(SCALE_SIZES)):
                run_one(db, size, args)
    summary = summarize()
    save_results("scale-summary", summary)
    print(report(summary))


if __name__ == "__main__":
    main()
