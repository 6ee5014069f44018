"""Download gate: what reading the security state costs every artifact download.

Every download runs `SecurityGate.check_download`, which reads the version's security state
(latest scan result per scanner, active exceptions, pending jobs) so that a file that executes
code when loaded is refused even with the wider download gate off. Before that, a download with
the gate off (the default) read nothing for it. This measures the added cost on a populated
database, SQLite or PostgreSQL:

* In process (no HTTP), interleaved call by call over `--versions` sealed, really scanned
  versions: `read_state` alone; the whole `check_download`; the same catalog reads without
  `read_state`; and `ArtifactService.locate` plus reading the bytes (the rest of a download).
* Over HTTP: GET of a small artifact (`--size` bytes) from two servers on the same database,
  the product as it is and one whose gate does nothing (as before, gate off), alternating in
  blocks of 20 requests on keep-alive connections; latency p50/p95/p99 and server CPU per
  download.

Both run twice: on freshly scanned versions, then after `--history` older re-check results per
version are added (a re-scan after an advisory or license-policy change appends one row, and
`read_state` reads every row of the version's digest to pick the newest per scanner).

Background data: `--background-models` models x 10 versions from populate.py's generator, bulk
inserted (no audit events), with one copy of the real scan results and a finished job for each
sealed version, so the indexes the read uses hold far more than the measured rows.

    .venv/bin/python bench/download_gate_bench.py --db sqlite
    .venv/bin/python bench/download_gate_bench.py --db postgresql   # database modelreg_bench_gate
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil
from common import (
    DEFAULT_ROOT,
    database_url,
    free_port,
    fresh_home,
    fresh_pg_database,
    save_results,
    summary_ms,
)
from populate import model_rows
from sqlalchemy import insert, select, text

from modelreg.config import Settings
from modelreg.domain.access import Principal, Role, may_download_flagged
from modelreg.domain.ids import new_id
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import VersionCreate
from modelreg.services.catalog import load_model, owner_ids, resolve_version
from modelreg.services.identity import SYSTEM_ACTOR
from modelreg.services.security_state import read_state
from modelreg.storage import migrate
from modelreg.storage.tables import (
    JobRow,
    ModelOwnerRow,
    ModelRow,
    ModelTagRow,
    ScanResultRow,
    VersionRow,
    VersionTagRow,
)
from modelreg.wiring import Registry, build_database, build_registry

PG_DATABASE = "modelreg_bench_gate"
GROUP, NAME, PATH = "gatebench", "target", "weights/model.safetensors"
BLOCK = 20  # HTTP requests to one server before switching to the other


@dataclass(frozen=True)
class Target:
    """A measured version: sealed, scanned, with one small artifact."""

    version: str
    version_id: str


# --- the two servers ------------------------------------------------------------------------


class _NoGate:
    """A gate that reads nothing: downloads as they were with the gate off, before the read."""

    def check_download(self, *_args: object) -> None:
        """Allow every download."""


def serve(port: int, skip_gate: bool) -> None:
    """Serve the API on the configured home and database, as `modelreg serve` does (1 worker)."""
    import uvicorn

    from modelreg.api.app import create_app

    settings = Settings()
    registry = build_registry(settings, build_database(settings))
    if skip_gate:
        registry.security_gate = _NoGate()  # type: ignore[assignment]
    # The options of `modelreg serve --workers 1` (cli/main.py `_serve_api`).
    uvicorn.run(
        create_app(registry), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )


class GateServer:
    """This script in `--serve` mode as a subprocess on a free port."""

    def __init__(self, home: Path, url: str, skip_gate: bool) -> None:
        self.port = free_port()
        env = {**os.environ, "MODELREG_HOME": str(home), "MODELREG_DATABASE_URL": url}
        argv = [sys.executable, __file__, "--serve", str(self.port)]
        log = (home / f"server-{'nogate' if skip_gate else 'gate'}.log").open("a")
        self.proc = subprocess.Popen(
            [*argv, "--skip-gate"] if skip_gate else argv, env=env, stdout=log, stderr=log
        )
        log.close()
        self.base_url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {home}")
            try:
                if httpx.get(self.base_url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError("server did not answer /healthz")

    def cpu_seconds(self) -> float:
        """User + system CPU time the server has used so far."""
        times = psutil.Process(self.proc.pid).cpu_times()
        return float(times.user + times.system)

    def stop(self) -> None:
        """Terminate the server and wait for it."""
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# --- data -------------------------------------------------------------------------------------


def _targets(registry: Registry, owner: Principal, count: int, size: int) -> list[Target]:
    """`count` versions of GROUP/NAME with one `size`-byte artifact, sealed and scanned."""
    registry.models.create_model(
        owner, ModelCreate(group=GROUP, name=NAME, risk_tier=RiskTier.LOW, license="MIT")
    )
    worker = registry.worker("bench")
    targets = []
    for i in range(count):
        version = f"1.0.{i}"
        registry.versions.create_version(owner, GROUP, NAME, VersionCreate(version=version))
        with registry.artifacts.new_writer() as writer:
            writer.write(os.urandom(size))
            blob = writer.commit()
        registry.artifacts.attach(
            owner, GROUP, NAME, version, PATH, blob, "application/octet-stream"
        )
        registry.versions.seal_version(owner, GROUP, NAME, version)
        while worker.run_once():
            pass
        status = registry.scans.status(GROUP, NAME, version)["status"]
        if status != "complete":
            raise RuntimeError(f"{GROUP}/{NAME}@{version}: scan status {status}")
        with registry.db.read() as s:
            model = load_model(s, GROUP, NAME)
            targets.append(Target(version, resolve_version(s, model, version).id))
    return targets


def _result_rows(registry: Registry, version_id: str) -> list[dict[str, Any]]:
    """The stored scan results of a version, as insertable dicts."""
    with registry.db.read() as s:
        rows = s.execute(select(ScanResultRow).where(ScanResultRow.version_id == version_id))
        columns = [c.key for c in ScanResultRow.__table__.columns]
        return [{c: getattr(row, c) for c in columns} for row in rows.scalars()]


def _insert(registry: Registry, table: Any, rows: list[dict[str, Any]]) -> None:
    """Bulk-insert `rows` into `table` in one transaction (bypassing the services)."""
    session = registry.db.write_session()
    try:
        for start in range(0, len(rows), 5000):
            session.execute(insert(table), rows[start : start + 5000])
        session.commit()
    finally:
        session.close()


def _background(
    registry: Registry, owners: list[str], models: int, template: list[dict[str, Any]]
) -> int:
    """Bulk-insert `models` x 10 versions with scan results and a job per sealed version."""
    sealed = 0
    rows = model_rows(models, 10, owners, seed=20261207)
    for start in range(0, models, 500):
        chunk = [next(rows) for _ in range(min(500, models - start))]
        versions = [v for c in chunk for v in c[3]]
        results, jobs = [], []
        for version in versions:
            if version["sealed_at"] is None:
                continue
            sealed += 1
            scan_id = new_id()
            for result in template:
                results.append(
                    {
                        **copy.deepcopy(result),
                        "id": new_id(),
                        "version_id": version["id"],
                        "version_digest": version["manifest_digest"],
                        "scan_id": scan_id,
                    }
                )
            finished = version["sealed_at"] + timedelta(minutes=2)
            jobs.append(
                {
                    "id": scan_id,
                    "kind": "scan",
                    "version_id": version["id"],
                    "payload": {},
                    "state": "done",
                    "attempts": 1,
                    "run_after": version["sealed_at"],
                    "created_at": version["sealed_at"],
                    "started_at": version["sealed_at"],
                    "finished_at": finished,
                }
            )
        for table, data in (
            (ModelRow, [c[0] for c in chunk]),
            (ModelOwnerRow, [r for c in chunk for r in c[1]]),
            (ModelTagRow, [r for c in chunk for r in c[2]]),
            (VersionRow, versions),
            (VersionTagRow, [r for c in chunk for r in c[4]]),
            (ScanResultRow, results),
            (JobRow, jobs),
        ):
            _insert(registry, table, data)
    return sealed


def _add_history(registry: Registry, targets: list[Target], history: int) -> None:
    """`history` older re-check results of the vulnerability scanner for each target."""
    rows = []
    for target in targets:
        for result in _result_rows(registry, target.version_id):
            if result["scanner"] != "vulnerability":
                continue
            for k in range(history):
                earlier = timedelta(days=k + 1)
                rows.append(
                    {
                        **copy.deepcopy(result),
                        "id": new_id(),
                        "scan_id": new_id(),
                        "trigger": "advisories",
                        "started_at": result["started_at"] - earlier,
                        "finished_at": result["finished_at"] - earlier,
                    }
                )
    _insert(registry, ScanResultRow, rows)


def _analyze(registry: Registry) -> None:
    """PostgreSQL: ANALYZE after the bulk load, as autovacuum would within a minute."""
    if registry.db.engine.dialect.name == "postgresql":
        with registry.db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


# --- measurements -----------------------------------------------------------------------------


def _in_process(
    registry: Registry, reader: Principal, targets: list[Target], calls: int
) -> dict[str, Any]:
    """Per-call timings of the gate and its parts, interleaved, rotating over the targets."""
    severity = registry.policies.block_severity
    gate = registry.security_gate

    def state_read(t: Target) -> float:
        with registry.db.read() as s:
            row = s.get(VersionRow, t.version_id)
            assert row is not None
            start = time.perf_counter()
            read_state(s, row, severity)
            return time.perf_counter() - start

    def whole_gate(t: Target) -> float:
        start = time.perf_counter()
        gate.check_download(reader, GROUP, NAME, t.version)
        return time.perf_counter() - start

    def gate_without_state_read(t: Target) -> float:
        # SecurityGate.check_download's read transaction without its `read_state` call.
        start = time.perf_counter()
        with gate.tx.read() as s:
            model = load_model(s, GROUP, NAME)
            resolve_version(s, model, t.version)
            may_download_flagged(reader, owner_ids(s, model.id))
        return time.perf_counter() - start

    def rest_of_download(t: Target) -> float:
        start = time.perf_counter()
        location = registry.artifacts.locate(GROUP, NAME, t.version, PATH)
        for _ in registry.artifacts.read_bytes(location, 0, None):
            pass
        return time.perf_counter() - start

    variants: dict[str, Callable[[Target], float]] = {
        "read_state": state_read,
        "check_download": whole_gate,
        "check_download_without_read_state": gate_without_state_read,
        "locate_and_read_bytes": rest_of_download,
    }
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for i in range(calls + 50):
        target = targets[i % len(targets)]
        for name, measure in variants.items():
            elapsed = measure(target)
            if i >= 50:  # warm-up: connection pool, statement caches
                samples[name].append(elapsed)
    out: dict[str, Any] = {name: summary_ms(values) for name, values in samples.items()}
    # What the read adds to the gate, and what the whole gate adds to a download: before the
    # read, a download with the gate off ran none of it (nor does the "without_gate" server).
    gate = out["check_download"]["p50"]
    out["read_state_added_ms_p50"] = gate - out["check_download_without_read_state"]["p50"]
    out["gate_added_ms_p50"] = gate
    return out


def _http(
    servers: dict[str, GateServer], token: str, targets: list[Target], requests: int, size: int
) -> dict[str, Any]:
    """Download latency and server CPU per download on each server, alternating blocks."""
    headers = {"Authorization": f"Bearer {token}"}
    clients = {
        name: httpx.Client(base_url=server.base_url, headers=headers, timeout=60)
        for name, server in servers.items()
    }
    urls = [f"/api/v1/models/{GROUP}/{NAME}/versions/{t.version}/artifacts/{PATH}" for t in targets]
    samples: dict[str, list[float]] = {name: [] for name in servers}
    cpu: dict[str, float] = dict.fromkeys(servers, 0.0)
    try:
        for client in clients.values():  # warm-up
            for url in urls * 3:
                client.get(url).raise_for_status()
        order = list(servers)
        done = 0
        while done < requests:
            for name in order:
                client, server = clients[name], servers[name]
                cpu_before = server.cpu_seconds()
                for k in range(BLOCK):
                    url = urls[(done + k) % len(urls)]
                    start = time.perf_counter()
                    response = client.get(url)
                    elapsed = time.perf_counter() - start
                    if response.status_code != 200 or len(response.content) != size:
                        raise RuntimeError(f"{name}: {response.status_code} for {url}")
                    samples[name].append(elapsed)
                cpu[name] += server.cpu_seconds() - cpu_before
            order.reverse()  # neither server always goes first
            done += BLOCK
    finally:
        for client in clients.values():
            client.close()
    out: dict[str, Any] = {}
    for name, values in samples.items():
        out[name] = {**summary_ms(values), "server_cpu_ms": 1000 * cpu[name] / len(values)}
    gate, none = out["with_gate"], out["without_gate"]
    out["added_ms_p50"] = gate["p50"] - none["p50"]
    out["added_ms_p95"] = gate["p95"] - none["p95"]
    out["added_server_cpu_ms"] = gate["server_cpu_ms"] - none["server_cpu_ms"]
    return out


def _print_phase(label: str, phase: dict[str, Any]) -> None:
    print(f"\n{label}")
    for name in ("read_state", "check_download", "check_download_without_read_state"):
        s = phase["in_process"][name]
        print(f"  in process {name:34} p50 {s['p50']:6.2f} ms  p95 {s['p95']:6.2f} ms")
    s = phase["in_process"]["locate_and_read_bytes"]
    print(f"  in process {'locate + read bytes':34} p50 {s['p50']:6.2f} ms  p95 {s['p95']:6.2f} ms")
    for name in ("with_gate", "without_gate"):
        s = phase["http"][name]
        print(
            f"  HTTP GET {name:14} p50 {s['p50']:6.2f} ms  p95 {s['p95']:6.2f} ms  "
            f"p99 {s['p99']:6.2f} ms  server CPU {s['server_cpu_ms']:5.2f} ms/download"
        )
    http, local = phase["http"], phase["in_process"]
    print(
        f"  added per download vs no gate: HTTP p50 {http['added_ms_p50']:+.2f} ms, p95 "
        f"{http['added_ms_p95']:+.2f} ms, server CPU {http['added_server_cpu_ms']:+.2f} ms; in "
        f"process p50 {local['gate_added_ms_p50']:+.2f} ms, of which the state read "
        f"{local['read_state_added_ms_p50']:+.2f} ms"
    )


def main() -> None:
    """Populate, measure both phases, print and save bench/results/download-gate-<db>.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--versions", type=int, default=20, help="measured versions")
    parser.add_argument("--size", type=int, default=4096, help="artifact size, bytes")
    parser.add_argument("--background-models", type=int, default=1000)
    parser.add_argument("--history", type=int, default=30, help="re-check results per version")
    parser.add_argument("--calls", type=int, default=2000, help="in-process calls per variant")
    parser.add_argument("--requests", type=int, default=1000, help="HTTP GETs per server")
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--skip-gate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.serve, args.skip_gate)
        return
    load_before = os.getloadavg()
    home = fresh_home(args.home or DEFAULT_ROOT / f"download-gate-{args.db}")
    url = (
        fresh_pg_database(PG_DATABASE) if args.db == "postgresql" else database_url("sqlite", home)
    )
    settings = Settings(home=home, database_url=url)
    registry = build_registry(settings, build_database(settings))
    migrate.upgrade(registry.db.engine)
    user = registry.identity.create_user(
        actor=SYSTEM_ACTOR, username="owner", roles=frozenset({Role.MODEL_OWNER})
    )
    owner = Principal(user.id, user.username, frozenset({Role.MODEL_OWNER}))
    # A deployment system: may download, is neither an owner nor a security architect.
    sre = registry.identity.create_user(
        actor=SYSTEM_ACTOR, username="deployer", roles=frozenset({Role.SRE})
    )
    reader = Principal(sre.id, sre.username, frozenset({Role.SRE}))
    token = registry.identity.issue_token(
        actor=SYSTEM_ACTOR, username="deployer", expires_in=timedelta(days=1)
    ).token
    t0 = time.perf_counter()
    targets = _targets(registry, owner, args.versions, args.size)
    template = _result_rows(registry, targets[0].version_id)
    other = registry.identity.create_user(
        actor=SYSTEM_ACTOR, username="owner-2", roles=frozenset({Role.MODEL_OWNER})
    )
    background = _background(registry, [user.id, other.id], args.background_models, template)
    _analyze(registry)
    setup_s = time.perf_counter() - t0
    print(
        f"{args.db}: {len(targets)} scanned versions, {args.background_models * 10:,} background "
        f"versions ({background:,} sealed, {background * len(template):,} scan results), "
        f"setup {setup_s:.0f} s"
    )
    phases: dict[str, Any] = {}
    for label, history in (("fresh", 0), ("history", args.history)):
        if history:
            _add_history(registry, targets, history)
            _analyze(registry)
        servers = {
            "with_gate": GateServer(home, url, skip_gate=False),
            "without_gate": GateServer(home, url, skip_gate=True),
        }
        try:
            phase = {
                "history_per_version": history,
                "in_process": _in_process(registry, reader, targets, args.calls),
                "http": _http(servers, token, targets, args.requests, args.size),
            }
        finally:
            for server in servers.values():
                server.stop()
        phases[label] = phase
        _print_phase(f"{label} ({history} re-check results per version)", phase)
    registry.close()
    path = save_results(
        f"download-gate-{args.db}",
        {
            "db": args.db,
            "versions": args.versions,
            "artifact_bytes": args.size,
            "background_versions": args.background_models * 10,
            "background_sealed_with_results": background,
            "scan_results_per_scan": len(template),
            "calls": args.calls,
            "requests": args.requests,
            "http_block": BLOCK,
            "setup_s": setup_s,
            "loadavg_before": load_before,
            "phases": phases,
        },
    )
    print(f"saved {path}")


if __name__ == "__main__":
    main()
