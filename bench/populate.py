"""Populate a registry with 10,000 models x 10 versions directly through the database.

Going through the HTTP API would take far longer than the benchmark budget, so rows are written
with SQLAlchemy bulk inserts (`session.execute(insert(Row), rows)`), but every derived column comes
from the project's own code: `SemVer.parse(v).sort_key()`, `model_search_text`,
`version_search_text`, `semver.latest` for `latest_version`, `manifest_digest([])` for the digest.
Users and the admin token go through `IdentityService` / `ensure_admin` (they are audited); the
bulk rows have NO audit events and no outbox events.

Usage:
    .venv/bin/python bench/populate.py --db sqlite
    .venv/bin/python bench/populate.py --db postgresql
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_ROOT,
    TOKEN_FILE,
    database_url,
    fresh_home,
    fresh_pg_database,
    save_results,
    sqlalchemy_url,
)
from sqlalchemy import insert, select, text

from modelreg.domain.access import Role
from modelreg.domain.ids import new_id
from modelreg.domain.semver import SemVer, latest
from modelreg.services.bootstrap import ensure_admin
from modelreg.services.identity import SYSTEM_ACTOR, IdentityService
from modelreg.services.models import model_search_text
from modelreg.services.uow import Transactions
from modelreg.services.versions import EMPTY_DIGEST, version_search_text
from modelreg.storage import migrate
from modelreg.storage.db import Database
from modelreg.storage.tables import (
    ModelOwnerRow,
    ModelRow,
    ModelTagRow,
    VersionRow,
    VersionTagRow,
)

META_FILE = "bench-meta.json"

AREAS = [
    "fraud", "credit", "marketing", "pricing", "search", "ranking", "vision", "speech",
    "nlp", "forecast", "risk", "ops", "security", "health", "supply", "retail", "ads",
    "support", "hr", "finance",
]  # fmt: skip
GROUP_SUFFIXES = ["core", "labs", "platform", "research", "prod"]
GROUPS = [f"{a}-{s}" for a in AREAS for s in GROUP_SUFFIXES]  # 100 groups
TEAMS = [f"{a}-team" for a in AREAS]  # 20
DOMAINS = [
    "payments", "lending", "insurance", "ecommerce", "media", "telecom", "logistics",
    "healthcare", "energy", "public-sector",
]  # fmt: skip
TIER_TAGS = ["gold", "silver", "bronze"]
FRAMEWORKS = [
    "pytorch", "tensorflow", "xgboost", "scikit-learn", "lightgbm", "jax", "onnx", "catboost",
]  # fmt: skip
TASKS = [
    "tabular-classification", "tabular-regression", "text-classification", "token-classification",
    "image-classification", "object-detection", "time-series-forecasting", "recommendation",
]  # fmt: skip
LICENSES = ["Apache-2.0", "MIT", "BSD-3-Clause", None]
ADJECTIVES = [
    "swift", "quiet", "bright", "steady", "bold", "clever", "lucid", "nimble", "prime", "solid",
    "keen", "brisk", "calm", "deep", "eager", "fair", "grand", "lean", "noble", "vivid",
]  # fmt: skip
NOUNS = [
    "scorer", "ranker", "tagger", "detector", "forecaster", "classifier", "encoder", "matcher",
    "router", "estimator", "segmenter", "parser", "filter", "predictor", "recommender", "screener",
]  # fmt: skip
# Description vocabulary, drawn with Zipf weights so words range from very common to rare.
_VOCAB_TEXT = """
model trained evaluated production baseline dataset features accuracy latency customers
transactions gradient boosting transformer embeddings attention calibration threshold recall
precision drift monitoring retraining weekly daily batch streaming realtime inference gpu cpu
quantized distilled pruned ensemble stacking bagging lstm convolutional residual bert roberta
tokenizer vocabulary multilingual english german french spanish japanese chinese arabic anomaly
outlier chargeback merchant cardholder issuer acquirer velocity geolocation device fingerprint
session clickstream impressions conversions bids auctions budget pacing creative invoice ledger
reconciliation liquidity portfolio exposure default delinquency collections underwriting
applicant income bureau affordability churn retention lifetime segmentation cohort demand
inventory replenishment warehouse shipment carrier routing eta weather holiday seasonal
promotion elasticity markdown assortment catalog taxonomy query relevance reranking retrieval
vector hybrid lexical semantic intent entity sentiment toxicity moderation summarization
translation transcription diarization keyword wakeword acoustic phoneme speaker noise robust
pedestrian vehicle lidar radar segmentation bounding keypoint pose ocr handwriting document
invoice receipt passport identity liveness spoofing biometric consent privacy differential
federated synthetic augmentation imbalance oversampling undersampling focal hinge huber
quantile isotonic platt monotonic explainability shap counterfactual fairness disparate parity
audit governance lineage reproducible deterministic seed checkpoint warmup scheduler optimizer
adamw dropout regularization overfitting underfitting validation holdout crossvalidation
backtest champion challenger shadow canary rollback latencybudget throughput autoscaling
kubernetes triton onnxruntime tensorrt openvino coreml edge mobile embedded firmware telemetry
sensor vibration turbine pump bearing failure maintenance predictive downtime yield defect
wafer radiology pathology dermatology triage readmission sepsis cohortstudy claims coding
billing phishing malware intrusion botnet ransomware beaconing exfiltration lateral privilege
sanctions laundering structuring smurfing mule kyc aml screening watchlist adverse media
"""
VOCAB = _VOCAB_TEXT.split()


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


VERSIONS = [
    "0.1.0", "0.2.0", "0.3.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.2.0-beta.1", "1.2.0",
    "2.0.0-rc.1", "2.0.0",
]  # fmt: skip
BASE_TIME = datetime(2025, 1, 1, tzinfo=UTC)


def model_rows(
    n_models: int, n_versions: int, owners: list[str], seed: int
) -> Iterator[
    tuple[
        dict[str, Any],
        list[dict[str, Any]],
        list[dict[str, Any]],
        list[dict[str, Any]],
        list[dict[str, Any]],
        str,
    ]
]:
    """Yield (model, owners, model tags, versions, version tags, search text) per model."""
    rng = random.Random(seed)
    weights = _zipf_weights(len(VOCAB))
    vocab = list(VOCAB)
    rng.shuffle(vocab)  # rank is independent of the order above
    for i in range(n_models):
        group = GROUPS[i % len(GROUPS)]
        name = f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{i:05d}"
        framework = rng.choice(FRAMEWORKS)
        task = rng.choice(TASKS)
        domain = rng.choice(DOMAINS)
        words = " ".join(rng.choices(vocab, weights, k=rng.randint(15, 30)))
        description = (
            f"{task.replace('-', ' ').capitalize()} model for {domain} built with {framework}. "
            f"{words.capitalize()}."
        )
        tags = {
            "team": TEAMS[rng.randrange(len(TEAMS))],
            "domain": domain,
            "tier": rng.choice(TIER_TAGS),
        }
        created = BASE_TIME + timedelta(minutes=30 * i, seconds=rng.randrange(1800))
        model_id = new_id()
        owner_ids = rng.sample(owners, rng.choice((1, 1, 2)))
        model = ModelRow(
            id=model_id,
            group_name=group,
            name=name,
            full_name=f"{group}/{name}",
            description=description,
            risk_tier=rng.choices(("low", "medium", "high"), (50, 35, 15))[0],
            task=task,
            framework=framework,
            license=rng.choice(LICENSES),
            created_at=created,
            created_by=owner_ids[0],
        )
        names = VERSIONS[:n_versions]
        if n_versions == len(VERSIONS) and rng.random() < 0.3:
            names = [*names[:-1], "2.0.0-rc.2"]  # no 2.0.0 yet: latest stays 1.2.0
        parsed = [SemVer.parse(v) for v in names]
        newest = latest(parsed)
        versions: list[dict[str, Any]] = []
        version_tags: list[dict[str, Any]] = []
        last_time = created
        for k, (label, semver) in enumerate(zip(names, parsed, strict=True)):
            vcreated = created + timedelta(days=3 * k, seconds=rng.randrange(86_400))
            last_time = vcreated
            newest_two = k >= len(names) - 2
            if semver.is_prerelease:
                stage = "draft" if newest_two else "archived"
            elif newest_two:
                stage = rng.choice(("production", "staging", "submitted"))
            else:
                stage = rng.choice(("archived", "deprecated", "production"))
            vtags = {
                "dataset": f"q{rng.randint(1, 4)}-2026",
                "env": rng.choice(("dev", "staging", "prod")),
            }
            vdesc = f"{label}: retrained on {vtags['dataset']} data; " + " ".join(
                rng.choices(vocab, weights, k=rng.randint(4, 10))
            )
            row = VersionRow(version=label, description=vdesc)
            sealed = stage in ("production", "deprecated", "archived")
            vid = new_id()
            versions.append(
                {
                    "id": vid,
                    "model_id": model_id,
                    "version": label,
                    "sort_key": semver.sort_key(),
                    "is_prerelease": semver.is_prerelease,
                    "stage": stage,
                    "description": vdesc,
                    "metadata_json": {
                        "metrics": {"auc": round(rng.uniform(0.7, 0.99), 4)},
                        "training_rows": rng.randrange(10_000, 10_000_000),
                    },
                    "annotations": {},
                    "manifest_digest": EMPTY_DIGEST,
                    "sealed_at": vcreated + timedelta(hours=1) if sealed else None,
                    "sealed_by": owner_ids[0] if sealed else None,
                    "search_text": version_search_text(model, row, vtags),
                    "created_at": vcreated,
                    "updated_at": vcreated + timedelta(hours=1) if sealed else vcreated,
                    "created_by": owner_ids[0],
                }
            )
            version_tags.extend(
                {"version_id": vid, "key": k2, "value": v} for k2, v in vtags.items()
            )
        search = model_search_text(model, tags)  # no card annotations on these versions
        model_dict = {
            "id": model_id,
            "group_name": group,
            "name": name,
            "full_name": model.full_name,
            "description": description,
            "risk_tier": model.risk_tier,
            "task": task,
            "framework": framework,
            "license": model.license,
            "latest_version": str(newest) if newest else None,
            "latest_sort_key": newest.sort_key() if newest else None,
            "search_text": search,
            "created_at": created,
            "updated_at": last_time,
            "created_by": owner_ids[0],
        }
        owner_rows = [{"model_id": model_id, "user_id": u} for u in owner_ids]
        tag_rows = [{"model_id": model_id, "key": k, "value": v} for k, v in tags.items()]
        yield model_dict, owner_rows, tag_rows, versions, version_tags, search


# SemVer 2.0.0 section 11: each is lower in precedence than the next.
SPEC_ORDER = [
    "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
    "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1",
]  # fmt: skip


def check_semver() -> None:
    """Refuse to populate when the imported SemVer sort key does not order the spec's example.

    Other people edit the working tree while benchmarks run; a half-edited semver.py would write
    100,000 wrong sort keys.
    """
    keys = [SemVer.parse(v).sort_key() for v in SPEC_ORDER]
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        raise SystemExit(
            "modelreg.domain.semver.sort_key() does not order the SemVer spec example "
            "(is semver.py being edited?); not populating"
        )


def check_order(db: Database) -> None:
    """ORDER BY sort_key must list every sampled model's versions in SemVer precedence order."""
    rank = {v: i for i, v in enumerate(VERSIONS)} | {"2.0.0-rc.2": len(VERSIONS) - 0.5}
    with db.read() as s:
        ids = s.execute(select(ModelRow.id).limit(20)).scalars().all()
        for model_id in ids:
            got = (
                s.execute(
                    select(VersionRow.version)
                    .where(VersionRow.model_id == model_id)
                    .order_by(VersionRow.sort_key)
                )
                .scalars()
                .all()
            )
            if got != sorted(got, key=rank.__getitem__):
                raise SystemExit(f"versions in sort_key order are not in precedence order: {got}")


def main() -> None:
    """Populate, then print and save timings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--home", type=Path, default=None, help="MODELREG_HOME (wiped first)")
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=10, help="versions per model (max 10)")
    parser.add_argument("--batch", type=int, default=1000, help="models per transaction")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()
    check_semver()
    home: Path = fresh_home(args.home or DEFAULT_ROOT / f"search-{args.db}")
    url = fresh_pg_database() if args.db == "postgresql" else database_url("sqlite", home)
    db = Database.from_url(sqlalchemy_url(url))

    t0 = time.perf_counter()
    migrate.upgrade(db.engine)
    identity = IdentityService(Transactions(db))
    issued = ensure_admin(identity, ttl=timedelta(days=30))
    assert issued is not None, "the database was not empty"
    (home / TOKEN_FILE).write_text(issued.token + "\n")
    owners = [
        identity.create_user(
            actor=SYSTEM_ACTOR, username=f"owner-{n:02d}", roles=frozenset({Role.MODEL_OWNER})
        ).id
        for n in range(10)
    ]
    t_setup = time.perf_counter() - t0

    counts: Counter[str] = Counter()
    doc_freq: Counter[str] = Counter()
    samples: list[dict[str, str]] = []
    generate = insert_time = 0.0
    rows = model_rows(args.models, args.versions, owners, args.seed)
    batches = (args.models + args.batch - 1) // args.batch
    for b in range(batches):
        g0 = time.perf_counter()
        chunk = [next(rows) for _ in range(min(args.batch, args.models - b * args.batch))]
        models = [c[0] for c in chunk]
        owner_rows = [r for c in chunk for r in c[1]]
        tag_rows = [r for c in chunk for r in c[2]]
        versions = [r for c in chunk for r in c[3]]
        version_tags = [r for c in chunk for r in c[4]]
        for c in chunk:
            doc_freq.update(set(re.findall(r"\w+", c[5].lower())))
        samples.extend({"group": m["group_name"], "name": m["name"]} for m in models[::50])
        i0 = time.perf_counter()
        generate += i0 - g0
        session = db.write_session()
        try:
            for table, data in (
                (ModelRow, models), (ModelOwnerRow, owner_rows), (ModelTagRow, tag_rows),
                (VersionRow, versions), (VersionTagRow, version_tags),
            ):  # fmt: skip
                for start in range(0, len(data), 5000):
                    session.execute(insert(table), data[start : start + 5000])
                counts[table.__tablename__] += len(data)
            session.commit()
        finally:
            session.close()
        insert_time += time.perf_counter() - i0
        print(f"batch {b + 1}/{batches}: {sum(counts.values()):,} rows", flush=True)
    check_order(db)
    a0 = time.perf_counter()
    if args.db == "postgresql":
        # Autovacuum would ANALYZE these tables within a minute of such a load; do it now so the
        # benchmark does not depend on when it runs.
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    analyze = time.perf_counter() - a0
    total = time.perf_counter() - t0
    db.dispose()

    n_rows = sum(counts.values())
    words = {w: doc_freq[w] for w in VOCAB if w in doc_freq}
    meta = {
        "db": args.db,
        "database_url": url,
        "models": args.models,
        "versions_per_model": args.versions,
        "groups": GROUPS,
        "teams": TEAMS,
        "sample_models": samples,
        "word_doc_freq": words,
        "all_tokens": sorted(doc_freq),
    }
    (home / META_FILE).write_text(json.dumps(meta))
    result = {
        "db": args.db,
        "home": str(home),
        "rows": dict(counts),
        "rows_total": n_rows,
        "setup_s": t_setup,
        "generate_s": generate,
        "insert_s": insert_time,
        "analyze_s": analyze,
        "total_s": total,
        "rows_per_s_insert": n_rows / insert_time,
        "rows_per_s_total": n_rows / total,
        "versions_per_s_total": counts["model_versions"] / total,
    }
    save_results(f"populate-{args.db}", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
