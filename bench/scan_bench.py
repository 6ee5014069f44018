"""Security scans through the real worker path: decrypt, child-process scan, store results.

Builds a 1 GiB PyTorch zip checkpoint and a 1 GiB safetensors file, stores each as the only
artifact of a sealed version (encrypted, as uploads are), and times `Worker.run_once()` for the
full scan job (artifact scan in a limited child process, licenses, vulnerabilities, signature,
ML-BOM, results stored in one transaction). Peak memory of the scanner child comes from
`RUSAGE_CHILDREN`; the worker's own RSS growth from psutil.

    .venv/bin/python bench/scan_bench.py [--runs 3] [--db sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import struct
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import psutil

from modelreg.config import Settings
from modelreg.domain.access import Principal, Role
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import VersionCreate
from modelreg.storage import migrate
from modelreg.wiring import build_database, build_registry

GIB = 1 << 30
CHUNK = 8 << 20
TORCH_PKL = (
    b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02"
    b"ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04"
    b"ctorch\nFloatStorage\nq\x05X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07J\x00\x00\x00\x10tq\x08"
    b"QK\x00J\x00\x00\x00\x10\x85q\tK\x01\x85q\n\x89h\x01)Rq\x0btq\x0cRq\rs."
)


def _zeros(out: Any, size: int) -> None:
    block = b"\x00" * CHUNK
    while size:
        n = min(size, CHUNK)
        out.write(block[:n])
        size -= n


def make_checkpoint(path: Path, size: int) -> None:
    """A PyTorch zip checkpoint (stored, as torch.save writes it) with one `size`-byte tensor."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as z:
        z.writestr("archive/data.pkl", TORCH_PKL)
        z.writestr("archive/version", "3\n")
        with z.open("archive/data/0", "w", force_zip64=True) as out:
            _zeros(out, size)


def make_safetensors(path: Path, size: int) -> None:
    """A safetensors file with one F32 tensor of `size` bytes."""
    header = json.dumps(
        {"weight": {"dtype": "F32", "shape": [size // 4], "data_offsets": [0, size]}}
    ).encode()
    header += b" " * (-len(header) % 8)
    with path.open("wb") as out:
        out.write(struct.pack("<Q", len(header)) + header)
        _zeros(out, size)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--size", type=int, default=GIB)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="modelreg-scan-bench-"))
    url = None
    if args.db == "postgresql":
        url = "postgresql://postgres@127.0.0.1:5432/test"
    settings = Settings(home=work / "home", database_url=url)
    db = build_database(settings)
    migrate.upgrade(db.engine)
    registry = build_registry(settings, db)
    user = registry.identity.create_user(
        actor="system", username=f"bench-{int(time.time())}", roles=frozenset({Role.MODEL_OWNER})
    )
    owner = Principal(user.id, user.username, frozenset({Role.MODEL_OWNER}))
    group = f"bench{int(time.time())}"
    files = {"model.pt": make_checkpoint, "model.safetensors": make_safetensors}
    worker = registry.worker("bench")
    process = psutil.Process()
    results: dict[str, Any] = {}
    for name, make in files.items():
        source = work / name
        make(source, args.size)
        model = name.replace(".", "-")
        registry.models.create_model(
            owner,
            ModelCreate(group=group, name=model, risk_tier=RiskTier.LOW, license="MIT"),
        )
        timings = []
        for run in range(args.runs):
            version = f"1.0.{run}"
            registry.versions.create_version(owner, group, model, VersionCreate(version=version))
            with source.open("rb") as src, registry.artifacts.new_writer() as writer:
                while chunk := src.read(CHUNK):
                    writer.write(chunk)
                blob = writer.commit()
            registry.artifacts.attach(
                owner, group, model, version, name, blob, "application/octet-stream"
            )
            registry.versions.seal_version(owner, group, model, version)
            rss_before = process.memory_info().rss
            started = time.perf_counter()
            assert worker.run_once()
            timings.append(time.perf_counter() - started)
            state = registry.scans.status(group, model, version)
            assert state["status"] == "complete", state
            blocking = [f for f in state["findings"] if f["blocking"]]
            assert not blocking, blocking
            results.setdefault(name, {})["worker_rss_growth_mib"] = round(
                (process.memory_info().rss - rss_before) / 2**20, 1
            )
        child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        results[name].update(
            size_bytes=args.size,
            seconds=[round(t, 2) for t in timings],
            median_s=round(statistics.median(timings), 2),
            max_s=round(max(timings), 2),
            scanner_child_peak_rss_mib=round(child_peak, 1),
        )
        source.unlink()
        print(name, json.dumps(results[name]))
    out = Path(__file__).parent / "results" / f"scan-worker-{args.db}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    registry.close()


if __name__ == "__main__":
    main()
