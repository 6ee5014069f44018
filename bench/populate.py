"""Populate a registry with N models x K versions directly through the database.

Going through the HTTP API would take far longer than the benchmark budget, so rows are written
straight into the tables, but every derived column comes from the project's own code:
`SemVer.parse(v).sort_key()` / `precedence_sort_key()`, `model_search_text`, `version_search_text`,
`semver.latest` for `latest_version`, `EMPTY_DIGEST` for the digest; the database fills the rest
(FTS5 tables on SQLite, generated `search_tsv` columns on PostgreSQL). Users and the admin token go
through `IdentityService` / `ensure_admin` (they are audited); the bulk rows have NO audit events,
no outbox events and no stage history.

Two loaders write the same rows (see bulk_load.py), one transaction per `--batch` models:
`--loader bulk` (default) uses psycopg COPY on PostgreSQL and sqlite3 executemany on SQLite, with
the secondary indexes (and on SQLite the FTS5 index) built after the load; `--loader orm` is the
original SQLAlchemy bulk insert. `--size 100k|300k|1m` picks a scale-benchmark size (10,000 /
30,000 / 100,000 models x 10 versions) with its own home and PostgreSQL database, so the sizes
coexist.

Usage:
    .venv/bin/python bench/populate.py --db sqlite
    .venv/bin/python bench/populate.py --db postgresql --size 1m
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import accumulate, islice
from typing import Any

from bulk_load import (
    BulkLoader,
    PostgresBulkLoader,
    SqliteBulkLoader,
    database_bytes_postgres,
    database_bytes_sqlite,
)
from common import (
    SCALE_SIZES,
    TOKEN_FILE,
    Target,
    add_target_options,
    fresh_home,
    fresh_pg_database,
    mib,
    save_results,
    sqlalchemy_url,
    target,
)
from sqlalchemy import insert, select, text

from modelreg.domain.access import Role
from modelreg.domain.ids import new_id
from modelreg.domain.lifecycle import stage_mask
from modelreg.domain.semver import SemVer, latest
from modelreg.services.bootstrap import ensure_admin
from modelreg.services.identity import SYSTEM_ACTOR, IdentityService
from modelreg.services.models import model_search_text
from modelreg.services.uow import Transactions
from modelreg.services.versions import EMPTY_DIGEST, version_search_text
from modelreg.storage import migrate
from modelreg.storage.db import Database
from modelreg.storage.search import text_search_for
from modelreg.storage.tables import (
    ModelOwnerRow,
    ModelRow,
    ModelTagRow,
    VersionRow,
    VersionTagRow,
)

META_FILE = "bench-meta.json"
# The loaded tables, parents first (foreign keys).
MAPPED = (ModelRow, ModelOwnerRow, ModelTagRow, VersionRow, VersionTagRow)

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


# What random.choices(weights=...) computes on every call; given once, the draws are the same.
CUM_WEIGHTS = list(accumulate(_zipf_weights(len(VOCAB))))


VERSIONS = [
    "0.1.0", "0.2.0", "0.3.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.2.0-beta.1", "1.2.0",
    "2.0.0-rc.1", "2.0.0",
]  # fmt: skip
BASE_TIME = datetime(2025, 1, 1, tzinfo=UTC)


@cache
def version_keys(label: str) -> tuple[SemVer, str, str]:
    """The parsed version, its sort key and precedence key (a handful of labels, so cached)."""
    semver = SemVer.parse(label)
    return semver, semver.sort_key(), semver.precedence_sort_key()


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
    vocab = list(VOCAB)
    rng.shuffle(vocab)  # rank is independent of the order above
    # version_search_text reads a row's version and description; one transient row, refilled
    # per version, costs a fraction of constructing a mapped instance each time.
    row = VersionRow()
    for i in range(n_models):
        group = GROUPS[i % len(GROUPS)]
        name = f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{i:05d}"
        framework = rng.choice(FRAMEWORKS)
        task = rng.choice(TASKS)
        domain = rng.choice(DOMAINS)
        words = " ".join(rng.choices(vocab, cum_weights=CUM_WEIGHTS, k=rng.randint(15, 30)))
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
        keys = [version_keys(v) for v in names]
        newest = latest(k[0] for k in keys)
        versions: list[dict[str, Any]] = []
        version_tags: list[dict[str, Any]] = []
        last_time = created
        for k, (label, (semver, sort_key, precedence)) in enumerate(zip(names, keys, strict=True)):
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
                rng.choices(vocab, cum_weights=CUM_WEIGHTS, k=rng.randint(4, 10))
            )
            row.version, row.description = label, vdesc
            sealed = stage in ("production", "deprecated", "archived")
            vid = new_id()
            versions.append(
                {
                    "id": vid,
                    "model_id": model_id,
                    "version": label,
                    "sort_key": sort_key,
                    "precedence": precedence,
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
            # The migrations' triggers set it too as the versions are inserted; the same value.
            "stage_mask": stage_mask(v["stage"] for v in versions),
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


def load_orm(db: Database, batch: dict[str, list[dict[str, Any]]]) -> None:
    """The original path: SQLAlchemy bulk inserts of 5,000 rows, one transaction per batch."""
    session = db.write_session()
    try:
        for mapped in MAPPED:
            data = batch[mapped.__tablename__]
            for start in range(0, len(data), 5000):
                session.execute(insert(mapped), data[start : start + 5000])
        session.commit()
    finally:
        session.close()


def bulk_loader(args: argparse.Namespace, where: Target, db: Database) -> BulkLoader:
    """The fast loader of the database: COPY on PostgreSQL, sqlite3 executemany on SQLite."""
    if where.db == "postgresql":
        return PostgresBulkLoader(
            where.url, MAPPED, db.engine.dialect, rebuild_indexes=args.rebuild_indexes
        )
    return SqliteBulkLoader(
        where.home / "modelreg.db",
        MAPPED,
        db.engine.dialect,
        rebuild_indexes=args.rebuild_indexes,
        fts_rebuild=args.fts == "rebuild",
        cache_mib=args.sqlite_cache_mib,
    )


def check_search(db: Database, samples: list[dict[str, str]]) -> None:
    """The product's text-search condition must find sampled models by their name's number."""
    condition = text_search_for(db.dialect).models
    with db.read() as s:
        for sample in samples[:: max(1, len(samples) // 20)]:
            word = sample["name"].rsplit("-", 1)[1]
            names = s.execute(select(ModelRow.name).where(condition(word))).scalars().all()
            if sample["name"] not in names:
                raise SystemExit(f"text search for {word!r} does not find {sample['name']}")


def check_latest(db: Database) -> None:
    """latest_version must be the highest release by sort_key, as the product keeps it."""
    newest = (
        select(VersionRow.version)
        .where(VersionRow.model_id == ModelRow.id, VersionRow.is_prerelease.is_(False))
        .order_by(VersionRow.sort_key.desc())
        .limit(1)
        .scalar_subquery()
    )
    with db.read() as s:
        for name, stored, expected in s.execute(
            select(ModelRow.full_name, ModelRow.latest_version, newest).limit(200)
        ):
            if stored != expected:
                raise SystemExit(f"{name}: latest_version {stored!r}, highest release {expected!r}")


def vacuum_analyze(db: Database) -> None:
    """VACUUM (ANALYZE) on PostgreSQL: what autovacuum does within minutes of such a load.

    Autovacuum is off on the benchmark server; doing it here keeps plans (row estimates,
    index-only scans through the visibility map) independent of when a benchmark runs. SQLite
    gets nothing: the product never runs ANALYZE there.
    """
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM (ANALYZE)"))


def database_bytes(where: Target) -> int:
    """Database size on disk (SQLite file with -wal/-shm; PostgreSQL pg_database_size)."""
    if where.db == "sqlite":
        return database_bytes_sqlite(where.home / "modelreg.db")
    return database_bytes_postgres(where.url)


def main() -> None:
    """Populate, then print and save timings, sizes and the loader's peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_target_options(parser)
    parser.add_argument("--models", type=int, default=None, help="default 10,000 or the --size's")
    parser.add_argument(
        "--versions-per-model", "--versions", dest="versions", type=int, default=10,
        help="versions per model (max 10)",
    )  # fmt: skip
    parser.add_argument("--batch", type=int, default=1000, help="models per transaction")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument(
        "--loader", choices=("bulk", "orm"), default="bulk",
        help="bulk: COPY / sqlite3 executemany (default); orm: SQLAlchemy bulk inserts",
    )  # fmt: skip
    parser.add_argument(
        "--rebuild-indexes", action=argparse.BooleanOptionalAction, default=True,
        help="bulk loader: drop secondary indexes before the load, re-create them after",
    )  # fmt: skip
    parser.add_argument(
        "--fts", choices=("rebuild", "triggers"), default="rebuild",
        help="SQLite bulk loader: FTS5 'rebuild' after the load, or its insert triggers per row",
    )  # fmt: skip
    parser.add_argument(
        "--sqlite-cache-mib", type=int, default=256,
        help="SQLite bulk loader: page cache of its connection (counts in the loader's RSS)",
    )  # fmt: skip
    parser.add_argument(
        "--out", default=None, help="results name (default populate-[scale-<size>-]<db>)"
    )
    args = parser.parse_args()
    n_models = args.models or (SCALE_SIZES[args.size] if args.size else 10_000)
    if not 1 <= args.versions <= len(VERSIONS):
        parser.error(f"--versions-per-model must be 1..{len(VERSIONS)}")
    check_semver()
    where = target(args.db, args.size, args.home, args.pg_database)
    home = fresh_home(where.home)
    if args.db == "postgresql":
        fresh_pg_database(where.pg_database)
    db = Database.from_url(sqlalchemy_url(where.url))

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
    loader: BulkLoader | None = None
    if args.loader == "bulk":
        db.dispose()  # the loader's own connection; on SQLite it changes the journal mode
        loader = bulk_loader(args, where, db)
        loader.prepare()
    t_setup = time.perf_counter() - t0

    counts: Counter[str] = Counter()
    doc_freq: Counter[str] = Counter()
    samples: list[dict[str, str]] = []
    generate = insert_time = 0.0
    rows = model_rows(n_models, args.versions, owners, args.seed)
    batches = (n_models + args.batch - 1) // args.batch
    for b in range(batches):
        g0 = time.perf_counter()
        chunk = list(islice(rows, args.batch))
        batch: dict[str, list[dict[str, Any]]] = {
            "models": [c[0] for c in chunk],
            "model_owners": [r for c in chunk for r in c[1]],
            "model_tags": [r for c in chunk for r in c[2]],
            "model_versions": [r for c in chunk for r in c[3]],
            "version_tags": [r for c in chunk for r in c[4]],
        }
        for c in chunk:
            doc_freq.update(set(re.findall(r"\w+", c[5].lower())))
        samples.extend({"group": m["group_name"], "name": m["name"]} for m in batch["models"][::50])
        i0 = time.perf_counter()
        generate += i0 - g0
        if loader is None:
            load_orm(db, batch)
        else:
            loader.load(batch)
        insert_time += time.perf_counter() - i0
        counts.update({table: len(data) for table, data in batch.items()})
        if (b + 1) % 10 == 0 or b + 1 == batches:
            print(f"batch {b + 1}/{batches}: {sum(counts.values()):,} rows", flush=True)
    f0 = time.perf_counter()
    phases = loader.finish() if loader is not None else {}
    finish = time.perf_counter() - f0
    check_order(db)
    check_latest(db)
    check_search(db, samples)
    a0 = time.perf_counter()
    vacuum_analyze(db)
    analyze = time.perf_counter() - a0
    total = time.perf_counter() - t0
    db.dispose()
    size = database_bytes(where)

    n_rows = sum(counts.values())
    words = {w: doc_freq[w] for w in VOCAB if w in doc_freq}
    meta = {
        "db": args.db,
        "database_url": where.url,
        "models": n_models,
        "versions_per_model": args.versions,
        "groups": GROUPS,
        "teams": TEAMS,
        "sample_models": samples,
        "word_doc_freq": words,
        "all_tokens": sorted(doc_freq),
    }
    (home / META_FILE).write_text(json.dumps(meta))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    result = {
        "db": args.db,
        "size": args.size,
        "home": str(home),
        "database_url": where.url,
        "loader": args.loader,
        "rebuild_indexes": args.rebuild_indexes if loader else None,
        "fts": args.fts if loader and args.db == "sqlite" else None,
        "models": n_models,
        "versions_per_model": args.versions,
        "rows": dict(counts),
        "rows_total": n_rows,
        "setup_s": t_setup,
        "generate_s": generate,
        "insert_s": insert_time,
        "finish_s": finish,
        "finish_phases_s": phases,
        "analyze_s": analyze,
        "total_s": total,
        "rows_per_s_insert": n_rows / insert_time,
        "rows_per_s_total": n_rows / total,
        "versions_per_s_total": counts["model_versions"] / total,
        "database_bytes": size,
        "database_mib": mib(size),
        "loader_peak_rss_mib": peak_kib / 1024,
        "load1_end": os.getloadavg()[0],
    }
    name = args.out or (
        f"populate-scale-{args.size}-{args.db}" if args.size else f"populate-{args.db}"
    )
    save_results(name, result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
