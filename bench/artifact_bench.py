"""Artifact upload/download throughput and server memory, beside `dd` copying the same file.

Starts a `modelreg serve` on a fresh SQLite home and writes one payload file of random bytes
(incompressible, nothing to deduplicate) next to the blob store, on the same filesystem. Each of
`--runs` runs then, in this order:

1. stamps the payload's first bytes with the run number and a timestamp, so every upload is new
   content (no run is deduplicated against an earlier one), and hashes it;
2. times `dd if=<payload> of=<blob root>/dd-target.bin bs=<chunk> conv=fsync`: the same bytes
   copied file to file onto the filesystem of the blob directory, fsynced once at the end, as
   the registry does;
3. uploads the payload with HTTP PUT, streamed in `--chunk-mib` reads, with `X-Content-SHA256`
   so that the server verifies the digest;
4. downloads it, streamed, hashing each piece as it arrives, and checks size and digest.

The client runs on the same 2 cores as the server, so by default it is the lightest one that
streams (`http.client`: a file read and `sendall` per chunk up, a `recv_into` per read down);
`--client httpx` goes through httpx, the SDK's transport, whose 64 KiB reads cost the client
(and so the server) more CPU.

Caches cannot be dropped here (no root), so the payload is in the page cache for both dd and
the upload: both read it from memory, and what differs is what happens to the bytes after.
`os.sync()` before each timed step writes back what earlier steps left dirty, so no step pays
for another's writeback. The disk of this VM is shared and its fsync time varies a lot between
seconds, which is why dd is re-timed in every run and each run's ratio is to its own dd.

The server's RSS is sampled every 50 ms during each transfer (growth = peak minus the RSS just
before), and the CPU seconds of the server and of this client process are recorded per
transfer. Three runs give a median, min and max per figure (a p95 of three values would just be
the max, so none is reported). MB/s are 10^6 bytes/s, the unit dd prints. Files are deleted
after.

Usage:
    .venv/bin/python bench/artifact_bench.py [--runs 3] [--size-mib 1024] [--chunk-mib 1]
"""

from __future__ import annotations

import abc
import argparse
import hashlib
import http.client
import json
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

MB = 1_000_000  # throughput in MB/s (10^6 bytes), the unit dd prints


def make_payload(path: Path, size: int) -> None:
    """Write `size` random bytes to `path` and fsync it (so no later step writes it back)."""
    with path.open("wb") as fh:
        left = size
        while left:
            n = min(left, 16 * MIB)
            fh.write(os.urandom(n))
            left -= n
        fh.flush()
        os.fsync(fh.fileno())


def mark(path: Path, run: int) -> str:
    """Make the file's first bytes unique to this run (so no blob is deduplicated); its SHA-256."""
    with path.open("r+b") as fh:
        fh.write(f"run-{run:04d}-{time.time_ns()}".encode())
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(8 * MIB):
            digest.update(block)
    return digest.hexdigest()


def dd(source: Path, target: Path, chunk: int) -> dict[str, Any]:
    """Time `dd if=source of=target bs=chunk conv=fsync`; MB/s from our clock, and dd's line."""
    size = source.stat().st_size
    os.sync()
    t0 = time.perf_counter()
    done = subprocess.run(
        ["dd", f"if={source}", f"of={target}", f"bs={chunk}", "conv=fsync"],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - t0
    target.unlink()
    line = done.stderr.strip().splitlines()[-1]
    match = re.search(r"copied, ([\d.]+) s", line)
    return {
        "seconds": elapsed,
        "mb_s": size / MB / elapsed,
        "dd_says": line,
        "dd_seconds": float(match.group(1)) if match else None,
    }


def read_chunks(path: Path, chunk: int) -> Iterator[bytes]:
    """The file in `chunk`-byte pieces."""
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            yield block


class _Transfer(abc.ABC):
    """What both clients share: the server's port and admin header, the chunk size."""

    def __init__(self, server: Server, chunk: int) -> None:
        self._port = server.port
        self._headers = server.headers
        self._chunk = chunk

    @abc.abstractmethod
    def upload(self, target: str, payload: Path, sha: str) -> str:
        """PUT the file; return the digest the server stored."""

    @abc.abstractmethod
    def download(self, target: str) -> tuple[int, str]:
        """GET the artifact; return size and digest of what arrived."""

    def _upload_headers(self, payload: Path, sha: str) -> dict[str, str]:
        return {
            **self._headers,
            "Content-Type": "application/octet-stream",
            "Content-Length": str(payload.stat().st_size),
            "X-Content-SHA256": sha,
        }


class StdlibTransfer(_Transfer):
    """PUT and GET with `http.client`: one read + sendall per chunk, one recv_into per read.

    The client shares the 2 cores with the server, so the lightest client shows the most of the
    server; `--client httpx` measures through the SDK's transport instead.
    """

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1", self._port, timeout=600, blocksize=self._chunk
        )

    def upload(self, target: str, payload: Path, sha: str) -> str:
        """PUT the file streamed from disk; return the digest the server stored."""
        conn = self._connection()
        try:
            with payload.open("rb") as body:
                conn.request("PUT", target, body=body, headers=self._upload_headers(payload, sha))
            response = conn.getresponse()
            answer = response.read()
            if response.status != 201:
                raise RuntimeError(f"upload answered {response.status}: {answer[:500]!r}")
            stored: str = json.loads(answer)["sha256"]
            return stored
        finally:
            conn.close()

    def download(self, target: str) -> tuple[int, str]:
        """GET the artifact, hashing each read as it arrives; return size and digest."""
        conn = self._connection()
        try:
            conn.request("GET", target, headers=self._headers)
            response = conn.getresponse()
            if response.status != 200:
                raise RuntimeError(f"download answered {response.status}")
            digest, received = hashlib.sha256(), 0
            buffer = memoryview(bytearray(self._chunk))
            while n := response.readinto(buffer):
                digest.update(buffer[:n])
                received += n
            return received, digest.hexdigest()
        finally:
            conn.close()


class HttpxTransfer(_Transfer):
    """PUT and GET with httpx, the SDK's transport (its reads are 64 KiB pieces)."""

    def __init__(self, server: Server, chunk: int) -> None:
        super().__init__(server, chunk)
        self._client = httpx.Client(base_url=server.base_url, headers=server.headers, timeout=600)

    def upload(self, target: str, payload: Path, sha: str) -> str:
        """PUT the file from a generator of chunk reads; return the digest the server stored."""
        response = self._client.put(
            target,
            content=read_chunks(payload, self._chunk),
            headers=self._upload_headers(payload, sha),
        )
        response.raise_for_status()
        stored: str = response.json()["sha256"]
        return stored

    def download(self, target: str) -> tuple[int, str]:
        """GET the artifact, hashing each piece as it arrives; return size and digest."""
        digest, received = hashlib.sha256(), 0
        with self._client.stream("GET", target) as stream:
            stream.raise_for_status()
            for block in stream.iter_raw():
                digest.update(block)
                received += len(block)
        return received, digest.hexdigest()


def upload(
    transfer: _Transfer, server: Server, target: str, payload: Path, sha: str
) -> dict[str, Any]:
    """PUT the payload, streamed; time, server RSS growth and CPU of both sides."""
    size = payload.stat().st_size
    os.sync()
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    with RssSampler(server) as rss:
        t0 = time.perf_counter()
        stored = transfer.upload(target, payload, sha)
        elapsed = time.perf_counter() - t0
    if stored != sha:
        raise RuntimeError(f"the server stored {stored}, not {sha}")
    return {
        "seconds": elapsed,
        "mb_s": size / MB / elapsed,
        "rss_growth_mib": mib(rss.growth),
        "rss_peak_mib": mib(rss.peak),
        "server_cpu_s": server.cpu_seconds() - server_cpu,
        "client_cpu_s": time.process_time() - client_cpu,
    }


def download(
    transfer: _Transfer, server: Server, target: str, size: int, sha: str
) -> dict[str, Any]:
    """GET the artifact, streamed and hashed as it arrives; time, RSS growth and CPU."""
    os.sync()
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    with RssSampler(server) as rss:
        t0 = time.perf_counter()
        received, digest = transfer.download(target)
        elapsed = time.perf_counter() - t0
    if received != size or digest != sha:
        raise RuntimeError("the download differs from the upload")
    return {
        "seconds": elapsed,
        "mb_s": size / MB / elapsed,
        "rss_growth_mib": mib(rss.growth),
        "rss_peak_mib": mib(rss.peak),
        "server_cpu_s": server.cpu_seconds() - server_cpu,
        "client_cpu_s": time.process_time() - client_cpu,
    }


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max of per-run values."""
    return {"median": median(values), "min": min(values), "max": max(values)}


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median/min/max of every figure, and the ratios to dd (per run, and of the medians)."""
    out: dict[str, Any] = {}
    for step in ("dd", "upload", "download"):
        keys = [k for k, v in runs[0][step].items() if isinstance(v, int | float)]
        out[step] = {k: spread([r[step][k] for r in runs]) for k in keys}
    for step in ("upload", "download"):
        ratios = [r[step]["mb_s"] / r["dd"]["mb_s"] for r in runs]
        out[f"{step}_vs_dd"] = {
            **spread(ratios),
            "of_medians": out[step]["mb_s"]["median"] / out["dd"]["mb_s"]["median"],
        }
    return out


def main() -> None:
    """Run dd, upload and download `--runs` times on one payload; print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, default=DEFAULT_ROOT / "artifacts")
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--chunk-mib", type=float, default=1, help="client read size and dd bs (MiB)"
    )
    parser.add_argument(
        "--client",
        choices=["stdlib", "httpx"],
        default="stdlib",
        help="http.client (lightest, default) or httpx (the SDK's transport)",
    )
    args = parser.parse_args()
    home = fresh_home(args.home)
    size = args.size_mib * MIB
    chunk = int(args.chunk_mib * MIB)
    payload = home / "payload.bin"
    server = Server(home, database_url("sqlite", home)).start()
    blob_root = home / "artifacts"  # MODELREG_HOME/artifacts, the store's root (blobs/, tmp/)
    dd_target = blob_root / "dd-target.bin"
    runs: list[dict[str, Any]] = []
    try:
        make_payload(payload, size)
        if payload.stat().st_dev != blob_root.stat().st_dev:
            raise RuntimeError(f"{payload} and {blob_root} are on different filesystems")
        client = httpx.Client(base_url=server.base_url, headers=server.headers, timeout=600)
        transfer = (StdlibTransfer if args.client == "stdlib" else HttpxTransfer)(server, chunk)
        model = "/api/v1/models/bench/artifact-model"
        client.post(
            "/api/v1/models", json={"group": "bench", "name": "artifact-model", "risk_tier": "low"}
        ).raise_for_status()
        for run in range(args.runs):
            version = f"1.0.{run}"
            client.post(f"{model}/versions", json={"version": version}).raise_for_status()
            sha = mark(payload, run)
            target = f"{model}/versions/{version}/artifacts/weights.bin"
            result = {
                "load1": os.getloadavg()[0],
                "dd": dd(payload, dd_target, chunk),
                "upload": upload(transfer, server, target, payload, sha),
                "download": download(transfer, server, target, size, sha),
            }
            runs.append(result)
            print(
                f"run {run + 1}: dd {result['dd']['mb_s']:.0f} MB/s, "
                f"upload {result['upload']['mb_s']:.0f} MB/s "
                f"({result['upload']['mb_s'] / result['dd']['mb_s']:.0%} of dd), "
                f"download {result['download']['mb_s']:.0f} MB/s "
                f"({result['download']['mb_s'] / result['dd']['mb_s']:.0%}), "
                f"RSS growth {result['upload']['rss_growth_mib']:.1f} / "
                f"{result['download']['rss_growth_mib']:.1f} MiB, load {result['load1']:.2f}",
                flush=True,
            )
        client.close()
    finally:
        server.stop()
        payload.unlink(missing_ok=True)
        dd_target.unlink(missing_ok=True)
        shutil.rmtree(blob_root, ignore_errors=True)
    summary = summarise(runs)
    out = {
        "size_bytes": size,
        "chunk_bytes": chunk,
        "client": args.client,
        "payload": "random bytes in the page cache for dd and upload alike (caches not dropped)",
        "dd_command": f"dd if=<payload> of=<blob root>/dd-target.bin bs={chunk} conv=fsync",
        "runs": runs,
        "summary": summary,
    }
    print(
        "median: dd {:.0f} MB/s, upload {:.0f} MB/s ({:.0%}), download {:.0f} MB/s ({:.0%})".format(
            summary["dd"]["mb_s"]["median"],
            summary["upload"]["mb_s"]["median"],
            summary["upload_vs_dd"]["median"],
            summary["download"]["mb_s"]["median"],
            summary["download_vs_dd"]["median"],
        )
    )
    print(f"saved {save_results('artifacts-sqlite', out)}")


if __name__ == "__main__":
    main()
