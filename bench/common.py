"""Shared helpers of the benchmark scripts: a real `modelreg serve` process, RSS, percentiles.

The scripts are run by hand (see bench/README.md); nothing here is a test.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
MODELREG = VENV_BIN / "modelreg"
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_ROOT = Path(os.environ.get("MODELREG_BENCH_ROOT", "/tmp/modelreg-bench"))

PG_ADMIN_URL = os.environ.get("MODELREG_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
PG_BENCH_DB = "modelreg_bench"
# Sizes of the scale benchmark, by number of versions: models, each with 10 versions.
SCALE_SIZES = {"100k": 10_000, "300k": 30_000, "1m": 100_000}
TOKEN_FILE = "admin-token"  # written by populate.py, whose database already has users
_TOKEN_LINE = re.compile(r"admin token \(shown once, store it now\): (\S+)")
MIB = 1024 * 1024


# --- databases -----------------------------------------------------------------------------


def pg_url(database: str = PG_BENCH_DB) -> str:
    """URL of `database` on the benchmark PostgreSQL server (host and user of the admin URL)."""
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{database}"


def fresh_pg_database(database: str = PG_BENCH_DB) -> str:
    """Drop and create `database` (autocommit, through the admin database); return its URL."""
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", database):
        raise ValueError(f"unsafe database name {database!r}")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database}")
    return pg_url(database)


def database_url(db: str, home: Path, pg_database: str = PG_BENCH_DB) -> str:
    """The MODELREG_DATABASE_URL of a benchmark run on `db` (sqlite or postgresql)."""
    if db == "sqlite":
        return f"sqlite:///{home / 'modelreg.db'}"
    if db == "postgresql":
        return pg_url(pg_database)
    raise ValueError(f"unknown database {db!r}: use sqlite or postgresql")


def scale_home(size: str, db: str) -> Path:
    """The data directory of one scale size on one database, e.g. scale-1m-sqlite."""
    return DEFAULT_ROOT / f"scale-{size}-{db}"


def scale_pg_database(size: str) -> str:
    """The PostgreSQL database of one scale size, e.g. modelreg_bench_1m."""
    return f"{PG_BENCH_DB}_{size}"


@dataclass(frozen=True)
class Target:
    """Where one benchmark data set lives: its home, database URL and PostgreSQL database name."""

    db: str
    home: Path
    url: str
    pg_database: str


def target(
    db: str, size: str | None, home: Path | None = None, pg_database: str | None = None
) -> Target:
    """The data set named by the --size / --home / --pg-database options of a script.

    Without --size: the home search-<db> and database modelreg_bench, as before the scale sizes.
    """
    resolved = home or (scale_home(size, db) if size else DEFAULT_ROOT / f"search-{db}")
    name = pg_database or (scale_pg_database(size) if size else PG_BENCH_DB)
    return Target(db, resolved, database_url(db, resolved, name), name)


def add_target_options(parser: Any) -> None:
    """The --db, --size, --home and --pg-database options shared by populate, search and explain."""
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--size",
        choices=sorted(SCALE_SIZES),
        default=None,
        help="a scale size (versions): sets the models, home scale-<size>-<db> and PostgreSQL "
        "database modelreg_bench_<size>",
    )
    parser.add_argument("--home", type=Path, default=None, help="MODELREG_HOME")
    parser.add_argument(
        "--pg-database", default=None, help="PostgreSQL database name (default modelreg_bench)"
    )


def sqlalchemy_url(url: str) -> str:
    """The URL with the psycopg 3 driver made explicit, as the server's settings do."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def fresh_home(path: Path) -> Path:
    """An empty data directory at `path` (removed first if it exists)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port that is free right now on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A `modelreg serve` subprocess."""

    home: Path
    database_url: str
    workers: int = 1
    scan_worker: bool = False
    port: int = 0
    token: str = ""
    proc: subprocess.Popen[str] | None = None
    output: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def headers(self) -> dict[str, str]:
        """The admin bearer header."""
        return {"Authorization": f"Bearer {self.token}"}

    def start(self, timeout: float = 240.0) -> Server:
        """Start the server, read the admin token, and wait until /healthz answers.

        The timeout is generous: on a loaded 2-core machine, `--workers 2` took 60 s to answer.
        """
        self.port = self.port or free_port()
        env = dict(os.environ)
        env["MODELREG_HOME"] = str(self.home)
        env["MODELREG_DATABASE_URL"] = self.database_url
        # By default the API alone: the scan worker `serve` would start is a separate role,
        # measured by scan_bench.py, and would otherwise count in the server's RSS and CPU.
        # Scenarios whose promotions need completed scans (mixed_load.py) ask for it.
        args = [str(MODELREG), "serve", "--port", str(self.port), "--workers", str(self.workers)]
        args.append("--scan-worker" if self.scan_worker else "--no-scan-worker")
        log = (self.home / "server.log").open("a")
        self.proc = subprocess.Popen(
            args, env=env, stdout=subprocess.PIPE, stderr=log, text=True, cwd=self.home
        )
        log.close()
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"modelreg serve exited with {self.proc.returncode}; see {self.home}/server.log"
                )
            if self._healthy():
                break
            time.sleep(0.1)
        else:
            self.stop()
            raise TimeoutError(f"modelreg serve did not answer /healthz within {timeout:.0f} s")
        self.token = self._find_token()
        return self

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line.rstrip("\n"))

    def _healthy(self) -> bool:
        try:
            return httpx.get(self.base_url + "/healthz", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def _find_token(self) -> str:
        # The token line is printed before uvicorn binds, so it is already read by now.
        for _ in range(20):
            for line in self.output:
                match = _TOKEN_LINE.search(line)
                if match:
                    return match.group(1)
            time.sleep(0.05)
        token_file = self.home / TOKEN_FILE
        if token_file.exists():  # a populated database: populate.py stored the token
            return token_file.read_text().strip()
        raise RuntimeError("no admin token printed and no admin-token file in the home")

    def processes(self) -> list[psutil.Process]:
        """The server process and all its children (uvicorn workers)."""
        assert self.proc is not None
        parent = psutil.Process(self.proc.pid)
        return [parent, *parent.children(recursive=True)]

    def rss(self) -> int:
        """Resident set size of the server and its worker processes, in bytes."""
        total = 0
        for proc in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                total += proc.memory_info().rss
        return total

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the server and its worker processes."""
        total = 0.0
        for proc in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                times = proc.cpu_times()
                total += times.user + times.system
        return total

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM the server (uvicorn shuts its workers down), then kill what is left."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for child in children:
            if child.is_running():
                child.kill()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class RssSampler:
    """Samples a server's RSS every `interval` seconds in a background thread; keeps the peak."""

    def __init__(self, server: Server, interval: float = 0.05) -> None:
        self.server = server
        self.interval = interval
        self.baseline = server.rss()
        self.peak = self.baseline
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss())
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.server.rss())

    @property
    def growth(self) -> int:
        """Peak minus the RSS before sampling started, in bytes."""
        return self.peak - self.baseline


# --- statistics and reporting --------------------------------------------------------------


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max of durations in seconds, as milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "mean": sum(ms) / len(ms) if ms else math.nan,
        "max": max(ms) if ms else math.nan,
    }


def median(values: Sequence[float]) -> float:
    """The median (50th percentile)."""
    return percentile(values, 50)


def machine() -> dict[str, Any]:
    """CPU count and model, RAM and Python version of this machine."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "python": platform.python_version(),
        "loadavg_1_5_15": os.getloadavg(),
        "platform": platform.platform(),
    }


def worktree_state() -> dict[str, str]:
    """Commit and uncommitted changes under src/ (others edit the tree while benchmarks run)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "src_changes": git("status", "--short", "src")}


def save_results(name: str, data: dict[str, Any]) -> Path:
    """Write results as JSON to bench/results/<name>.json and return the path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    data = {"machine": machine(), "argv": sys.argv, "worktree": worktree_state(), **data}
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path


def mib(n: float) -> float:
    """Bytes to MiB."""
    return n / MIB
