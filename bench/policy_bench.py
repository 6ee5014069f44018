"""Policy evaluation latency: a 50-rule policy set against a realistic input document.

Run from the repository root: `.venv/bin/python bench/policy_bench.py` (`--help` for knobs).
Prints p50/p95/p99 of `CompiledPolicySet.evaluate` (target p95 <= 5 ms) and the cold compile
time of the set (upload-time validation included separately).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import yaml

from modelreg.policy import (
    DEFAULT_PACK_TEXT,
    approval_status,
    clear_cache,
    compile_policy_set,
    get_compiled,
    outcome,
    parse_policy,
    skeleton,
)

# Realistic rules beyond the default pack: (id, tiers or None, condition, severity).
EXTRA_RULES: list[tuple[str, list[str] | None, str, str]] = [
    ("no-prerelease", None, "!version.is_prerelease", "block"),
    ("has-license", None, 'model.license != ""', "block"),
    (
        "allowed-license",
        None,
        'model.license in ["Apache-2.0", "MIT", "BSD-3-Clause", "proprietary"]',
        "warn",
    ),
    ("has-task", None, 'model.task != ""', "warn"),
    ("has-framework", None, 'model.framework != ""', "warn"),
    ("has-owner", None, "size(model.owners) > 0", "block"),
    ("two-owners-high", ["high"], "size(model.owners) >= 2", "warn"),
    ("team-tag", None, '"team" in model.tags', "warn"),
    (
        "cost-center-tag",
        ["high"],
        'has(model.tags.cost_center) && model.tags.cost_center != ""',
        "warn",
    ),
    ("has-artifacts", None, "version.artifact_count > 0", "block"),
    ("size-limit", None, "version.total_size < 50 * 1024 * 1024 * 1024", "block"),
    ("no-pickle", None, 'manifest.all(f, !f.path.endsWith(".pkl"))', "block"),
    ("no-pt-pickles", ["high"], 'manifest.all(f, !f.path.endsWith(".pt"))', "warn"),
    ("no-empty-files", None, "manifest.all(f, f.size > 0)", "warn"),
    ("manifest-hashes", None, "manifest.all(f, size(f.sha256) == 64)", "block"),
    ("manifest-count", None, "size(manifest) == version.artifact_count", "block"),
    ("has-config", None, 'manifest.exists(f, f.path.endsWith("config.json"))', "warn"),
    (
        "no-secrets",
        None,
        'manifest.all(f, !f.path.endsWith("/.env") && !f.path.contains("id_rsa"))',
        "block",
    ),
    ("digest-set", None, 'version.digest != ""', "block"),
    ("dataset-digests", None, 'lineage.datasets.all(d, d.digest != "")', "block"),
    (
        "training-dataset",
        None,
        'lineage.datasets.exists(d, d.role == "training")',
        "block",
    ),
    (
        "evaluation-dataset",
        ["medium", "high"],
        'lineage.datasets.exists(d, d.role == "evaluation")',
        "block",
    ),
    (
        "dataset-uris",
        None,
        'lineage.datasets.all(d, d.uri.startsWith("s3://") || d.uri.startsWith("gs://"))',
        "warn",
    ),
    (
        "full-commits",
        None,
        'lineage.code.all(c, c.commit.matches("^[0-9a-f]{40}$"))',
        "block",
    ),
    ("main-branch", ["high"], 'lineage.code.all(c, c.branch in ["main", "release"])', "warn"),
    ("training-run", ["medium", "high"], "size(lineage.training_runs) > 0", "block"),
    (
        "auc-threshold",
        ["high"],
        "lineage.training_runs.exists(r, has(r.metrics.auc) && r.metrics.auc >= 0.75)",
        "block",
    ),
    (
        "base-model-pinned",
        None,
        'lineage.base_models.all(b, b.ref.contains("@"))',
        "block",
    ),
    ("card-out-of-scope", ["medium", "high"], "card.sections.out_of_scope_use", "block"),
    ("card-ethics", ["high"], "card.sections.ethical_considerations", "block"),
    ("card-training-data", None, "card.sections.training_data", "warn"),
    ("card-evaluation-data", ["medium", "high"], "card.sections.evaluation_data", "warn"),
    ("card-caveats", None, "card.sections.caveats_and_recommendations", "warn"),
    ("card-mostly-complete", None, "size(card.missing) <= 2", "warn"),
    ("no-rejections", None, 'approvals.all(a, a.decision != "reject")', "block"),
    (
        "requester-not-approver",
        ["high"],
        "approvals.all(a, a.approver != requester.id)",
        "block",
    ),
    (
        "owner-not-approver",
        ["medium", "high"],
        "approvals.all(a, !(a.approver in model.owners))",
        "block",
    ),
    (
        "recent-approvals",
        None,
        'approvals.all(a, timestamp(a.at) > timestamp("2024-01-01T00:00:00Z"))',
        "warn",
    ),
    ("distinct-approvers", ["high"], "approval_status.distinct_approvers >= 2", "block"),
    ("requester-role", None, 'requester.roles.exists(r, r in ["model_owner", "admin"])', "warn"),
    ("from-staging", ["high"], 'version.stage == "staging"', "block"),
    ("group-naming", None, 'model.full_name.startsWith(model.group + "/")', "block"),
    (
        "metadata-owner",
        None,
        '!has(version.metadata.owner_team) || version.metadata.owner_team != ""',
        "warn",
    ),
]


# `matches()` compiles its regular expression on every call (~60 µs in this CEL library), so a
# regex inside a comprehension over a 200-file manifest alone costs ~12 ms; --regex shows it.
REGEX_RULE = (
    "no-secrets",
    None,
    'manifest.all(f, !f.path.matches("(^|/)\\\\.env$|id_rsa"))',
    "block",
)


def policy_set_yaml(regex: bool = False) -> str:
    """The default pack plus the extra rules, all applying to production: 50 rules in total."""
    raw = yaml.safe_load(DEFAULT_PACK_TEXT)
    extra = [REGEX_RULE if r[0] == REGEX_RULE[0] and regex else r for r in EXTRA_RULES]
    for rule_id, tiers, condition, severity in extra:
        applies: dict[str, Any] = {"stages": ["production"]}
        if tiers:
            applies["risk_tiers"] = tiers
        raw["rules"].append(
            {
                "id": rule_id,
                "description": f"Benchmark rule {rule_id}.",
                "applies_to": applies,
                "condition": condition,
                "severity": severity,
                "message": f"Fix {rule_id}.",
            }
        )
    return str(yaml.safe_dump(raw, sort_keys=False))


def input_document(files: int) -> dict[str, Any]:
    """A high-risk production promotion with a `files`-file manifest and several lineage links."""
    doc = skeleton()
    doc["model"].update(
        owners=["usr_owner1", "usr_owner2"],
        tags={"team": "credit-risk", "cost_center": "cc-4711", "domain": "lending"},
    )
    manifest = [
        {"path": f"weights/shard-{i:05d}.safetensors", "size": 4096 + i, "sha256": f"{i:064x}"}
        for i in range(files - 2)
    ]
    manifest += [
        {"path": "config.json", "size": 812, "sha256": "a" * 64},
        {"path": "tokenizer.json", "size": 2_000_000, "sha256": "b" * 64},
    ]
    doc["manifest"] = manifest
    doc["version"].update(
        artifact_count=len(manifest),
        total_size=sum(f["size"] for f in manifest),
        tags={"release": "2024-q3"},
        metadata={"owner_team": "credit", "epochs": 20, "hyperparams": {"lr": 0.001}},
    )
    doc["lineage"]["datasets"] = [
        {
            "uri": f"s3://data/loans/{part}",
            "digest": "sha256:" + "c" * 64,
            "name": "loans",
            "version": "2024-06",
            "role": role,
        }
        for part, role in (("train", "training"), ("val", "validation"), ("eval", "evaluation"))
    ]
    doc["lineage"]["code"].append(
        {
            "repository": "https://git.example.com/credit/features",
            "commit": "f" * 40,
            "path": "features/build.py",
            "branch": "main",
        }
    )
    doc["lineage"]["training_runs"] = [
        {"system": "mlflow", "run_id": "run-17", "metrics": {"auc": 0.81, "logloss": 0.42}}
    ]
    doc["approvals"] = [
        {"approver": "usr_mrc", "role": "mrc", "decision": "approve", "at": "2024-07-01T12:00:00Z"},
        {
            "approver": "usr_sec",
            "role": "security_architect",
            "decision": "approve",
            "at": "2024-07-02T09:30:00Z",
        },
    ]
    return doc


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    index = max(0, min(len(sorted_ms) - 1, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[index]


def main() -> None:
    """Time policy parsing/compilation and evaluation; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000, help="timed evaluations")
    parser.add_argument("--warmup", type=int, default=200, help="untimed evaluations first")
    parser.add_argument("--files", type=int, default=200, help="manifest entries")
    parser.add_argument(
        "--regex", action="store_true", help="use matches() over the manifest in one rule"
    )
    args = parser.parse_args()

    text = policy_set_yaml(args.regex)
    started = time.perf_counter()
    doc = parse_policy(text)  # upload-time validation: compile + run each rule on the skeleton
    parse_ms = (time.perf_counter() - started) * 1000
    assert len(doc.rules) == 50, len(doc.rules)

    compile_ms = []
    for _ in range(20):
        started = time.perf_counter()
        compile_policy_set(doc)
        compile_ms.append((time.perf_counter() - started) * 1000)
    clear_cache()
    started = time.perf_counter()
    compiled = get_compiled(doc)
    cold_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    get_compiled(doc)
    hit_us = (time.perf_counter() - started) * 1e6

    input_doc = input_document(args.files)
    input_doc["approval_status"] = approval_status(
        doc.approvals, "production", "high", input_doc["approvals"]
    )
    results = compiled.evaluate(input_doc)
    failed = [r.rule_id for r in results if not r.passed]
    for _ in range(args.warmup):
        compiled.evaluate(input_doc)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        compiled.evaluate(input_doc)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()

    print(f"policy set: {len(doc.rules)} rules, {len(results)} applicable to production/high")
    print(f"input: {args.files}-file manifest; outcome {outcome(results)}; failed: {failed or '-'}")
    print(f"parse+validate (upload): {parse_ms:.2f} ms")
    print(
        f"compile (cold, get_compiled miss): {cold_ms:.2f} ms; "
        f"compile_policy_set median of 20: {statistics.median(compile_ms):.2f} ms; "
        f"cache hit: {hit_us:.1f} µs"
    )
    print(
        f"evaluate x{args.runs}: p50 {percentile(timings, 50):.3f} ms, "
        f"p95 {percentile(timings, 95):.3f} ms, p99 {percentile(timings, 99):.3f} ms, "
        f"max {timings[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main()
