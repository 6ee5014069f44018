"""Worker heartbeats and what they tell /readyz and the scans endpoint, on both databases."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from api_support import Api
from sqlalchemy import select, update

from modelreg.services.jobs import QUEUED
from modelreg.services.workers import ALIVE_WITHIN, FORGET_AFTER, liveness
from modelreg.storage.tables import JobRow, WorkerHeartbeatRow
from modelreg.storage.types import utcnow
from modelreg.wiring import Registry

M = "/api/v1/models/liveness/model"
V = M + "/versions/1.0.0"


def _sealed_version(api: Api, owner: dict[str, str]) -> None:
    model = {"group": "liveness", "name": "model", "risk_tier": "low", "license": "MIT"}
    assert api.http.post("/api/v1/models", json=model, headers=owner).status_code == 201
    assert api.http.post(M + "/versions", json={"version": "1.0.0"}, headers=owner).is_success
    assert api.http.put(V + "/artifacts/w.txt", content=b"weights", headers=owner).is_success
    assert api.http.post(V + "/seal", headers=owner).is_success


def test_a_worker_is_alive_while_its_heartbeat_is_recent(registry: Registry) -> None:
    workers = registry.workers
    worker_id = workers.register("host-a:11", "host-a", 11)
    with registry.db.read() as s:
        seen = s.get(WorkerHeartbeatRow, worker_id)
        assert seen is not None
        first = seen.last_seen
        assert liveness(s, first).alive == 1
        assert liveness(s, first + ALIVE_WITHIN).alive == 1
        assert liveness(s, first + ALIVE_WITHIN + timedelta(seconds=1)).alive == 0
        assert liveness(s, first + ALIVE_WITHIN + timedelta(seconds=1)).last_seen == first
    workers.beat(worker_id, "host-a:11", "host-a", 11)
    with registry.db.read() as s:
        beaten = s.get(WorkerHeartbeatRow, worker_id)
        assert beaten is not None and beaten.last_seen >= first
        assert (beaten.host, beaten.pid, beaten.started_at) == ("host-a", 11, first)
    workers.deregister(worker_id, "host-a:11")
    with registry.db.read() as s:
        assert liveness(s, utcnow()).alive == 0
        assert liveness(s, utcnow()).last_seen is None


def test_a_heartbeat_recreates_a_removed_row(registry: Registry) -> None:
    workers = registry.workers
    worker_id = workers.register("host-b:12", "host-b", 12)
    workers.deregister(worker_id, "host-b:12")
    workers.beat(worker_id, "host-b:12", "host-b", 12)
    with registry.db.read() as s:
        assert liveness(s, utcnow()).alive == 1


def test_starting_a_worker_forgets_long_dead_ones(registry: Registry) -> None:
    workers = registry.workers
    dead = workers.register("host-c:13", "host-c", 13)
    with registry.db.write_session() as s:
        s.execute(
            update(WorkerHeartbeatRow)
            .where(WorkerHeartbeatRow.id == dead)
            .values(last_seen=utcnow() - FORGET_AFTER - timedelta(minutes=1))
        )
        s.commit()
    alive = workers.register("host-c:14", "host-c", 14)
    with registry.db.read() as s:
        ids = set(s.execute(select(WorkerHeartbeatRow.id)).scalars())
    assert ids == {alive}


def test_a_running_worker_beats_until_it_stops(registry: Registry) -> None:
    worker = registry.worker("itest-host:17")
    stop = threading.Event()
    loop = threading.Thread(target=worker.run_forever, args=(stop,), kwargs={"poll_seconds": 0.05})
    loop.start()
    try:
        deadline = time.monotonic() + 60  # a bound on the poll, not an assertion on time
        while True:
            with registry.db.read() as s:
                names = list(s.execute(select(WorkerHeartbeatRow.name)).scalars())
            if names or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert names == ["itest-host:17"]
    finally:
        stop.set()
        loop.join()
    with registry.db.read() as s:
        assert list(s.execute(select(WorkerHeartbeatRow.id)).scalars()) == []


def test_readyz_is_degraded_not_unready_without_a_worker(api: Api) -> None:
    resp = api.http.get("/readyz")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok" and body["checks"]["blob_store"] == "ok"
    assert body["checks"]["workers"]["alive"] == 0
    assert body["checks"]["workers"]["last_heartbeat_seconds"] is None
    assert body["checks"]["queue"] == {"queued": 0, "oldest_queued_seconds": None}
    api.registry.workers.register("host-d:15", "host-d", 15)
    ready = api.http.get("/readyz").json()
    assert ready["status"] == "ready"
    assert ready["checks"]["workers"]["alive"] == 1


def test_readiness_reports_the_oldest_queued_job(api: Api, owner: dict[str, str]) -> None:
    _sealed_version(api, owner)
    with api.registry.db.read() as s:
        queued = list(s.execute(select(JobRow).where(JobRow.state == QUEUED)).scalars())
    assert len(queued) >= 1
    oldest = min(job.created_at for job in queued)
    report = api.registry.workers.report(now=oldest + timedelta(seconds=754))
    assert report["queue"] == {"queued": len(queued), "oldest_queued_seconds": 754}
    assert report["workers"]["alive"] == 0


def test_scans_say_no_worker_is_alive_until_one_beats(api: Api, owner: dict[str, str]) -> None:
    _sealed_version(api, owner)
    state = api.http.get(V + "/scans", headers=owner).json()
    assert state["status"] == "pending"
    queue = state["queue"]
    assert queue["state"] == "queued" and queue["worker_alive"] is False
    assert queue["workers_alive"] == 0
    assert "no worker alive" in queue["detail"]
    assert queue["queued_since"] == min(j["created_at"] for j in state["pending_jobs"])

    api.registry.workers.register("host-e:16", "host-e", 16)
    queue = api.http.get(V + "/scans", headers=owner).json()["queue"]
    assert queue["worker_alive"] is True and queue["workers_alive"] == 1
    assert "no worker alive" not in queue["detail"]

    api.run_jobs()
    done = api.http.get(V + "/scans", headers=owner).json()
    assert done["pending_jobs"] == [] and done["queue"] is None


def test_scans_say_when_the_worker_holding_the_job_stopped_beating(
    api: Api, owner: dict[str, str]
) -> None:
    _sealed_version(api, owner)
    # A worker claimed the scan and died without a heartbeat; another worker is alive.
    claimed = api.registry.jobs.claim("dead-host:18", timedelta(minutes=2))
    assert claimed is not None
    api.registry.workers.register("host-g:19", "host-g", 19)
    queue = api.http.get(V + "/scans", headers=owner).json()["queue"]
    assert queue["state"] == "running" and queue["worker_alive"] is True
    assert "worker dead-host:18, which stopped sending heartbeats" in queue["detail"]
    assert "when its lease lapses at " in queue["detail"]

    api.registry.workers.register("dead-host:18", "dead-host", 18)
    queue = api.http.get(V + "/scans", headers=owner).json()["queue"]
    assert queue["detail"].startswith("scan running, queued ")


def test_a_worker_restart_is_audited(api: Api, admin: dict[str, str]) -> None:
    api.registry.workers.record_restart(
        host="host-f",
        previous_pid=100,
        pid=101,
        exit_code=None,
        signal="SIGKILL",
        attempt=1,
        delay_seconds=1.0,
        uptime_seconds=12.5,
    )
    events = api.http.get(
        "/api/v1/audit/events", params={"action": "worker.restarted"}, headers=admin
    ).json()["items"]
    assert [(e["actor"], e["subject"]) for e in events] == [("system", "worker:host-f:101")]
    assert events[0]["details"] == {
        "host": "host-f",
        "previous_pid": 100,
        "pid": 101,
        "exit_code": None,
        "signal": "SIGKILL",
        "attempt": 1,
        "delay_seconds": 1.0,
        "uptime_seconds": 12.5,
    }
    assert api.http.get("/api/v1/audit/verify", headers=admin).json()["ok"] is True
