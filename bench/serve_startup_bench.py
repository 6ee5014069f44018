"""Time from launching `modelreg serve` to its first 200 from /readyz, on an existing SQLite home.

The issue's target is <= 3 s. The home is made (migrated, admin created) by one untimed launch,
so the timed launches find an existing database, as a restart would. Each launch runs with its
scan worker (as `make run` does) and `PYTHONDONTWRITEBYTECODE` removed (a user's environment
writes the bytecode cache; `make install` also precompiles it). /readyz is polled every 20 ms.

    .venv/bin/python bench/serve_startup_bench.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import psutil
from common import DEFAULT_ROOT, MODELREG, free_port, machine, save_results, summary_ms


def launch(home: Path, timeout: float = 60.0) -> float:
    """Seconds from Popen to the first 200 from /readyz; the server is stopped afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MODELREG_HOME"] = str(home)
    env.pop("MODELREG_DATABASE_URL", None)  # the home's embedded SQLite database
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(MODELREG), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home,
    )
    try:
        while time.perf_counter() - started < timeout:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited with {proc.returncode}")
            time.sleep(0.02)
        raise TimeoutError(f"/readyz did not answer 200 within {timeout:.0f} s")
    finally:
        children = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        for child in children:
            if child.is_running():
                child.kill()


def main() -> None:
    """Launch, time, save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home", type=Path, default=DEFAULT_ROOT / "serve-startup")
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    first = launch(args.home)  # creates and migrates the database: not timed as a restart
    runs = [launch(args.home) for _ in range(args.runs)]
    result = {
        "first_launch_s": round(first, 3),
        "runs_s": [round(r, 3) for r in runs],
        "readyz_ms": summary_ms(runs),
        "load_avg": list(psutil.getloadavg()),
        "machine": machine(),
    }
    print(result)
    save_results("serve-startup", result)


if __name__ == "__main__":
    main()
