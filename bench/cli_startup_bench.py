"""CLI start-up: wall time of `modelreg --help`, `modelreg --version` and `modelreg models list`.

Each command runs `--runs` times (after one warm-up run, so the OS file cache is warm); the
median and p95 are printed and saved. `models list` runs against a real `modelreg serve` on a
fresh SQLite home (loopback only). With hyperfine on PATH the runs are timed by hyperfine,
otherwise by `time.perf_counter` around `subprocess.run`. The target is ≤ 0.3 s for `--help`
and `--version`.

Usage:
    .venv/bin/python bench/cli_startup_bench.py [--runs 10] [--home /tmp/modelreg-bench/cli]
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


def main() -> None:
    """Time the three commands and save bench/results/cli-startup.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--home", type=Path, default=DEFAULT_ROOT / "cli")
    args = parser.parse_args()
    hyperfine = shutil.which("hyperfine")
    home = fresh_home(args.home)
    results: dict[str, Any] = {}
    with Server(home, database_url("sqlite", home)).start() as server:
        env = {**os.environ, "MODELREG_URL": server.base_url, "MODELREG_TOKEN": server.token}
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
        "cli-startup", {"timer": "hyperfine" if hyperfine else "subprocess", "commands": results}
    )
    print(f"saved {path}")


if __name__ == "__main__":
    main()
