"""Artifact upload/download throughput and server memory, beside `dd` on the same disk.

Starts a `modelreg serve` on a fresh SQLite home, writes a 1 GiB file of random bytes there,
measures `dd if=/dev/zero bs=1M count=1024 conv=fsync` into the same directory, then uploads
the file (HTTP PUT, streamed from a generator of 1 MiB reads) and downloads it (streamed, hashed)
`--runs` times. Server RSS is sampled every 50 ms during each transfer. Files are deleted after.

Usage:
    .venv/bin/python bench/artifact_bench.py
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from common import (
    DEFAULT_ROOT,
    MIB,
    RssSampler,
    Server,
    database_url,
    fresh_home,
    median,
    mib,
    save_results,
)

CHUNK = MIB
MB = 1_000_000  # throughput in MB/s (10^6 bytes), the unit dd prints


def make_payload(path: Path, size: int) -> None:
    """Write `size` random bytes to `path`."""
    with path.open("wb") as fh:
        left = size
        while left:
            n = min(left, 16 * MIB)
            fh.write(os.urandom(n))
            left -= n


def mark(path: Path, run: int) -> str:
    """Make the file's first bytes unique to this run (so no blob is deduplicated); its SHA-256."""
    with path.open("r+b") as fh:
        fh.write(f"run-{run:04d}-{time.time_ns()}".encode())
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(8 * MIB):
            digest.update(block)
    return digest.hexdigest()


def dd(directory: Path, size_mib: int) -> dict[str, Any]:
    """Time `dd if=/dev/zero of=... bs=1M count=N conv=fsync`; MB/s from our own clock and dd's."""
    target = directory / "dd.bin"
    t0 = time.perf_counter()
    done = subprocess.run(
        ["dd", "if=/dev/zero", f"of={target}", "bs=1M", f"count={size_mib}", "conv=fsync"],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - t0
    target.unlink()
    line = done.stderr.strip().splitlines()[-1]
    match = re.search(r"([\d.]+) s, ([\d.]+) ([kMG]?B)/s", line)
    return {"seconds": elapsed, "mb_s": size_mib * MIB / MB / elapsed, "dd_says": line,
            "dd_seconds": float(match.group(1)) if match else None}  # fmt: skip


def read_chunks(path: Path) -> Iterator[bytes]:
    """The file in 1 MiB pieces."""
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            yield block


def main() -> None:
    """Run dd, then upload and download `--runs` times; print and save medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, default=DEFAULT_ROOT / "artifacts")
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = fresh_home(args.home)
    size = args.size_mib * MIB
    payload = home / "payload.bin"
    server = Server(home, database_url("sqlite", home)).start()
    runs: list[dict[str, Any]] = []
    try:
        make_payload(payload, size)
        dd_result = dd(home, args.size_mib)
        print("dd:", dd_result, flush=True)
        client = httpx.Client(base_url=server.base_url, headers=server.headers, timeout=600)
        model = "/api/v1/models/bench/artifact-model"
        client.post(
            "/api/v1/models", json={"group": "bench", "name": "artifact-model", "risk_tier": "low"}
        ).raise_for_status()
        for run in range(args.runs):
            version = f"1.0.{run}"
            client.post(f"{model}/versions", json={"version": version}).raise_for_status()
            sha = mark(payload, run)
            target = f"{model}/versions/{version}/artifacts/weights.bin"
            with RssSampler(server) as up_rss:
                t0 = time.perf_counter()
                response = client.put(
                    target,
                    content=read_chunks(payload),
                    headers={
                        "Content-Type": "application/octet-stream",
                        "Content-Length": str(size),
                        "X-Content-SHA256": sha,
                    },
                )
                up_s = time.perf_counter() - t0
            response.raise_for_status()
            assert response.json()["sha256"] == sha
            digest = hashlib.sha256()
            received = 0
            with RssSampler(server) as down_rss:
                t0 = time.perf_counter()
                with client.stream("GET", target) as stream:
                    stream.raise_for_status()
                    for block in stream.iter_bytes(CHUNK):
                        digest.update(block)
                        received += len(block)
                down_s = time.perf_counter() - t0
            assert received == size and digest.hexdigest() == sha, "download differs from upload"
            result = {
                "upload_s": up_s,
                "upload_mb_s": size / MB / up_s,
                "upload_rss_growth_mib": mib(up_rss.growth),
                "upload_rss_peak_mib": mib(up_rss.peak),
                "download_s": down_s,
                "download_mb_s": size / MB / down_s,
                "download_rss_growth_mib": mib(down_rss.growth),
                "download_rss_peak_mib": mib(down_rss.peak),
                "rss_samples": up_rss.samples + down_rss.samples,
            }
            runs.append(result)
            print(f"run {run + 1}:", result, flush=True)
        client.close()
    finally:
        server.stop()
        payload.unlink(missing_ok=True)
        shutil.rmtree(home / "artifacts", ignore_errors=True)
    medians = {key: median([r[key] for r in runs]) for key in runs[0]}
    out = {
        "size_bytes": size,
        "dd": dd_result,
        "runs": runs,
        "median": medians,
        "upload_vs_dd": medians["upload_mb_s"] / dd_result["mb_s"],
        "download_vs_dd": medians["download_mb_s"] / dd_result["mb_s"],
    }
    print("median:", medians)
    print(f"saved {save_results('artifacts-sqlite', out)}")


if __name__ == "__main__":
    main()
