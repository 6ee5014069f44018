"""Show the SQL each benchmarked search runs, with its plan, time and work, through the services.

Calls the same service methods the API routes call (wired by `build_registry`, as the server
does), on a database populated by populate.py, captures every statement they execute, and runs
each again through the raw driver: its time, its plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN
(ANALYZE, BUFFERS) on PostgreSQL) and how much work it did, which unlike time does not depend on
how busy the machine is: SQLite virtual-machine steps (a progress handler), PostgreSQL buffers
touched, planning time and the largest row count of any plan node. Plan steps whose work grows
with the data rather than with the page size are flagged (see `flags_sqlite` / `flags_postgres`).

Usage:
    .venv/bin/python bench/explain.py --db sqlite [--size 1m] [--only text] [--json NAME]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from common import Target, add_target_options, save_results, sqlalchemy_url, target
from search_bench import LIMIT, sample_models, words
from sqlalchemy import event

from modelreg.config import Settings
from modelreg.schemas.models import RiskTier
from modelreg.schemas.versions import VersionSort
from modelreg.services.models import ModelQuery
from modelreg.services.versions import VersionQuery
from modelreg.wiring import Registry, build_registry

# A plan node handling more rows than this is doing work beyond one 100-row page.
ROWS_FLAG = 2_000
_VM_STEP_CHUNK = 100  # the progress handler fires every this many SQLite VM instructions
RUNS = 3  # each captured statement is re-run this many times; the best time is kept


def scenarios(reg: Registry, meta: dict[str, Any], page: int) -> dict[str, Callable[[], object]]:
    """The search_bench scenarios as direct service calls (first sampled model for reads)."""
    w = words(meta)
    sample = sample_models(meta)[0]
    team, group = meta["teams"][3], meta["groups"][7]
    models, versions = reg.models, reg.versions

    def search(query: ModelQuery, cursor: str | None = None) -> object:
        return models.search_models(query, limit=LIMIT, cursor=cursor)

    cursor: str | None = None
    for _ in range(page - 1):
        cursor = models.search_models(ModelQuery(), limit=LIMIT, cursor=cursor).next_cursor
    page_cursor = cursor

    def across(query: VersionQuery) -> object:
        return versions.list_versions(query, limit=LIMIT, cursor=None)

    return {
        "text": lambda: search(ModelQuery(q=w["moderate"][0])),
        "model_tag": lambda: search(ModelQuery(tags=[("team", team)])),
        "version_tag_all_models": lambda: across(
            VersionQuery(tags=[("dataset", "q3-2026")], sort=VersionSort.CREATED_DESC)
        ),
        "risk_tier_group": lambda: search(ModelQuery(risk_tier=RiskTier.LOW, group=group)),
        "first_page": lambda: search(ModelQuery()),
        "page_50": lambda: search(ModelQuery(), page_cursor),
        "versions_of_model": lambda: versions.list_versions(
            VersionQuery(), limit=LIMIT, cursor=None, model=(sample["group"], sample["name"])
        ),
        "get_model": lambda: models.get_model(sample["group"], sample["name"]),
        "get_version": lambda: versions.get_version(sample["group"], sample["name"], "1.0.0"),
        "text_common_word": lambda: search(ModelQuery(q=w["common"][0])),
        "text_rare_word": lambda: search(ModelQuery(q=w["rare"][0])),
        "version_text_all_models": lambda: across(
            VersionQuery(q=w["moderate"][0], sort=VersionSort.CREATED_DESC)
        ),
    }


def flags_sqlite(plan: list[str]) -> list[str]:
    """Plan steps whose cost follows the number of matching or stored rows, not the page."""
    found: list[str] = []
    for line in plan:
        if "USE TEMP B-TREE FOR ORDER BY" in line:
            found.append("sorts every match (temp B-tree for ORDER BY)")
        elif re.fullmatch(r"SCAN (?!anon_)\w+", line.strip()):  # anon_N: a subquery's rows
            found.append(f"full table scan: {line.strip()}")
        elif "VIRTUAL TABLE INDEX" in line:
            found.append(f"materialises every full-text match: {line.strip()}")
        elif line.strip().startswith("SCAN") and "USING" in line:
            found.append(f"index walk in sort order, ~LIMIT / selectivity rows: {line.strip()}")
        elif "CORRELATED" in line:
            found.append(f"runs once per candidate row: {line.strip()}")
    return found


def _nodes(node: dict[str, Any], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    yield depth, node
    for child in node.get("Plans", []):
        yield from _nodes(child, depth + 1)


def _node_label(node: dict[str, Any]) -> str:
    label = str(node["Node Type"])
    if "Relation Name" in node:
        label += f" on {node['Relation Name']}"
    if "Index Name" in node:
        label += f" using {node['Index Name']}"
    return label


def _rows(node: dict[str, Any]) -> int:
    loops = node.get("Actual Loops", 1)
    removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
    return int((node.get("Actual Rows", 0) + removed) * loops)


def flags_postgres(root: dict[str, Any]) -> list[str]:
    """Nodes that handle far more rows than a page: scans, sorts and counts of all matches."""
    found: list[str] = []
    for _, node in _nodes(root):
        rows = _rows(node)
        kind = node["Node Type"]
        if kind == "Seq Scan" and rows > ROWS_FLAG:
            found.append(f"{_node_label(node)}: {rows:,} rows read")
        elif kind in ("Sort", "Incremental Sort") and node.get("Plans"):
            child = node["Plans"][0]
            sorted_rows = int(child.get("Actual Rows", 0) * child.get("Actual Loops", 1))
            if sorted_rows > ROWS_FLAG:
                found.append(f"{kind} of {sorted_rows:,} rows ({node.get('Sort Method', '?')})")
        elif kind == "Aggregate" and node.get("Plans") and _rows(node["Plans"][0]) > ROWS_FLAG:
            found.append(f"Aggregate over {_rows(node['Plans'][0]):,} rows")
        elif rows > ROWS_FLAG and kind not in ("Limit", "Sort", "Incremental Sort"):
            found.append(f"{_node_label(node)}: {rows:,} rows")
    return found


def plan_text_postgres(root: dict[str, Any]) -> list[str]:
    """A compact one-line-per-node rendering of an EXPLAIN (ANALYZE, FORMAT JSON) plan."""
    lines = []
    for depth, node in _nodes(root):
        extra = [f"rows={node.get('Actual Rows', 0):,}x{node.get('Actual Loops', 1)}"]
        for key in ("Rows Removed by Filter", "Sort Method", "Heap Fetches"):
            if node.get(key):
                extra.append(f"{key.lower()}={node[key]:,}" if key != "Sort Method" else node[key])
        for key in ("Index Cond", "Recheck Cond", "Filter", "Join Filter", "Sort Key"):
            if key in node:
                value = node[key] if isinstance(node[key], str) else ", ".join(node[key])
                extra.append(f"{key.lower()}: {value[:160]}")
        ms = node.get("Actual Total Time", 0.0)
        lines.append(f"{'  ' * depth}{_node_label(node)} ({ms:.2f} ms; {'; '.join(extra)})")
    return lines


def measure_sqlite(raw: sqlite3.Connection, statement: str, params: Any) -> dict[str, Any]:
    """Time (best of RUNS, wall and this process's CPU), VM steps and plan of one statement.

    SQLite runs in this process, so its CPU time is measurable and, unlike wall time, hardly
    inflated by other load on the machine. VM steps do not count work inside the FTS5 module
    or the sorter, so they understate full-text queries and sorts; CPU time does not.
    """
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0  # 0 = go on

    walls, cpus = [], []
    for run in range(RUNS):
        if run == 0:
            raw.set_progress_handler(count, _VM_STEP_CHUNK)
        t0, c0 = time.perf_counter(), time.process_time()
        raw.execute(statement, params).fetchall()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
        raw.set_progress_handler(None, 0)
    plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, params)]
    return {
        "ms": min(walls),
        "cpu_ms": min(cpus),
        "vm_steps": steps[0] * _VM_STEP_CHUNK,
        "plan": plan,
        "flags": flags_sqlite(plan),
    }


def measure_postgres(raw: Any, statement: str, params: Any) -> dict[str, Any]:
    """Time (best of RUNS), buffers, planning time, largest node and plan of one statement."""
    walls = []
    with raw.cursor() as cur:
        for _ in range(RUNS):
            t0 = time.perf_counter()
            cur.execute(statement, params)
            cur.fetchall()
            walls.append((time.perf_counter() - t0) * 1000)
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, params)
        row = cur.fetchone()
    doc = (row[0] if isinstance(row[0], list) else json.loads(row[0]))[0]
    root = doc["Plan"]
    return {
        "ms": min(walls),
        "planning_ms": doc.get("Planning Time"),
        "execution_ms": doc.get("Execution Time"),
        "buffers": root.get("Shared Hit Blocks", 0) + root.get("Shared Read Blocks", 0),
        "max_node_rows": max(_rows(n) for _, n in _nodes(root)),
        "plan": plan_text_postgres(root),
        "flags": flags_postgres(root),
    }


def explain_all(
    where: Target, meta: dict[str, Any], *, only: list[str] | None = None, page: int = 50
) -> dict[str, Any]:
    """Per scenario: service time (median of 5 calls) and every statement with its measures."""
    settings = Settings(home=where.home, database_url=sqlalchemy_url(where.url))
    reg = build_registry(settings)
    db = reg.db
    captured: list[tuple[str, Any]] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _capture(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _m: bool) -> None:
        if not statement.startswith(("BEGIN", "EXPLAIN", "ROLLBACK")):
            captured.append((statement, params))

    out: dict[str, Any] = {}
    try:
        for name, call in scenarios(reg, meta, page).items():
            if only and name not in only:
                continue
            call()  # warm
            durations = []
            for _ in range(5):
                captured.clear()
                t0 = time.perf_counter()
                call()
                durations.append((time.perf_counter() - t0) * 1000)
            statements = []
            for statement, params in list(captured):
                with db.engine.connect() as conn:
                    raw = conn.connection.driver_connection
                    if isinstance(raw, sqlite3.Connection):
                        measured = measure_sqlite(raw, statement, params)
                    else:
                        measured = measure_postgres(raw, statement, params)
                shown = re.sub(r"(\?, |%\(\w+\)s, ){3,}", "..., ", " ".join(statement.split()))
                statements.append({"sql": shown, "params": str(params)[:200], **measured})
            out[name] = {"service_ms": statistics.median(durations), "statements": statements}
    finally:
        reg.close()
    return out


def print_report(results: dict[str, Any]) -> None:
    """Print statements, plans, measures and flags per scenario."""
    for name, scenario in results.items():
        statements = scenario["statements"]
        print(
            f"\n=== {name}: {scenario['service_ms']:.2f} ms in the service (median of 5), "
            f"{len(statements)} statements"
        )
        for st in statements:
            work = (
                f"CPU {st['cpu_ms']:.2f} ms, {st['vm_steps']:,} VM steps"
                if "vm_steps" in st
                else f"planning {st['planning_ms']:.2f} ms, {st['buffers']:,} buffers, "
                f"largest node {st['max_node_rows']:,} rows"
            )
            print(f"--- {st['ms']:.2f} ms (best of {RUNS}), {work}: {st['sql'][:700]}")
            print(f"    params: {st['params'][:120]}")
            for line in st["plan"]:
                print("    " + line)
            for flag in st["flags"]:
                print("    !! " + flag)


def main() -> None:
    """Explain every scenario of a populated data set; print, and save with --json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_options(parser)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--page", type=int, default=50, help="the deep page (as search_bench)")
    parser.add_argument("--json", default=None, help="also save as bench/results/<NAME>.json")
    args = parser.parse_args()
    where = target(args.db, args.size, args.home, args.pg_database)
    meta = json.loads((where.home / "bench-meta.json").read_text())
    results = explain_all(where, meta, only=args.only, page=args.page)
    print_report(results)
    if args.json:
        save_results(args.json, {"db": args.db, "size": args.size, "scenarios": results})


if __name__ == "__main__":
    main()
