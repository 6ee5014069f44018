"""The scan worker of a real `modelreg serve`: restarted (and audited) when killed, gone when the
server is SIGKILLed, and reported by /readyz, the scans endpoint and `modelreg scan --wait` when
no worker runs."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
import psutil
import pytest

from modelreg.client import Client
from modelreg.schemas.models import ModelCreate

if TYPE_CHECKING:
    from conftest import Backend, Launcher, Server

pytestmark = pytest.mark.e2e

# How long to wait for a process to appear or go, or an event to be written: a bound on a
# poll, never an assertion on time.
BOUND = 120.0
T = TypeVar("T")


def until(probe: Callable[[], T | None], what: str) -> T:
    """Poll `probe` until it returns something, failing after BOUND seconds."""
    deadline = time.monotonic() + BOUND
    while (found := probe()) is None:
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)
    return found


def worker_pids(server: Server) -> set[int]:
    """Pids of the live `modelreg worker` children of the server process."""
    pids = set()
    for child in psutil.Process(server.process.pid).children():
        try:
            if "worker" in child.cmdline():
                pids.add(child.pid)
        except psutil.Error:  # exited (or a zombie not reaped yet) between listing and reading
            continue
    return pids


def gone(pid: int) -> bool:
    """True once the process has exited (a zombie nobody reaped yet counts as exited)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def readyz(server: Server) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{server.url}/readyz", timeout=10).json()
    return body


def cli(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        server.command(*args), env=server.env(), capture_output=True, text=True, timeout=180
    )


def push_sealed(server: Server, tmp_path: Path) -> str:
    name = f"sup-{uuid.uuid4().hex[:8]}"
    folder = tmp_path / name
    folder.mkdir()
    (folder / "config.json").write_bytes(b"{}")
    with Client(server.url, server.token) as client:
        client.models.create(
            ModelCreate(group="ops", name=name, risk_tier="low", license="Apache-2.0")
        )
    ref = f"ops/{name}@1.0.0"
    pushed = cli(server, "push", str(folder), ref, "--seal")
    assert pushed.returncode == 0, pushed.stderr
    return ref


def test_a_killed_worker_is_restarted_audited_and_scans(
    backend: Backend, launch_server: Launcher, tmp_path: Path
) -> None:
    server = launch_server(tmp_path, backend.new_database())
    first = until(lambda: next(iter(worker_pids(server)), None), "the scan worker to start")
    until(lambda: readyz(server)["checks"]["workers"]["alive"] or None, "a worker heartbeat")

    os.kill(first, signal.SIGKILL)
    second = until(
        lambda: next(iter(worker_pids(server) - {first}), None), "the worker to be restarted"
    )
    assert second != first

    with Client(server.url, server.token) as client:
        [event] = until(
            lambda: list(client.audit.events(action="worker.restarted")) or None,
            "the worker.restarted audit event",
        )
        assert client.audit.verify().ok
    assert event.actor == "system"
    assert event.details["previous_pid"] == first
    assert event.details["pid"] == second
    assert event.details["signal"] == "SIGKILL" and event.details["exit_code"] is None
    assert event.details["attempt"] == 1
    assert f"scan worker (pid {first}) exited with SIGKILL" in server.log.read_text()

    ref = push_sealed(server, tmp_path)
    scanned = cli(server, "scan", ref, "--wait", "120")
    assert scanned.returncode in (0, 3), scanned.stdout + scanned.stderr
    assert "scan status: complete" in scanned.stdout

    # The guarantee the supervisor keeps: a SIGKILLed server leaves no worker behind.
    server.kill()
    until(lambda: gone(second) or None, "the worker to exit after its server was killed")


def test_without_a_worker_readyz_scans_and_cli_say_so(
    backend: Backend, launch_server: Launcher, tmp_path: Path
) -> None:
    server = launch_server(tmp_path, backend.new_database(), args=["--no-scan-worker"])
    assert worker_pids(server) == set()
    idle = readyz(server)
    assert idle["status"] == "degraded"
    assert idle["checks"]["workers"]["alive"] == 0
    assert idle["checks"]["queue"] == {"queued": 0, "oldest_queued_seconds": None}

    ref = push_sealed(server, tmp_path)
    waiting = readyz(server)
    assert waiting["status"] == "degraded"
    assert waiting["checks"]["queue"]["queued"] >= 1
    assert isinstance(waiting["checks"]["queue"]["oldest_queued_seconds"], int)

    with Client(server.url, server.token) as client:
        queue = client.security.scans(ref).queue
    assert queue is not None and queue.state == "queued" and not queue.worker_alive
    assert "no worker alive" in queue.detail

    timed_out = cli(server, "scan", ref, "--wait", "2")
    assert timed_out.returncode == 4, timed_out.stdout + timed_out.stderr
    assert "waiting: scan queued for" in timed_out.stderr
    assert "no worker alive" in timed_out.stderr
    assert f"error: scans of {ref} not finished after 2 s" in timed_out.stderr
    assert "queue: scan queued for" in timed_out.stdout

    # A worker started elsewhere (here: once, on the same database) picks the job up.
    ran = cli(server, "worker", "--once")
    assert ran.returncode == 0, ran.stderr
    done = cli(server, "scan", ref, "--wait", "120")
    assert done.returncode in (0, 3), done.stdout + done.stderr
    assert "scan status: complete" in done.stdout and "queue:" not in done.stdout
