"""Resident memory of a whole `modelreg serve` (API workers + scan worker) under search load.

The issue's target is <= 300 MiB for the API and the worker together. This starts `serve` WITH
its scan worker on a populated database (bench/populate.py), loads it with 8 keep-alive clients
doing the text search and single gets for `--duration` seconds, scans one small uploaded version
through the worker meanwhile, and samples every process every 100 ms: summed RSS (what the
target names; shared library pages count once per process) and summed PSS (shared pages split
between the processes that map them, the fairer sum). Saves bench/results/memory-<db>-w<N>.json.

    .venv/bin/python bench/memory_bench.py --db sqlite
    .venv/bin/python bench/memory_bench.py --db postgresql --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from common import (
    DEFAULT_ROOT,
    Server,
    database_url,
    machine,
    mib,
    save_results,
    worktree_state,
)

MODEL = {"group": "bench-memory", "name": "probe", "risk_tier": "low", "license": "Apache-2.0"}


def _sample(server: Server) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for proc in server.processes():
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            info = proc.memory_full_info()
            name = " ".join(proc.cmdline()[1:3]) or proc.name()
            out[f"{proc.pid} {name}"] = {"rss": info.rss, "pss": info.pss}
    return out


def _load(server: Server, paths: list[str], stop: threading.Event, counts: list[int]) -> None:
    with httpx.Client(base_url=server.base_url, headers=server.headers, timeout=30) as client:
        i = 0
        while not stop.is_set():
            resp = client.get(paths[i % len(paths)])
            counts[0 if resp.status_code == 200 else 1] += 1
            i += 1


def _scan_one(server: Server) -> str:
    """Push a small version and wait for its scan: the worker's memory is then measured busy."""
    with httpx.Client(base_url=server.base_url, headers=server.headers, timeout=60) as client:
        client.post("/api/v1/models", json=MODEL)
        base = f"/api/v1/models/{MODEL['group']}/{MODEL['name']}/versions"
        version = f"1.0.{int(time.time())}"
        client.post(base, json={"version": version}).raise_for_status()
        body = json.dumps({"weights": list(range(20_000))}).encode()
        client.put(
            f"{base}/{version}/artifacts/model.json",
            content=body,
            headers={"X-Content-SHA256": hashlib.sha256(body).hexdigest()},
        ).raise_for_status()
        client.post(f"{base}/{version}/seal").raise_for_status()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            scans = client.get(f"{base}/{version}/scans").json()
            if scans.get("status") == "complete":
                return "complete"
            time.sleep(0.5)
        return "not complete after 120 s"


def main() -> None:
    """Run the measurement and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    home = args.home or DEFAULT_ROOT / f"search-{args.db}"
    meta = json.loads((home / "bench-meta.json").read_text())
    model = meta["sample_models"][0]
    word = min(meta["word_doc_freq"].items(), key=lambda kv: abs(kv[1] / meta["models"] - 0.05))
    paths = [
        f"/api/v1/models?q={word[0]}&limit=100",
        f"/api/v1/models/{model['group']}/{model['name']}",
        f"/api/v1/models/{model['group']}/{model['name']}/versions?limit=100",
    ]
    server = Server(
        home=home,
        database_url=database_url(args.db, home),
        workers=args.workers,
        scan_worker=True,
    ).start()
    try:
        time.sleep(2)  # let the scan worker finish importing
        idle = _sample(server)
        stop = threading.Event()
        counts = [0, 0]
        threads = [
            threading.Thread(target=_load, args=(server, paths, stop, counts))
            for _ in range(args.clients)
        ]
        for t in threads:
            t.start()
        peak_rss = peak_pss = 0
        peak: dict[str, dict[str, int]] = {}
        scan = {"state": "not started"}
        scanner = threading.Thread(target=lambda: scan.update(state=_scan_one(server)))
        scanner.start()
        deadline = time.monotonic() + args.duration
        while time.monotonic() < deadline or scanner.is_alive():
            sample = _sample(server)
            rss = sum(p["rss"] for p in sample.values())
            pss = sum(p["pss"] for p in sample.values())
            if rss > peak_rss:
                peak_rss, peak = rss, sample
            peak_pss = max(peak_pss, pss)
            time.sleep(0.1)
        stop.set()
        for t in threads:
            t.join()
        scanner.join()
    finally:
        server.stop()
    result: dict[str, Any] = {
        "db": args.db,
        "workers": args.workers,
        "clients": args.clients,
        "duration_s": args.duration,
        "requests_ok": counts[0],
        "requests_failed": counts[1],
        "scan": scan["state"],
        "idle_rss_mib": round(mib(sum(p["rss"] for p in idle.values())), 1),
        "peak_rss_mib": round(mib(peak_rss), 1),
        "peak_pss_mib": round(mib(peak_pss), 1),
        "processes_at_peak": {
            k: {m: round(mib(v), 1) for m, v in p.items()} for k, p in peak.items()
        },
        "load_avg": list(psutil.getloadavg()),
        "machine": machine(),
        "worktree": worktree_state(),
    }
    print(json.dumps(result, indent=2))
    save_results(f"memory-{args.db}-w{args.workers}", result)


if __name__ == "__main__":
    main()
