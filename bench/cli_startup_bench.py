"""CLI start-up: wall time of `modelreg --help`, `modelreg --version` and `modelreg models list`.

Each command runs `--runs` times (after one warm-up run, so the OS file cache is warm and
Python's bytecode cache is written); the median and p95 are printed and saved. `models list
--limit 10` runs against a real `modelreg serve` on a fresh SQLite home (loopback only) holding
`--models` models, so it prints a table. With hyperfine on PATH the runs are timed by hyperfine,
otherwise by `time.perf_counter` around `subprocess.run`. The targets are ≤ 0.3 s for `--help`
and `--version` and ≤ 0.5 s for `models list`.

Usage:
    .venv/bin/python bench/cli_startup_bench.py [--runs 10] [--models 20] [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from common import (
    DEFAULT_ROOT,
    MODELREG,
    Server,
    database_url,
    fresh_home,
    percentile,
    save_results,
)


def _time_subprocess(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Seconds per run, timed around subprocess.run; a failing command aborts the bench."""
    subprocess.run(argv, env=env, capture_output=True, check=True)  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return samples


def _time_hyperfine(hyperfine: str, argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Seconds per run as hyperfine measured them (its JSON export)."""
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "times.json"
        subprocess.run(
            [
                hyperfine,
                "--warmup",
                "1",
                "--runs",
                str(runs),
                "--shell=none",
                "--export-json",
                str(export),
                " ".join(argv),
            ],
            env=env,
            capture_output=True,
            check=True,
        )
        times: list[float] = json.loads(export.read_text())["results"][0]["times"]
        return times


def _register_models(server: Server, count: int) -> None:
    """`count` models in group `bench`, registered through the API."""
    with httpx.Client(base_url=server.base_url, headers=server.headers, timeout=60) as client:
        for i in range(count):
            body = {
                "group": "bench",
                "name": f"model-{i:03d}",
                "risk_tier": ("low", "medium", "high")[i % 3],
                "description": f"Benchmark model {i}.\nA second line the table leaves out.",
            }
            client.post("/api/v1/models", json=body).raise_for_status()


def _cli_env(server: Server) -> dict[str, str]:
    """The environment of the timed commands: the server's URL and token, bytecode cached."""
    env = {**os.environ, "MODELREG_URL": server.base_url, "MODELREG_TOKEN": server.token}
    # An installed CLI runs from cached bytecode. With PYTHONDONTWRITEBYTECODE set (some shells
    # and CI images set it) every run would compile every module again, about doubling the time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main() -> None:
    """Time the three commands and save bench/results/cli-startup.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--models", type=int, default=20, help="models registered before timing")
    parser.add_argument("--home", type=Path, default=DEFAULT_ROOT / "cli")
    args = parser.parse_args()
    hyperfine = shutil.which("hyperfine")
    home = fresh_home(args.home)
    results: dict[str, Any] = {}
    load_before = os.getloadavg()
    # `with Server(...)` starts it (`__enter__`); calling start() too would leak a second one.
    with Server(home, database_url("sqlite", home)) as server:
        _register_models(server, args.models)
        env = _cli_env(server)
        for label, extra in [
            ("--help", ["--help"]),
            ("--version", ["--version"]),
            ("models list", ["models", "list", "--limit", "10"]),
        ]:
            argv = [str(MODELREG), *extra]
            if hyperfine:
                samples = _time_hyperfine(hyperfine, argv, env, args.runs)
            else:
                samples = _time_subprocess(argv, env, args.runs)
            ms = [s * 1000 for s in samples]
            results[label] = {
                "runs": len(ms),
                "median_ms": percentile(ms, 50),
                "p95_ms": percentile(ms, 95),
            }
            print(
                f"{label:12} median {percentile(ms, 50):7.1f} ms   p95 {percentile(ms, 95):7.1f} ms"
            )
    path = save_results(
        "cli-startup",
        {
            "timer": "hyperfine" if hyperfine else "subprocess",
            "models": args.models,
            "loadavg_before": load_before,
            "commands": results,
        },
    )
    print(f"saved {path}")


if __name__ == "__main__":
    main()
