"""Mixed load (bench/locustfile.py) against one `modelreg serve` with its scan worker.

Owners search, read, push small versions and promote them; MRC members and security
architects approve production promotions; auditors read the audit log. The server runs on a copy
of the populated 10,000-model database (bench/populate.py, same --db) when it exists, otherwise on
a smaller catalogue this script creates through the API (--data seeded). Accounts and tokens are
created through the admin API before locust starts. Locust runs headless in its own process
(gevent) on the same machine: its CPU is recorded beside the server's.

Modes:
    run   one run: --users (50) for --duration (300 s) at each --workers value; target:
          no failure and read (all GET) p95 <= --target-ms (100).
    knee  for each --workers value (1 2 4): a fresh copy of the data and a fresh server, then the
          user counts of --steps, --step-duration (60 s) each, until read p95 passes the target;
          the knee is the first such user count.

Usage:
    .venv/bin/python bench/mixed_load.py run --db sqlite --users 50 --duration 300 --workers 1 2 4
    .venv/bin/python bench/mixed_load.py run --db postgresql --workers 1 2 4
    .venv/bin/python bench/mixed_load.py knee --db sqlite --workers 1 2 4 --step-duration 60
    .venv/bin/python bench/mixed_load.py knee --db postgresql --workers 1 2 4 --step-duration 60
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
from alembic.script import ScriptDirectory
from common import (
    DEFAULT_ROOT,
    PG_ADMIN_URL,
    PG_BENCH_DB,
    REPO,
    TOKEN_FILE,
    VENV_BIN,
    Server,
    database_url,
    fresh_home,
    fresh_pg_database,
    mib,
    pg_url,
    save_results,
    sqlalchemy_url,
)
from populate import DOMAINS, FRAMEWORKS, GROUPS, META_FILE, TEAMS, model_rows
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from modelreg.client import Client
from modelreg.domain.access import Role
from modelreg.schemas.models import ModelCreate
from modelreg.schemas.users import TokenCreate, UserCreate
from modelreg.schemas.versions import VersionCreate
from modelreg.storage import migrate

LOCUSTFILE = REPO / "bench" / "locustfile.py"
MIXED_PG_DB = "modelreg_bench_mixed"
POPULATED = {
    "sqlite": DEFAULT_ROOT / "search-sqlite",
    "postgresql": DEFAULT_ROOT / "search-postgresql",
}
ROLES = {
    "owner": Role.MODEL_OWNER,
    "mrc": Role.MRC,
    "security": Role.SECURITY_ARCHITECT,
    "auditor": Role.AUDITOR,
}
DEFAULT_MIX = "owner=6,mrc=1,security=1,auditor=1"
DEFAULT_STEPS = [5, 10, 20, 30, 50, 75, 100, 150, 200]
# Words of the catalogue searched by text: neither near-universal nor near-absent.
WORD_FREQ_RANGE = (0.005, 0.30)
# Server log lines that mean something went wrong on the server side.
LOG_PROBLEM = re.compile(r"Traceback|database is locked|deadlock|internal-error| 500 |ERROR", re.I)


# --- the data ------------------------------------------------------------------------------


@dataclass
class Dataset:
    """Where the server's data lives and what the catalogue holds."""

    kind: str  # "populated" (copy of populate.py's database) or "seeded" (created via the API)
    home: Path
    url: str
    catalog: dict[str, Any] = field(default_factory=dict)
    prepare_s: float = 0.0


def populated_problem(db: str) -> str | None:
    """Why populate.py's database for `db` cannot be used here, or None when it can."""
    source = POPULATED[db]
    if not (source / TOKEN_FILE).exists() or not (source / META_FILE).exists():
        return f"{source} has no {TOKEN_FILE} or {META_FILE}: run bench/populate.py --db {db}"
    if db == "sqlite" and not (source / "modelreg.db").exists():
        return f"{source}/modelreg.db does not exist: run bench/populate.py --db sqlite"
    url = database_url("sqlite", source) if db == "sqlite" else pg_url(PG_BENCH_DB)
    engine = create_engine(sqlalchemy_url(url))
    try:
        revision = migrate.current_revision(engine)
        known = {
            s.revision
            for s in ScriptDirectory.from_config(migrate.alembic_config(engine)).walk_revisions()
        }
    except OperationalError as exc:
        return f"cannot open the populated database: {exc.orig}"
    finally:
        engine.dispose()
    if revision not in known:
        # Populated by a newer checkout: this code cannot serve (or downgrade) that schema.
        return f"the populated database is at schema revision {revision}, unknown to this code"
    return None


def clone_pg(source: str, target: str, attempts: int = 10) -> str:
    """CREATE DATABASE target TEMPLATE source (fast, file-level copy); return target's URL.

    PostgreSQL refuses while anyone is connected to the source (e.g. search_bench.py running):
    retried for a while, then a clear error.
    """
    import psycopg
    from psycopg import errors

    for name in (source, target):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"unsafe database name {name!r}")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
        for attempt in range(attempts):
            try:
                conn.execute(f"CREATE DATABASE {target} TEMPLATE {source}")
                return pg_url(target)
            except errors.ObjectInUse:
                if attempt == attempts - 1:
                    raise SystemExit(
                        f"cannot copy {source}: another session is connected to it (a running "
                        "search benchmark?); retry when it is idle, or use --data seeded"
                    ) from None
                time.sleep(3)
    raise AssertionError("unreachable")


def copy_populated(db: str, home: Path) -> str:
    """A private copy of populate.py's data for `db` in `home`; the URL of its database."""
    source = POPULATED[db]
    fresh_home(home)
    for item in source.iterdir():
        if item.name.startswith("modelreg.db") or item.name == "server.log":
            continue
        if item.is_dir():
            shutil.copytree(item, home / item.name)
        else:
            shutil.copy2(item, home / item.name)
    if db == "postgresql":
        return clone_pg(PG_BENCH_DB, MIXED_PG_DB)
    # The backup API gives a consistent copy even if the file is open elsewhere.
    with (
        sqlite3.connect(source / "modelreg.db") as src,
        sqlite3.connect(home / "modelreg.db") as dst,
    ):
        src.backup(dst)
    return database_url("sqlite", home)


def search_words(doc_freq: dict[str, int], models: int) -> list[str]:
    """Vocabulary words found in 0.5-30 % of the models."""
    low, high = (f * models for f in WORD_FREQ_RANGE)
    return sorted(w for w, n in doc_freq.items() if low <= n <= high)


def prepare(db: str, kind: str, home: Path) -> Dataset:
    """A fresh copy of the populated data, or an empty home (and database) to seed."""
    t0 = time.perf_counter()
    if kind == "populated":
        url = copy_populated(db, home)
        meta = json.loads((home / META_FILE).read_text())
        catalog = {
            "words": search_words(meta["word_doc_freq"], meta["models"]),
            "teams": meta["teams"],
            "groups": meta["groups"],
            "domains": DOMAINS,
            "frameworks": FRAMEWORKS,
            "models": meta["sample_models"],
            "size": meta["models"],
        }
        return Dataset(kind, home, url, catalog, time.perf_counter() - t0)
    fresh_home(home)
    url = fresh_pg_database(MIXED_PG_DB) if db == "postgresql" else database_url("sqlite", home)
    return Dataset(kind, home, url, {}, time.perf_counter() - t0)


def seed_catalog(server: Server, n_models: int) -> dict[str, Any]:
    """Create `n_models` catalogue models with two versions each through the API (as admin)."""
    doc_freq: Counter[str] = Counter()
    samples: list[dict[str, str]] = []
    with Client(server.base_url, server.token) as admin:
        admin_id = admin.me().id
        for i, row in enumerate(model_rows(n_models, 2, [admin_id] * 2, seed=20261207)):
            model, _, tags, _, _, search = row
            admin.models.create(
                ModelCreate(
                    group=model["group_name"],
                    name=model["name"],
                    description=model["description"],
                    risk_tier=model["risk_tier"],
                    tags={t["key"]: t["value"] for t in tags},
                    task=model["task"],
                    framework=model["framework"],
                    license=model["license"],
                )
            )
            for version in ("1.0.0", "1.1.0"):
                admin.versions.create(model["full_name"], VersionCreate(version=version))
            doc_freq.update(set(re.findall(r"\w+", search.lower())))
            if i % 5 == 0:
                samples.append({"group": model["group_name"], "name": model["name"]})
    return {
        "words": search_words(dict(doc_freq), n_models),
        "teams": TEAMS,
        "groups": sorted({m["group"] for m in samples}) or GROUPS,
        "domains": DOMAINS,
        "frameworks": FRAMEWORKS,
        "models": samples,
        "size": n_models,
    }


def parse_mix(text: str) -> dict[str, int]:
    """`owner=6,mrc=1,...` as class weights (every class of ROLES, each at least 1)."""
    weights = {k.strip(): int(v) for k, v in (part.split("=") for part in text.split(","))}
    if set(weights) != set(ROLES) or min(weights.values()) < 1:
        raise SystemExit(f"--mix needs a weight >= 1 for each of {', '.join(ROLES)}")
    return weights


def account_counts(weights: dict[str, int], max_users: int) -> dict[str, int]:
    """Accounts per class for up to `max_users` users: locust's share, rounded up, plus two."""
    total = sum(weights.values())
    return {kind: math.ceil(max_users * w / total) + 2 for kind, w in weights.items()}


def seed_accounts(
    server: Server, dataset: Dataset, counts: dict[str, int]
) -> dict[str, list[dict[str, Any]]]:
    """Users and tokens through the admin API; each owner creates two models of its own."""
    teams, domains = dataset.catalog["teams"], dataset.catalog["domains"]
    accounts: dict[str, list[dict[str, Any]]] = {kind: [] for kind in counts}
    with Client(server.base_url, server.token) as admin:
        for kind, n in counts.items():
            for i in range(n):
                username = f"load-{kind}-{i:03d}"
                admin.users.create(UserCreate(username=username, roles=[ROLES[kind]]))
                issued = admin.tokens.issue(
                    username, TokenCreate(expires_in_days=2, label="mixed-load benchmark")
                )
                account: dict[str, Any] = {"username": username, "token": issued.token}
                if kind == "owner":
                    account["models"] = owner_models(server, issued.token, i, teams, domains)
                accounts[kind].append(account)
    return accounts


def owner_models(
    server: Server, token: str, i: int, teams: list[str], domains: list[str]
) -> list[str]:
    """The owner's two models (medium and low risk), created with the owner's own token."""
    names = []
    with Client(server.base_url, token) as owner:
        for suffix, tier in (("service-a", "medium"), ("service-b", "low")):
            created = owner.models.create(
                ModelCreate(
                    group=f"load-team-{i:03d}",
                    name=suffix,
                    description=f"Load-test model {suffix} of team {i}: calibration drift.",
                    risk_tier=tier,
                    tags={"team": teams[i % len(teams)], "domain": domains[i % len(domains)]},
                    task="tabular-classification",
                    framework="pytorch",
                    license="Apache-2.0",
                )
            )
            names.append(created.full_name)
    return names


def write_seed(
    home: Path,
    dataset: Dataset,
    accounts: dict[str, list[dict[str, Any]]],
    weights: dict[str, int],
    wait: tuple[float, float],
) -> Path:
    """The file locustfile.py reads (it holds tokens: owner-only permissions)."""
    catalog = {
        **dataset.catalog,
        "own_models": [m for a in accounts["owner"] for m in a["models"]],
    }
    path = home / "load-seed.json"
    path.touch(mode=0o600)
    path.write_text(
        json.dumps(
            {"weights": weights, "wait": list(wait), "accounts": accounts, "catalog": catalog}
        )
    )
    return path


# --- measuring the server and the load generator ------------------------------------------


def _cpu(proc: psutil.Process) -> float:
    """User + system CPU of a process and of its children it has waited for."""
    t = proc.cpu_times()
    return t.user + t.system + t.children_user + t.children_system


class Sampler:
    """Every second: CPU and RSS of the API processes, the scan worker and locust; load average.

    The server's processes are `serve` and its direct children (uvicorn workers, the scan
    worker); the scan worker's scanner children count once it has waited for them.
    """

    def __init__(self, server: Server) -> None:
        self.server = server
        self.locust: psutil.Process | None = None
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.rss_peak: Counter[str] = Counter()
        self.load_1min: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def processes(self) -> list[tuple[str, psutil.Process]]:
        """(role, process) of the server's processes and of locust."""
        assert self.server.proc is not None
        parent = psutil.Process(self.server.proc.pid)
        found = [("api", parent)]
        for child in parent.children(recursive=False):
            try:
                cmdline = child.cmdline()
            except psutil.Error:
                continue
            found.append(("scan_worker" if "worker" in cmdline else "api", child))
        if self.locust is not None:
            found.append(("locust", self.locust))
        return found

    def sample(self) -> None:
        """One sample of every process."""
        rss: Counter[str] = Counter()
        for role, proc in self.processes():
            try:
                cpu, resident = _cpu(proc), proc.memory_info().rss
            except psutil.Error:
                continue
            self.first.setdefault((role, proc.pid), cpu)
            self.last[(role, proc.pid)] = cpu
            rss[role] += resident
        for role, value in rss.items():
            self.rss_peak[role] = max(self.rss_peak[role], value)
        self.load_1min.append(os.getloadavg()[0])

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.sample()

    def start(self) -> Sampler:
        """Take the first sample and keep sampling in a thread."""
        self.sample()
        self._thread.start()
        return self

    def stop(self) -> dict[str, Any]:
        """Stop; CPU seconds and peak RSS per role."""
        self._stop.set()
        self._thread.join()
        self.sample()
        cpu: Counter[str] = Counter()
        for key, end in self.last.items():
            cpu[key[0]] += end - self.first[key]
        return {
            "cpu_s": dict(cpu),
            "rss_peak_mib": {role: round(mib(v), 1) for role, v in self.rss_peak.items()},
            "loadavg_1min_max": max(self.load_1min),
        }


def log_problems(log: Path, offset: int, output: list[str]) -> dict[str, Any]:
    """Problem lines in the server's log (stderr) after `offset` bytes and in its `output`."""
    with log.open("rb") as handle:
        handle.seek(offset)
        text = handle.read().decode(errors="replace")
    lines = [line for line in [*text.splitlines(), *output] if LOG_PROBLEM.search(line)]
    return {"count": len(lines), "first": lines[:20]}


# --- one locust run ------------------------------------------------------------------------


def run_locust(
    server: Server,
    seed: Path,
    users: int,
    duration: int,
    spawn_rate: float | None,
    work: Path,
    target_ms: float,
) -> dict[str, Any]:
    """Locust headless for `duration` s with `users` users; figures of the run."""
    rate = spawn_rate or max(5, math.ceil(users / 5))
    prefix = work / f"u{users:03d}"
    summary_path = prefix.with_suffix(".summary.json")
    summary_path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "MODELREG_LOAD_SEED": str(seed),
        "MODELREG_LOAD_SUMMARY": str(summary_path),
    }
    args = [
        str(VENV_BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(rate),
        "-t",
        f"{duration}s",
        "--host",
        server.base_url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    log_offset = (server.home / "server.log").stat().st_size
    output_mark = len(server.output)
    load_before = os.getloadavg()
    sampler = Sampler(server).start()
    t0 = time.monotonic()
    with (prefix.with_suffix(".locust.log")).open("w") as log:
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
        sampler.locust = psutil.Process(proc.pid)
        code = proc.wait(timeout=duration + 180)
    wall = time.monotonic() - t0
    measured = sampler.stop()
    if not summary_path.exists():
        raise RuntimeError(f"locust exited with {code} and wrote no summary; see {log.name}")
    summary = json.loads(summary_path.read_text())
    ready = httpx.get(server.base_url + "/readyz", timeout=10).json()
    problems = log_problems(server.home / "server.log", log_offset, server.output[output_mark:])
    failures = sum(e["failures"] for e in summary["entries"]) + sum(
        e["count"] for e in summary["exceptions"]
    )
    cpu = measured["cpu_s"]
    cores = os.cpu_count() or 1
    read_p95 = summary["reads"]["p95_ms"]
    return {
        "users": users,
        "spawn_rate": rate,
        "duration_s": duration,
        "wall_s": round(wall, 1),
        "locust_exit_code": code,
        "failures": failures,
        "read_p95_ms": read_p95,
        "target_met": failures == 0 and read_p95 is not None and read_p95 <= target_ms,
        "rps": summary["total"]["rps"],
        "reads": summary["reads"],
        "writes": summary["writes"],
        "requests": summary["entries"],
        "errors": summary["errors"],
        "exceptions": summary["exceptions"],
        "pipeline": summary["pipeline"],
        "cpu_s": cpu,
        # Share of the whole machine (all cores) used by each role during the run.
        "cpu_share_of_machine": {role: round(s / (wall * cores), 3) for role, s in cpu.items()},
        "rss_peak_mib": measured["rss_peak_mib"],
        "loadavg": {
            "before": load_before,
            "after": os.getloadavg(),
            "max_1min_during": measured["loadavg_1min_max"],
        },
        "scan_queue_at_end": ready.get("checks", {}).get("queue"),
        "scan_workers_at_end": ready.get("checks", {}).get("workers"),
        "server_log_problems": problems,
        "csv_prefix": str(prefix),
    }


# --- modes ---------------------------------------------------------------------------------


@dataclass
class Setup:
    """Everything a server run needs, from the command line."""

    db: str
    data: str
    weights: dict[str, int]
    wait: tuple[float, float]
    catalog_models: int
    spawn_rate: float | None
    target_ms: float
    root: Path


def with_server(setup: Setup, workers: int, max_users: int) -> tuple[Server, Path, dict[str, Any]]:
    """Fresh data, a started server (scan worker included), seeded accounts; the seed file."""
    home = setup.root / f"mixed-{setup.db}-w{workers}"
    dataset = prepare(setup.db, setup.data, home)
    server = Server(home, dataset.url, workers=workers, scan_worker=True)
    t0 = time.perf_counter()
    server.start()
    started = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        if dataset.kind == "seeded":
            dataset.catalog = seed_catalog(server, setup.catalog_models)
        catalog_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        counts = account_counts(setup.weights, max_users)
        accounts = seed_accounts(server, dataset, counts)
        seed = write_seed(home, dataset, accounts, setup.weights, setup.wait)
        accounts_s = time.perf_counter() - t0
    except BaseException:
        server.stop()
        raise
    info = {
        "dataset": dataset.kind,
        "catalog_models": dataset.catalog["size"],
        "prepare_s": round(dataset.prepare_s, 1),
        "server_start_s": round(started, 1),
        "seed_catalog_s": round(catalog_s, 1),
        "seed_accounts_s": round(accounts_s, 1),
        "accounts": counts,
        "home": str(home),
    }
    print(f"workers {workers}: {json.dumps(info)}", flush=True)
    work = home / "locust"
    work.mkdir(exist_ok=True)
    return server, seed, info


def print_run(workers: int, result: dict[str, Any]) -> None:
    """Per-request table of one run, then reads, writes, CPU, RSS and the pipeline."""
    print(
        f"\n--workers {workers}, {result['users']} users, {result['duration_s']} s: "
        f"{result['rps']:.1f} req/s, failures {result['failures']}"
    )
    print(f"{'request':66} {'n':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}")
    rows = sorted(result["requests"], key=lambda e: (e["method"], e["name"]))
    for e in [*rows, result["reads"], result["writes"]]:
        label = f"{e['method']} {e['name']}"[:66]
        print(
            f"{label:66} {e['requests']:6} {e['failures']:5} {e['p50_ms'] or 0:6.0f} "
            f"{e['p95_ms'] or 0:6.0f} {e['p99_ms'] or 0:6.0f}"
        )
    for error in result["errors"] + result["exceptions"]:
        print(f"  FAILURE x{error['count']}: {error.get('name', '')} {error['error'][:300]}")
    met = "met" if result["target_met"] else "NOT met"
    print(f"read p95 {result['read_p95_ms']} ms, 0 failures and p95 <= target: {met}")
    print(
        f"CPU s {result['cpu_s']} (share of machine {result['cpu_share_of_machine']}), "
        f"RSS peak MiB {result['rss_peak_mib']}, load {result['loadavg']}"
    )
    print(f"pipeline {result['pipeline']}; scan queue at end {result['scan_queue_at_end']}")
    if result["server_log_problems"]["count"]:
        print(f"server log problems: {result['server_log_problems']}")


def mode_run(setup: Setup, workers_list: list[int], users: int, duration: int) -> dict[str, Any]:
    """One run per --workers value on fresh data."""
    runs = {}
    for workers in workers_list:
        server, seed, info = with_server(setup, workers, users)
        try:
            result = run_locust(
                server,
                seed,
                users,
                duration,
                setup.spawn_rate,
                server.home / "locust",
                setup.target_ms,
            )
        finally:
            server.stop()
        runs[str(workers)] = {"setup": info, **result}
        print_run(workers, result)
    return {"runs": runs}


def mode_knee(
    setup: Setup, workers_list: list[int], steps: list[int], step_duration: int, past_knee: int
) -> dict[str, Any]:
    """Step the user count per --workers value until read p95 passes the target."""
    by_workers: dict[str, Any] = {}
    for workers in workers_list:
        server, seed, info = with_server(setup, workers, max(steps))
        results: list[dict[str, Any]] = []
        knee = None
        try:
            for users in steps:
                result = run_locust(
                    server,
                    seed,
                    users,
                    step_duration,
                    setup.spawn_rate,
                    server.home / "locust",
                    setup.target_ms,
                )
                results.append(result)
                print_step(workers, result)
                if knee is None and (result["read_p95_ms"] or 0) > setup.target_ms:
                    knee = users
                if knee is not None and len(results) > steps.index(knee) + past_knee:
                    break
        finally:
            server.stop()
        by_workers[str(workers)] = {"setup": info, "knee_users": knee, "steps": results}
    print_knee(by_workers, setup.target_ms)
    return {"by_workers": by_workers, "steps": steps, "step_duration_s": step_duration}


def print_step(workers: int, r: dict[str, Any]) -> None:
    """One line per knee step."""
    cpu = r["cpu_share_of_machine"]
    print(
        f"workers {workers} users {r['users']:4}: {r['rps']:6.1f} req/s  read p50/p95/p99 "
        f"{r['reads']['p50_ms'] or 0:5.0f}/{r['reads']['p95_ms'] or 0:5.0f}/"
        f"{r['reads']['p99_ms'] or 0:5.0f} ms  write p95 {r['writes']['p95_ms'] or 0:5.0f} ms  "
        f"failures {r['failures']}  CPU api {cpu.get('api', 0):.0%} "
        f"scan {cpu.get('scan_worker', 0):.0%} locust {cpu.get('locust', 0):.0%}  "
        f"load {r['loadavg']['max_1min_during']:.1f}",
        flush=True,
    )


def print_knee(by_workers: dict[str, Any], target_ms: float) -> None:
    """The knee per worker count."""
    print(f"\nknee (first user count with read p95 > {target_ms:.0f} ms):")
    for workers, data in by_workers.items():
        knee = data["knee_users"]
        last = data["steps"][-1]["users"] if data["steps"] else None
        print(f"  --workers {workers}: {knee if knee else f'not reached up to {last} users'}")


def main() -> None:
    """Parse the mode and its options, run, print, save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    run = modes.add_parser("run", help="one run per --workers value")
    run.add_argument("--users", type=int, default=50)
    run.add_argument("--duration", type=int, default=300, help="seconds")
    knee = modes.add_parser("knee", help="step the user count until read p95 > target")
    knee.add_argument("--steps", type=int, nargs="+", default=DEFAULT_STEPS)
    knee.add_argument("--step-duration", type=int, default=60, help="seconds per step")
    knee.add_argument("--past-knee", type=int, default=0, help="steps to run after the knee")
    for sub in (run, knee):
        sub.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
        sub.add_argument("--workers", type=int, nargs="+", default=[1] if sub is run else [1, 2, 4])
        sub.add_argument(
            "--data",
            choices=("auto", "populated", "seeded"),
            default="auto",
            help="auto: the populated database when populate.py made it, else seeded",
        )
        sub.add_argument("--catalog-models", type=int, default=500, help="--data seeded size")
        sub.add_argument("--mix", default=DEFAULT_MIX, help="user class weights")
        sub.add_argument("--wait", type=float, nargs=2, default=(1.0, 3.0), help="think time s")
        sub.add_argument("--spawn-rate", type=float, default=None, help="default users/5 per s")
        sub.add_argument("--target-ms", type=float, default=100.0)
        sub.add_argument("--root", type=Path, default=DEFAULT_ROOT)
        sub.add_argument("--out", default=None, help="results name (bench/results/NAME.json)")
    args = parser.parse_args()
    data = args.data
    if data != "seeded":
        problem = populated_problem(args.db)
        if problem and data == "populated":
            raise SystemExit(problem)
        if problem:
            print(f"not using the populated database: {problem}")
        data = "seeded" if problem else "populated"
    setup = Setup(
        db=args.db,
        data=data,
        weights=parse_mix(args.mix),
        wait=tuple(args.wait),
        catalog_models=args.catalog_models,
        spawn_rate=args.spawn_rate,
        target_ms=args.target_ms,
        root=args.root,
    )
    print(f"data: {data} ({args.db}); load generator and server share {os.cpu_count()} cores")
    if args.mode == "run":
        figures = mode_run(setup, args.workers, args.users, args.duration)
    else:
        figures = mode_knee(setup, args.workers, args.steps, args.step_duration, args.past_knee)
    name = args.out or f"mixed-{args.mode}-{args.db}"
    path = save_results(
        name,
        {
            "mode": args.mode,
            "db": args.db,
            "data": data,
            "mix": setup.weights,
            "wait_s": setup.wait,
            "target_read_p95_ms": setup.target_ms,
            "note": (
                f"locust (one process) and the server (API workers + scan worker) share the "
                f"machine's {os.cpu_count()} cores; cpu_share_of_machine shows each one's part"
            ),
            **figures,
        },
    )
    print(f"saved {path}")


if __name__ == "__main__":
    main()
