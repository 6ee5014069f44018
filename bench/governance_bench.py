"""Governance: policy evaluation of a 50-rule set, and the promotion flow over HTTP.

(a) In process: a 50-rule policy set (the default pack plus 43 generated rules over lineage,
    card, tags, metadata and approvals) compiled once, then evaluated `--evals` times against a
    realistic input document; p50/p95 per evaluation of the whole set (`decide()` included, i.e.
    the second evaluation it runs when only approvals are missing).
(b) Against a real `modelreg serve` (fresh SQLite home, or a fresh PostgreSQL database
    modelreg_bench_gov): an admin creates an owner, an MRC member and a security architect; the
    owner creates `--versions` ready versions (lineage, card, artifact) of a high-risk model.
    Timed per version, through the SDK: submit (executes at once), request production (awaits
    approval), MRC approval, security approval (executes). Every step writes its decision
    record, audit events and outbox events in the same transaction.

Usage:
    .venv/bin/python bench/governance_bench.py --db sqlite
    .venv/bin/python bench/governance_bench.py --db postgresql
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_ROOT,
    Server,
    database_url,
    fresh_home,
    fresh_pg_database,
    save_results,
    summary_ms,
)

from modelreg import policy
from modelreg.client import Client
from modelreg.domain.access import Role
from modelreg.schemas.cards import CardAnnotations
from modelreg.schemas.lineage import CodeLink, DatasetLink
from modelreg.schemas.models import ModelCreate
from modelreg.schemas.users import TokenCreate, UserCreate
from modelreg.schemas.versions import VersionCreate
from modelreg.services.policies import decide

GOV_DB = "modelreg_bench_gov"
COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"
TARGET_MS = 50.0

# Condition templates of the generated rules: the shapes real policies use.
_TEMPLATES = [
    'lineage.datasets.all(d, d.digest != "")',
    "size(lineage.code) > 0 && lineage.code.all(c, size(c.commit) == 40)",
    'has(model.tags.team) && model.tags.team != ""',
    '"owner_email" in version.metadata',
    "version.artifact_count > 0 && version.total_size < 10000000000",
    'model.license != ""',
    "card.sections.training_data && card.sections.evaluation_data",
    "size(card.missing) <= 3",
    "approval_status.distinct_approvers >= 0",
    '!version.is_prerelease || target_stage != "production"',
    "manifest.all(f, size(f.sha256) == 64)",
    'lineage.datasets.exists(d, d.role == "training")',
    'requester.roles.exists(r, r == "model_owner" || r == "admin")',
    'model.risk_tier != "high" || size(model.owners) >= 1',
]


def policy_text(n_rules: int = 50) -> str:
    """The default pack plus generated rules up to `n_rules` (YAML)."""
    pack = policy.default_pack()
    extra = []
    for i in range(n_rules - len(pack.rules)):
        condition = _TEMPLATES[i % len(_TEMPLATES)]
        severity = "warn" if i % 3 == 0 else "block"
        extra.append(
            f"  - id: generated-{i:02d}\n"
            f"    description: Generated rule {i}.\n"
            f"    applies_to: {{stages: [production, staging]}}\n"
            f"    condition: '{condition.replace(chr(39), chr(39) * 2)}'\n"
            f"    severity: {severity}\n"
            f"    message: Fix generated rule {i}.\n"
        )
    return policy.DEFAULT_PACK_TEXT.replace("name: default", "name: bench50", 1) + "".join(extra)


def realistic_input() -> dict[str, Any]:
    """An input document as a promotion of a documented, traced model produces it."""
    doc = policy.skeleton()
    doc["model"]["tags"] = {"team": "credit", "domain": "lending", "pii": "yes"}
    doc["version"]["metadata"] = {"owner_email": "a@example.com", "auc": 0.91, "rows": 1_200_000}
    doc["manifest"] = [
        {"path": f"shard-{i:03d}.bin", "size": 10_000_000, "sha256": f"{i:064x}"} for i in range(40)
    ]
    doc["version"]["artifact_count"] = 40
    doc["version"]["total_size"] = 400_000_000
    doc["lineage"]["datasets"] *= 5
    doc["approval_status"].update(satisfied=False, missing_roles=["security_architect"])
    return doc


def policy_eval(evals: int) -> dict[str, Any]:
    """Compile the 50-rule set once; time `evals` full decisions."""
    document = policy.parse_policy(policy_text(50))
    t0 = time.perf_counter()
    compiled = policy.compile_policy_set(document)
    compile_s = time.perf_counter() - t0
    doc = realistic_input()
    state, results = decide(compiled, doc)
    samples = []
    for _ in range(evals):
        t0 = time.perf_counter()
        decide(compiled, doc)
        samples.append(time.perf_counter() - t0)
    return {
        "rules": len(document.rules),
        "applicable": len(results),
        "state": state,
        "compile_ms": compile_s * 1000,
        "decide": summary_ms(samples),
    }


def _timed(samples: list[float], call: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    result = call()
    samples.append(time.perf_counter() - t0)
    return result


def http_flow(db: str, home: Path, n_versions: int) -> dict[str, Any]:
    """The submit → request → MRC → security flow for `n_versions` versions on a fresh server."""
    fresh_home(home)
    url = fresh_pg_database(GOV_DB) if db == "postgresql" else database_url("sqlite", home)
    steps: dict[str, list[float]] = {"submit": [], "request": [], "mrc": [], "security": []}
    with Server(home, url) as server:
        with Client(server.base_url, server.token) as admin:
            tokens = {}
            for name, role in (
                ("owner", Role.MODEL_OWNER),
                ("mrc", Role.MRC),
                ("sec", Role.SECURITY_ARCHITECT),
            ):
                admin.users.create(UserCreate(username=name, roles=[role]))
                tokens[name] = admin.tokens.issue(name, TokenCreate(expires_in_days=1)).token
        with (
            Client(server.base_url, tokens["owner"]) as owner,
            Client(server.base_url, tokens["mrc"]) as mrc,
            Client(server.base_url, tokens["sec"]) as sec,
        ):
            owner.models.create(ModelCreate(group="bench", name="scorer", risk_tier="high"))
            for i in range(n_versions):
                ref = f"bench/scorer@1.0.{i}"
                owner.versions.create(
                    "bench/scorer",
                    VersionCreate(
                        version=f"1.0.{i}",
                        lineage=[
                            DatasetLink(kind="dataset", uri=f"s3://risk/q{i}.parquet"),
                            CodeLink(
                                kind="code", repository="https://git.example.com/r", commit=COMMIT
                            ),
                        ],
                    ),
                )
                owner.artifacts.upload(ref, "model.bin", io.BytesIO(b"w" * 4096))
                owner.cards.set_annotations(
                    ref, CardAnnotations(intended_use="Triage.", limitations="Card-present only.")
                )
                done = _timed(
                    steps["submit"], partial(owner.promotions.request, ref, "submitted", "review")
                )
                assert done.state == "executed", done
                promo = _timed(
                    steps["request"], partial(owner.promotions.request, ref, "production", "go")
                )
                assert promo.state == "awaiting_approval", promo
                after = _timed(steps["mrc"], partial(mrc.promotions.approve, promo.id, "ok"))
                assert after.state == "awaiting_approval", after
                final = _timed(steps["security"], partial(sec.promotions.approve, promo.id, "ok"))
                assert final.state == "executed", final
            verified = admin_verify(server)
    return {
        "db": db,
        "versions": n_versions,
        "steps": {name: summary_ms(samples) for name, samples in steps.items()},
        "audit_chain_ok": verified,
    }


def admin_verify(server: Server) -> bool:
    """The audit chain verifies after the run."""
    with Client(server.base_url, server.token) as admin:
        return admin.audit.verify().ok


def main() -> None:
    """Run (a) and (b); print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--versions", type=int, default=60)
    parser.add_argument("--evals", type=int, default=2000)
    args = parser.parse_args()
    home: Path = args.home or DEFAULT_ROOT / f"governance-{args.db}"
    evaluation = policy_eval(args.evals)
    print("policy evaluation:", evaluation, flush=True)
    flow = http_flow(args.db, home, args.versions)
    for name, stats in flow["steps"].items():
        met = "met" if stats["p95"] <= TARGET_MS else "NOT met"
        print(
            f"{name:9} p50 {stats['p50']:6.1f} ms  p95 {stats['p95']:6.1f} ms  "
            f"max {stats['max']:6.1f} ms  (target p95 <= {TARGET_MS:.0f} ms: {met})"
        )
    print("audit chain ok:", flow["audit_chain_ok"])
    path = save_results(f"governance-{args.db}", {"policy_eval": evaluation, "http_flow": flow})
    print(f"saved {path}")


if __name__ == "__main__":
    main()
