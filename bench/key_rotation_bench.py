"""Key rotation cost: re-wrapping 10,000 small blobs, one 1 GiB blob, and reads meanwhile.

In process, on `LocalEncryptedBlobStore` with the local keyfile provider (no server, no
database; the CLI's audit events are two small transactions on top). Rotation rewrites only each
blob's key record, so its cost per blob should not depend on the blob's size: the 1 GiB blob
should re-wrap in about the time of one small blob. Measured:

- write: 10,000 blobs of 1 KiB (for scale; not a rotation cost);
- rotation of the 10,000 (`--rotations` times): total seconds and per-blob ms (the time between
  consecutive re-wraps, so it includes reading the record, the fsyncs and the rename);
- the 1 GiB blob: written once, then `--rotations` rotations of it alone;
- reads during rotation: 2 threads reading random small blobs (open, decrypt, verify) while a
  rotation of the 10,000 runs, against the same threads with no rotation running.

Usage:
    .venv/bin/python bench/key_rotation_bench.py [--blobs 10000] [--rotations 3]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

from common import DEFAULT_ROOT, MIB, fresh_home, median, percentile, save_results, summary_ms

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from modelreg.security.keys import LocalKeyfileProvider, WrappedKey
from modelreg.storage.blobs import LocalEncryptedBlobStore, RewrapResult

SMALL = 1024
BIG = 1024 * MIB


class TimedKeys:
    """Delegates to the provider and notes when each re-wrap starts (per-blob timing)."""

    def __init__(self, inner: LocalKeyfileProvider) -> None:
        self.inner = inner
        self.starts: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        self.starts.append(time.perf_counter())
        return self.inner.rewrap(wrapped, context)


def rotate(root: Path, keys: LocalKeyfileProvider) -> tuple[float, list[float], RewrapResult]:
    """Make a new KEK and re-wrap every blob; return seconds, per-blob seconds and counts."""
    timed = TimedKeys(keys)
    store = LocalEncryptedBlobStore(root, timed)  # type: ignore[arg-type]
    keys.rotate()
    began = time.perf_counter()
    result = store.rewrap()
    ended = time.perf_counter()
    marks = [*timed.starts, ended]
    return ended - began, [b - a for a, b in itertools.pairwise(marks)], result


def reads_while(store: LocalEncryptedBlobStore, addresses: list[str], work: Any) -> list[float]:
    """Read random blobs from 2 threads until `work()` returns; return each read's seconds."""
    done = threading.Event()
    latencies: list[float] = []
    failures: list[BaseException] = []

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        try:
            while not done.is_set():
                sha = rng.choice(addresses)
                began = time.perf_counter()
                size = sum(len(piece) for piece in store.open_read(sha))
                latencies.append(time.perf_counter() - began)
                assert size == SMALL
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    try:
        work()
    finally:
        done.set()
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blobs", type=int, default=10_000)
    parser.add_argument("--rotations", type=int, default=3)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT / "key-rotation")
    args = parser.parse_args()

    base = fresh_home(args.root)
    keys = LocalKeyfileProvider(base / "keys" / "kek.json")
    small_root, big_root = base / "small", base / "big"
    small = LocalEncryptedBlobStore(small_root, keys)
    results: dict[str, Any] = {"blobs": args.blobs, "blob_bytes": SMALL}

    began = time.perf_counter()
    addresses = []
    for _ in range(args.blobs):
        with small.writer() as writer:
            writer.write(os.urandom(SMALL))
            addresses.append(writer.commit().sha256)
    results["write_small_s"] = time.perf_counter() - began
    print(f"wrote {args.blobs} x {SMALL} B in {results['write_small_s']:.1f} s")

    runs = []
    for n in range(args.rotations):
        seconds, per_blob, result = rotate(small_root, keys)
        assert result.rewrapped_total == args.blobs and not result.failed
        runs.append({"seconds": seconds, "per_blob_ms": summary_ms(per_blob)})
        per = runs[-1]["per_blob_ms"]
        print(
            f"rotation {n + 1}: {seconds:.2f} s for {args.blobs} blobs, "
            f"per blob p50 {per['p50']:.3f} ms p95 {per['p95']:.3f} ms"
        )
    results["small_rotations"] = runs

    big = LocalEncryptedBlobStore(big_root, keys)
    chunk = os.urandom(MIB)
    began = time.perf_counter()
    with big.writer() as writer:
        for _ in range(BIG // MIB):
            writer.write(chunk)
        big_sha = writer.commit().sha256
    results["write_big_s"] = time.perf_counter() - began
    print(f"wrote 1 GiB in {results['write_big_s']:.1f} s")
    big_runs = []
    for _ in range(max(args.rotations, 5)):
        seconds, _per_blob, result = rotate(big_root, keys)
        assert result.rewrapped_total == 1
        big_runs.append(seconds)
    results["big_rotation_ms"] = {
        "runs": [s * 1000 for s in big_runs],
        "median": median(big_runs) * 1000,
        "p95": percentile(big_runs, 95) * 1000,
    }
    print(f"1 GiB blob rotation: median {results['big_rotation_ms']['median']:.2f} ms")
    began = time.perf_counter()
    assert sum(len(p) for p in big.open_read(big_sha)) == BIG
    results["read_big_after_rotations_s"] = time.perf_counter() - began

    idle = reads_while(small, addresses, lambda: time.sleep(10))
    rotation_box: list[float] = []

    def one_rotation() -> None:
        seconds, _per_blob, _result = rotate(small_root, keys)
        rotation_box.append(seconds)

    during = reads_while(small, addresses, one_rotation)
    results["reads_idle_ms"] = summary_ms(idle)
    results["reads_during_rotation_ms"] = summary_ms(during)
    results["rotation_with_readers_s"] = rotation_box[0]
    for label, key in (("idle", "reads_idle_ms"), ("during rotation", "reads_during_rotation_ms")):
        s = results[key]
        print(f"reads {label}: n={s['n']} p50 {s['p50']:.3f} ms p95 {s['p95']:.3f} ms")
    print(f"rotation with 2 readers: {rotation_box[0]:.2f} s")
    results["load1_end"] = os.getloadavg()[0]

    print(f"results: {save_results('key-rotation', results)}")
    shutil.rmtree(base)


if __name__ == "__main__":
    main()
