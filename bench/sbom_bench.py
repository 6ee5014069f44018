"""ML-BOM generation: build + validate a CycloneDX 1.6 ML-BOM for a large version.

Generates in memory (fixed seed) a version with `--files` files, `--libraries` pinned
libraries (PyPI/npm/conda), 3 datasets, 2 base models and a full model card, then times
`modelreg.sbom.mlbom.build_ml_bom` (cyclonedx-python-lib build, JSON serialisation, modelCard
injection and strict 1.6 schema validation) `--runs` times. The first call also loads and
compiles the schema; it is reported separately. Prints median and p95; the target is ≤ 2 s.

Usage:
    .venv/bin/python bench/sbom_bench.py [--files 1000] [--libraries 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from modelreg.sbom.mlbom import BomInput, build_ml_bom, dumps_bom
from modelreg.vulns.manifests import Dependency


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_input(files: int, libraries: int, seed: int = 7) -> BomInput:
    rng = random.Random(seed)
    ecosystems = ["PyPI"] * 6 + ["npm"] * 3 + ["conda"]
    deps = []
    for i in range(libraries):
        eco = rng.choice(ecosystems)
        name = f"@scope{i % 7}/pkg-{i}" if eco == "npm" and i % 3 == 0 else f"pkg-{i}"
        version = f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}"
        deps.append(Dependency(eco, name, version, "requirements.txt", rng.random() < 0.3))  # type: ignore[arg-type]
    return BomInput(
        model="bench/large-model",
        version="3.1.4",
        digest="sha256:" + _sha("bench"),
        created=datetime(2025, 6, 1, tzinfo=UTC),
        description="A large model for the ML-BOM benchmark",
        license="Apache-2.0 OR MIT",
        task="text-generation",
        framework="pytorch",
        owners=["alice", "bob"],
        tags={"team": "nlp", "tier": "high"},
        files=[
            (f"weights/part-{i:05d}.safetensors", rng.randint(1, 1 << 30), _sha(f"f{i}"))
            for i in range(files)
        ],
        datasets=[
            {"uri": f"s3://data/ds{i}", "digest": "sha256:" + _sha(f"d{i}"), "name": f"ds{i}"}
            for i in range(3)
        ],
        base_models=["bench/base@1.0.0", "hf://org/base-7b"],
        dependencies=deps,
        card={
            "intended_use": "Benchmarking.",
            "limitations": "None known.",
            "ethical_considerations": "Synthetic data only.",
            "metrics": {"accuracy": 0.9, "f1": 0.88},
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--libraries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()

    inp = make_input(args.files, args.libraries)
    start = time.perf_counter()
    doc = build_ml_bom(inp)
    first = time.perf_counter() - start

    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        doc = build_ml_bom(inp)
        times.append(time.perf_counter() - start)
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    size = len(dumps_bom(doc))
    result = {
        "files": args.files,
        "libraries": args.libraries,
        "components": len(doc["components"]) + len(doc["metadata"]["component"]["components"]),
        "bom_bytes": size,
        "runs": args.runs,
        "first_call_s": round(first, 4),
        "median_s": round(median, 4),
        "p95_s": round(p95, 4),
        "target_s": 2.0,
    }
    print(
        f"ML-BOM {args.files} files + {args.libraries} libraries "
        f"({result['components']} components, {size:,} bytes): "
        f"first call {first:.3f} s, median {median:.3f} s, p95 {p95:.3f} s over {args.runs} runs "
        f"(target ≤ 2 s)"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
