"""Vulnerability matching: 500 pinned dependencies against 100,000 synthetic OSV advisories.

Everything is generated in memory with a fixed seed: `--advisories` OSV documents (dicts in
the OSV schema) over `--packages` package names (60 % PyPI, 40 % npm; advisory counts per
package are skewed so popular packages carry dozens, like `django` or `lodash` do), each with
realistic ranges — `introduced`/`fixed` pairs, `introduced: "0"`, `last_affected`, two intervals
in one range, a few explicit `versions` lists, ~1 % withdrawn. Each document goes through
`modelreg.vulns.osv.parse_advisory` and into an `AdvisoryIndex` (timed once). Then
`modelreg.vulns.matching.match` runs `--runs` times over `--deps` pinned dependencies (about
70 % of them on packages that have advisories); per run the version-parse caches are cleared
first ("cold"), then the same deps are matched again with warm caches. Prints median and p95.

Usage:
    .venv/bin/python bench/vuln_bench.py [--runs 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from modelreg.vulns.manifests import Dependency
from modelreg.vulns.matching import match
from modelreg.vulns.osv import build_index, parse_advisory
from modelreg.vulns.versions import clear_caches


def _version(rng: random.Random, npm: bool) -> tuple[int, int, int]:
    return (rng.randint(0, 12), rng.randint(0, 30), rng.randint(0, 40))


def _fmt(v: tuple[int, int, int], npm: bool, rng: random.Random) -> str:
    text = f"{v[0]}.{v[1]}.{v[2]}"
    if not npm and v[2] == 0 and rng.random() < 0.5:
        text = f"{v[0]}.{v[1]}"  # PEP 440 short form
    return text


def _ranges(rng: random.Random, npm: bool) -> dict[str, Any]:
    kind = "SEMVER" if npm else "ECOSYSTEM"
    a, b, c = sorted({_version(rng, npm) for _ in range(3)} | {(0, 0, 1)})[-3:]
    roll = rng.random()
    if roll < 0.45:
        events = [{"introduced": _fmt(a, npm, rng)}, {"fixed": _fmt(b, npm, rng)}]
    elif roll < 0.65:
        events = [{"introduced": "0"}, {"fixed": _fmt(c, npm, rng)}]
    elif roll < 0.80:
        events = [{"introduced": _fmt(a, npm, rng)}, {"last_affected": _fmt(b, npm, rng)}]
    elif roll < 0.95:  # two intervals, listed out of order as real feeds sometimes do
        events = [
            {"introduced": _fmt(b, npm, rng)},
            {"fixed": _fmt(c, npm, rng)},
            {"introduced": "0"},
            {"fixed": _fmt(a, npm, rng)},
        ]
    else:
        events = [{"introduced": _fmt(a, npm, rng)}]  # no fix yet
    return {"type": kind, "events": events}


def generate(
    n_advisories: int, n_packages: int, seed: int
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    rng = random.Random(seed)
    packages = [
        ("npm" if i % 5 < 2 else "PyPI", f"{'pkg' if i % 5 < 2 else 'Py_Pkg'}-{i}")
        for i in range(n_packages)
    ]
    # Skewed popularity: weight 1/(rank+10) gives the top packages dozens of advisories.
    weights = [1.0 / (rank + 10) for rank in range(n_packages)]
    chosen = rng.choices(range(n_packages), weights=weights, k=n_advisories)
    docs: list[dict[str, Any]] = []
    for n, pkg_idx in enumerate(chosen):
        ecosystem, name = packages[pkg_idx]
        npm = ecosystem == "npm"
        affected: dict[str, Any] = {"package": {"ecosystem": ecosystem, "name": name}}
        if rng.random() < 0.05:
            affected["versions"] = [
                _fmt(_version(rng, npm), npm, rng) for _ in range(rng.randint(1, 20))
            ]
        else:
            affected["ranges"] = [_ranges(rng, npm) for _ in range(1 if rng.random() < 0.9 else 2)]
        doc: dict[str, Any] = {
            "schema_version": "1.6.0",
            "id": f"{'GHSA' if npm else 'PYSEC'}-BENCH-{n:06d}",
            "modified": "2024-01-01T00:00:00Z",
            "aliases": [f"CVE-2024-{n:06d}"],
            "summary": f"Synthetic advisory {n} for {name}",
            "affected": [affected],
        }
        roll = rng.random()
        if roll < 0.6:
            av, ac, c = rng.choice("NALP"), rng.choice("LH"), rng.choice("HLN")
            vector = f"CVSS:3.1/AV:{av}/AC:{ac}/PR:N/UI:N/S:U/C:{c}/I:H/A:N"
            doc["severity"] = [{"type": "CVSS_V3", "score": vector}]
        elif roll < 0.8:
            doc["database_specific"] = {"severity": rng.choice(["LOW", "MODERATE", "HIGH"])}
        if rng.random() < 0.01:
            doc["withdrawn"] = "2024-02-01T00:00:00Z"
        docs.append(doc)
    hot = sorted(set(chosen), key=lambda i: weights[i], reverse=True)
    return docs, [packages[i] for i in hot] + packages


def make_deps(packages: list[tuple[str, str]], n: int, seed: int) -> list[Dependency]:
    rng = random.Random(seed + 1)
    with_advisories = packages[: len(packages) // 2]
    deps: list[Dependency] = []
    for i in range(n):
        ecosystem, name = (
            rng.choice(with_advisories[:2000])
            if i % 10 < 7
            else (rng.choice(["PyPI", "npm"]), f"clean-{i}")
        )
        v = _version(rng, ecosystem == "npm")
        version = f"{v[0]}.{v[1]}.{v[2]}"
        deps.append(
            Dependency(
                ecosystem,  # type: ignore[arg-type]
                name.lower().replace("_", "-") if ecosystem == "PyPI" else name,
                version,
                "bench/requirements.txt",
                True,
            )
        )
    return deps


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisories", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=20_000)
    parser.add_argument("--deps", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    t0 = time.perf_counter()
    docs, packages = generate(args.advisories, args.packages, args.seed)
    t_gen = time.perf_counter() - t0

    t0 = time.perf_counter()
    advisories = [parse_advisory(doc) for doc in docs]
    index = build_index(advisories)
    t_index = time.perf_counter() - t0
    deps = make_deps(packages, args.deps, args.seed)

    cold: list[float] = []
    warm: list[float] = []
    findings = 0
    for _ in range(args.runs):
        clear_caches()
        t0 = time.perf_counter()
        result = match(deps, index)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        match(deps, index)
        warm.append(time.perf_counter() - t0)
        findings = len(result)

    candidates = sum(len(index.lookup_normalised(d.ecosystem, d.name)) for d in deps)
    figures = {
        "advisories_generated": len(docs),
        "advisories_indexed": len(index),
        "packages_indexed": index.package_count,
        "dependencies": len(deps),
        "candidate_advisory_checks": candidates,
        "findings": findings,
        "generate_s": round(t_gen, 3),
        "parse_and_index_s": round(t_index, 3),
        "match_cold_median_s": round(statistics.median(cold), 4),
        "match_cold_p95_s": round(_percentile(cold, 95), 4),
        "match_warm_median_s": round(statistics.median(warm), 4),
        "match_warm_p95_s": round(_percentile(warm, 95), 4),
        "runs": args.runs,
        "cold_runs_s": [round(x, 4) for x in cold],
    }
    for key, value in figures.items():
        print(f"{key:28} {value}")
    budget_ok = figures["match_cold_p95_s"] <= 2.0
    print(f"{'target (<= 2 s, cold p95)':28} {'met' if budget_ok else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
