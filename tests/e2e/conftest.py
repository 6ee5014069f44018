"""End-to-end fixtures: a real `modelreg serve` process, on SQLite and (when configured) PostgreSQL.

The session server is started once per backend; tests that must kill a server start their own
through `launch_server`. Set MODELREG_TEST_DATABASE_URL=postgresql://... to add the PostgreSQL run
(required when CI=true).
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NoReturn
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

# The console script installed beside the interpreter running the tests.
MODELREG = str(Path(sys.executable).parent / "modelreg")
PG_ENV = "MODELREG_TEST_DATABASE_URL"
TOKEN_LINE = "admin token (shown once, store it now): "
STARTUP_SECONDS = 90.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def base_env(home: Path, database_url: str | None) -> dict[str, str]:
    """The environment of a modelreg process on `home` and the given database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELREG_")}
    env["MODELREG_HOME"] = str(home)
    if database_url is not None:
        env["MODELREG_DATABASE_URL"] = database_url
    return env


@dataclass
class Server:
    """A running `modelreg serve` process and how to reach it."""

    url: str
    token: str
    home: Path
    database_url: str | None
    process: subprocess.Popen[str]
    log: Path

    def command(self, *args: str) -> list[str]:
        """The argv of a `modelreg` CLI command (the installed console script)."""
        return [MODELREG, *args]

    def env(self) -> dict[str, str]:
        """Environment for CLI subprocesses: same home and database, plus URL and token."""
        env = base_env(self.home, self.database_url)
        env["MODELREG_URL"] = self.url
        env["MODELREG_TOKEN"] = self.token
        return env

    def kill(self) -> None:
        """SIGKILL the server (no cleanup of any kind) and reap it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Terminate the server gracefully, killing it if it does not stop."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def _pump(stream: IO[str], lines: queue.Queue[str], log: Path) -> None:
    """Copy the server's stdout into a queue and a log file (so the pipe never fills up)."""
    with log.open("a") as out:
        for line in stream:
            out.write(line)
            out.flush()
            lines.put(line)


def start_server(
    workdir: Path, database_url: str | None, *, token: str | None = None, args: Sequence[str] = ()
) -> Server:
    """Start `modelreg serve [args]` on `workdir/home`; `token` is the admin token of an earlier
    start.

    On a fresh home the admin token is read from the banner; then /healthz is polled.
    """
    home = workdir / "home"
    log = workdir / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("a") as err:
        process = subprocess.Popen(
            [MODELREG, "serve", "--port", str(port), *args],
            env=base_env(home, database_url),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines, log), daemon=True).start()
    deadline = time.monotonic() + STARTUP_SECONDS

    def failed(why: str) -> NoReturn:
        process.kill()
        pytest.fail(f"modelreg serve {why}; log:\n{log.read_text()}")

    while token is None:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
        except queue.Empty:
            failed("printed no admin token in time")
        if line.startswith(TOKEN_LINE):
            token = line[len(TOKEN_LINE) :].strip()
        elif process.poll() is not None:
            failed(f"exited with {process.returncode}")
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            failed(f"exited with {process.returncode}")
        if time.monotonic() > deadline:
            failed("did not answer /healthz in time")
        time.sleep(0.1)
    return Server(url, token, home, database_url, process, log)


def _pg_exec(admin_url: str, sql: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.encode())


@dataclass
class Backend:
    """A database backend that hands out fresh, empty databases (None: SQLite in the home)."""

    name: str
    admin_url: str | None = None
    created: list[str] = field(default_factory=list)

    def new_database(self) -> str | None:
        """A new empty database URL on PostgreSQL; None on SQLite (the server's default)."""
        if self.admin_url is None:
            return None
        name = f"modelreg_e2e_{uuid.uuid4().hex[:12]}"
        _pg_exec(self.admin_url, f"CREATE DATABASE {name}")
        self.created.append(name)
        return urlsplit(self.admin_url)._replace(path=f"/{name}").geturl()

    def drop_all(self) -> None:
        """Drop every database this backend created."""
        for name in self.created:
            assert self.admin_url is not None
            _pg_exec(self.admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """Each database backend; PostgreSQL needs MODELREG_TEST_DATABASE_URL (mandatory in CI)."""
    if request.param == "sqlite":
        yield Backend("sqlite")
        return
    admin_url = os.environ.get(PG_ENV, "").replace("postgresql+psycopg://", "postgresql://")
    if not admin_url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true needs {PG_ENV} to run the e2e tests on PostgreSQL")
        pytest.skip(f"set {PG_ENV}=postgresql://... to run the e2e tests on PostgreSQL")
    pg = Backend("postgresql", admin_url)
    yield pg
    pg.drop_all()


@pytest.fixture(scope="session")
def server(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real `modelreg serve` on a fresh home and database, shared by the session."""
    running = start_server(
        tmp_path_factory.mktemp(f"server-{backend.name}"), backend.new_database()
    )
    yield running
    running.stop()


Launcher = Callable[..., Server]


@pytest.fixture
def launch_server() -> Iterator[Launcher]:
    """`start_server` for tests that need their own server; stops what it started at teardown."""
    started: list[Server] = []

    def launch(
        workdir: Path,
        database_url: str | None,
        *,
        token: str | None = None,
        args: Sequence[str] = (),
    ) -> Server:
        running = start_server(workdir, database_url, token=token, args=args)
        started.append(running)
        return running

    yield launch
    for running in started:
        running.stop()
