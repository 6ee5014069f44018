"""Mixed load on a modelreg server: model owners, MRC reviewers, security architects, auditors.

Run by bench/mixed_load.py, which starts the server (with its scan worker), seeds the accounts
through the admin API and writes the seed file this module reads from MODELREG_LOAD_SEED:
accounts and tokens per user class, the class weights, the think time and the catalogue to
search (words, teams, domains, sample models). Every response is checked against the status
(and, where it matters, the state) the API documents for that step; anything else is a failure
in locust's statistics with the problem detail in the message. At exit the per-request figures,
the merged read (GET) distribution and the promotion pipeline counters are written as JSON to
MODELREG_LOAD_SUMMARY.

The flow (default policy pack): an owner pushes a version (create with lineage, upload three
small files, write the card, seal, submit); sealing queues a security scan. Later the owner
checks the scan of the oldest submitted version: while it is `pending` (documented answer of
GET .../scans) the version waits, and once `complete` the owner requests staging (no approval
needed; executes at once). A staging version is then requested for production, which awaits an
MRC and a security-architect approval from two different people (two-person rule for medium and
high risk). Reviewers take promotions from the queue that miss their role; each reviewer
of a role owns one slice of the queue (by promotion id), so two people of the same role do not
approve the same promotion - as a committee splitting its queue would.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import struct
import time
import zlib
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser, ResponseContextManager
from locust.env import Environment
from locust.exception import StopUser
from locust.stats import StatsEntry

API = "/api/v1"
COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"

_seed_path = os.environ.get("MODELREG_LOAD_SEED")
if not _seed_path:
    raise RuntimeError("set MODELREG_LOAD_SEED to a seed file (bench/mixed_load.py writes one)")
SEED: dict[str, Any] = json.loads(Path(_seed_path).read_text())
CATALOG: dict[str, Any] = SEED["catalog"]
WEIGHTS: dict[str, int] = SEED["weights"]

# Promotion pipeline counters and observed scan waits, reported in the summary.
PIPELINE: Counter[str] = Counter()
SCAN_WAITS: list[float] = []
OWNERS: list[ModelOwner] = []  # every owner user started, for the end-of-run pipeline state


class AccountPool:
    """Seeded accounts of one user class; each running user holds one exclusively."""

    def __init__(self, accounts: list[dict[str, Any]]) -> None:
        self.free: deque[dict[str, Any]] = deque(accounts)

    def take(self) -> dict[str, Any] | None:
        """A free account, or None when every seeded account is in use."""
        return self.free.popleft() if self.free else None

    def give_back(self, account: dict[str, Any]) -> None:
        """Return an account when its user stops."""
        self.free.append(account)


POOLS = {kind: AccountPool(accounts) for kind, accounts in SEED["accounts"].items()}
# The running reviewers of each role, in start order: reviewer i of n takes slice i of the queue.
LIVE_REVIEWERS: dict[str, list[RegistryUser]] = {"mrc": [], "security_architect": []}


def describe(resp: ResponseContextManager, expected: tuple[int, ...]) -> str:
    """A failure message: what was expected, what came, and the problem detail."""
    if resp.status_code == 0:
        return f"no response (expected {expected}): {resp.error!r}"
    detail = resp.text[:300] if resp.text else ""
    try:
        problem = json.loads(resp.text or "")
        if isinstance(problem, dict) and "detail" in problem:
            kind = str(problem.get("type", "")).rsplit("/", 1)[-1]
            detail = f"{kind}: {problem['detail']} (request_id {problem.get('request_id')})"
    except ValueError:
        pass
    return f"HTTP {resp.status_code}, expected {'/'.join(map(str, expected))}: {detail}"


def failing_rules(promotion: dict[str, Any]) -> str:
    """The block rules that failed in a promotion document, for a failure message."""
    rules = [
        f"{r['rule_id']}: {r.get('message', '')}"
        for r in promotion.get("results", [])
        if not r.get("passed") and r.get("severity") == "block"
    ]
    return "; ".join(rules) or "(no failing block rule reported)"


def safetensors_blob(size: int, rng: random.Random) -> bytes:
    """A well-formed safetensors file of `size` payload bytes (random weights, so unique)."""
    header = json.dumps(
        {"weight": {"dtype": "F32", "shape": [size // 4], "data_offsets": [0, size]}}
    ).encode()
    return struct.pack("<Q", len(header)) + header + rng.randbytes(size)


class RegistryUser(FastHttpUser):
    """A person with a seeded account and token; every call is checked."""

    abstract = True
    kind: ClassVar[str] = ""
    wait_time = between(*SEED["wait"])

    def on_start(self) -> None:
        """Take a seeded account of this user class."""
        account = POOLS[self.kind].take()
        if account is None:
            self.environment.events.request.fire(
                request_type="SETUP",
                name=f"no free seeded {self.kind} account",
                response_time=0,
                response_length=0,
                exception=RuntimeError(
                    f"all {len(SEED['accounts'][self.kind])} seeded {self.kind} accounts are in "
                    "use: mixed_load.py seeds enough for its --users (or largest --steps)"
                ),
                context={},
            )
            raise StopUser
        self.account = account
        self.auth = {"Authorization": f"Bearer {account['token']}"}
        # Per process too: weights pushed in a later knee step must not repeat earlier bytes
        # (identical blobs would be deduplicated by the content-addressed store).
        self.rng = random.Random(f"{account['username']}:{os.getpid()}:{time.time_ns()}")

    def on_stop(self) -> None:
        """Give the account back."""
        account = getattr(self, "account", None)  # absent when on_start found none free
        if account is not None:
            POOLS[self.kind].give_back(account)
            del self.account

    def call(
        self,
        method: str,
        path: str,
        name: str,
        expected: tuple[int, ...] = (200,),
        *,
        body: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One request; a status outside `expected` is a failure. The JSON body, or None."""
        with self.client.request(
            method,
            path,
            name=name,
            json=body,
            data=content,
            headers={**self.auth, **(headers or {})},
            catch_response=True,
        ) as resp:
            if resp.status_code not in expected:
                resp.failure(describe(resp, expected))
                return None
            resp.success()
            return resp.json() if resp.text else None

    def expect_state(
        self, method: str, path: str, name: str, body: Any, states: tuple[str, ...]
    ) -> dict[str, Any] | None:
        """A promotion request or approval whose answer must be 200/201 in one of `states`."""
        with self.client.request(
            method, path, name=name, json=body, headers=self.auth, catch_response=True
        ) as resp:
            if resp.status_code not in (200, 201):
                resp.failure(describe(resp, (200, 201)))
                return None
            promotion: dict[str, Any] = resp.json()
            if promotion["state"] not in states:
                resp.failure(
                    f"promotion {promotion['id']} is {promotion['state']}, expected "
                    f"{'/'.join(states)}: {failing_rules(promotion)}"
                )
                return None
            resp.success()
            return promotion

    # -- reads every role does ----------------------------------------------------------

    def search_text(self) -> None:
        """Full-text search with a word of moderate frequency (the UI's search box)."""
        word = self.rng.choice(CATALOG["words"])
        self.call("GET", f"{API}/models?q={word}&limit=20", "/models?q=[word]")

    def search_tag(self) -> None:
        """Filter by team tag, sometimes with a domain tag too."""
        query = f"tag=team={self.rng.choice(CATALOG['teams'])}"
        if self.rng.random() < 0.5:
            query += f"&tag=domain={self.rng.choice(CATALOG['domains'])}"
        self.call("GET", f"{API}/models?{query}&limit=20", "/models?tag=[tag]")

    def get_model(self) -> dict[str, Any] | None:
        """One model of the catalogue."""
        model = self.rng.choice(CATALOG["models"])
        found: dict[str, Any] | None = self.call(
            "GET", f"{API}/models/{model['group']}/{model['name']}", "/models/[g]/[n]"
        )
        return found


@dataclass
class OwnModel:
    """A model the owner pushes to, and the next minor version to push."""

    full_name: str
    next_minor: int = 0
    submitted: deque[tuple[str, float]] = field(default_factory=deque)


class ModelOwner(RegistryUser):
    """Browses the catalogue, pushes small versions of its models and promotes them."""

    kind = "owner"
    weight = WEIGHTS["owner"]

    def on_start(self) -> None:
        """Find where each own model's versions stand (a previous run may have pushed some)."""
        super().on_start()
        self.models = [OwnModel(name) for name in self.account["models"]]
        self.staged: deque[tuple[OwnModel, str]] = deque()
        OWNERS.append(self)
        for model in self.models:
            found = self.call("GET", f"{API}/models/{model.full_name}", "/models/[own]")
            latest = (found or {}).get("latest_version")
            model.next_minor = int(latest.split(".")[1]) + 1 if latest else 0
            page = self.call(
                "GET",
                f"{API}/models/{model.full_name}/versions?stage=submitted&sort=version&limit=100",
                "/models/[own]/versions?stage=submitted",
            )
            for item in (page or {}).get("items", []):
                model.submitted.append((item["version"], time.monotonic()))

    @task(5)
    def text_search(self) -> None:
        """Search by text."""
        self.search_text()

    @task(3)
    def tag_search(self) -> None:
        """Search by tag."""
        self.search_tag()

    @task(1)
    def filter_search(self) -> None:
        """Structured filters: risk tier and framework, or a stage within a group."""
        if self.rng.random() < 0.5:
            framework = self.rng.choice(CATALOG["frameworks"])
            query = f"risk_tier={self.rng.choice(('low', 'medium', 'high'))}&framework={framework}"
        else:
            query = f"stage=production&group={self.rng.choice(CATALOG['groups'])}"
        self.call("GET", f"{API}/models?{query}&limit=20", "/models?[filters]")

    @task(4)
    def model_page(self) -> None:
        """A model's page."""
        self.get_model()

    @task(3)
    def versions_of_model(self) -> None:
        """The versions of a catalogue model, newest first."""
        model = self.rng.choice(CATALOG["models"])
        self.call(
            "GET",
            f"{API}/models/{model['group']}/{model['name']}/versions?limit=20",
            "/models/[g]/[n]/versions",
        )

    @task(2)
    def latest_version(self) -> None:
        """The latest version of a catalogue model, with its manifest."""
        model = self.rng.choice(CATALOG["models"])
        self.call(
            "GET",
            f"{API}/models/{model['group']}/{model['name']}/versions/latest",
            "/models/[g]/[n]/versions/latest",
        )

    @task(1)
    def own_versions(self) -> None:
        """The owner's own model and its versions."""
        model = self.rng.choice(self.models)
        self.call(
            "GET", f"{API}/models/{model.full_name}/versions?limit=20", "/models/[own]/versions"
        )

    @task(1)
    def push_version(self) -> None:
        """Create a version with lineage, upload three small files, write the card, seal, submit."""
        model = self.rng.choice(self.models)
        version = f"1.{model.next_minor}.0"
        model.next_minor += 1
        base = f"{API}/models/{model.full_name}/versions"
        v = f"{base}/{version}"
        created = self.call(
            "POST",
            base,
            "/models/[own]/versions",
            (201,),
            body={
                "version": version,
                "description": f"Retrained on week {model.next_minor} data.",
                "metadata": {"auc": round(self.rng.uniform(0.8, 0.95), 4), "rows": 120_000},
                "lineage": [
                    {
                        "kind": "dataset",
                        "uri": f"s3://load/{model.full_name}/week-{model.next_minor}.parquet",
                        "digest": "sha256:" + hashlib.sha256(version.encode()).hexdigest(),
                        "role": "training",
                    },
                    {"kind": "code", "repository": "https://git.example.com/ml", "commit": COMMIT},
                ],
            },
        )
        if created is None:
            return
        files = {
            "model.safetensors": safetensors_blob(4096, self.rng),
            "config.json": json.dumps({"hidden": 256, "layers": 4, "version": version}).encode(),
            "metrics.json": json.dumps(
                {f"auc_{i}": self.rng.random() for i in range(40)}, indent=1
            ).encode(),
        }
        for path, data in files.items():
            stored = self.call(
                "PUT",
                f"{v}/artifacts/{path}",
                "/models/[own]/versions/[v]/artifacts/[path]",
                (201,),
                content=data,
                headers={
                    "Content-Type": "application/octet-stream",
                    "X-Content-SHA256": hashlib.sha256(data).hexdigest(),
                },
            )
            if stored is None:
                return
        card = {"intended_use": "Internal load testing.", "limitations": "Synthetic weights."}
        written = self.call(
            "PUT", f"{v}/card/annotations", "/models/[own]/versions/[v]/card", body=card
        )
        if written is None:
            return
        if self.call("POST", f"{v}/seal", "/models/[own]/versions/[v]/seal") is None:
            return
        submitted = self.expect_state(
            "POST",
            f"{v}/promotions",
            "/models/[own]/versions/[v]/promotions (submitted)",
            {"target_stage": "submitted", "rationale": "ready for review"},
            ("executed",),
        )
        if submitted is not None:
            PIPELINE["pushed"] += 1
            model.submitted.append((version, time.monotonic()))

    @task(2)
    def promote(self) -> None:
        """Request production for a staging version, else staging for a scanned submission."""
        if self.staged:
            model, version = self.staged.popleft()
            promo = self.expect_state(
                "POST",
                f"{API}/models/{model.full_name}/versions/{version}/promotions",
                "/models/[own]/versions/[v]/promotions (production)",
                {"target_stage": "production", "rationale": "staging checks passed"},
                ("awaiting_approval",),
            )
            if promo is not None:
                PIPELINE["production_requested"] += 1
            return
        waiting = [m for m in self.models if m.submitted]
        if not waiting:
            return
        model = min(waiting, key=lambda m: m.submitted[0][1])
        version, submitted_at = model.submitted[0]
        v = f"{API}/models/{model.full_name}/versions/{version}"
        scans = self.call("GET", f"{v}/scans", "/models/[own]/versions/[v]/scans")
        if scans is None:
            model.submitted.popleft()
            return
        if scans["status"] == "pending":
            # Documented: the scan is queued or running; the version waits for a later turn.
            PIPELINE["scan_pending_seen"] += 1
            return
        model.submitted.popleft()
        if scans["status"] != "complete":
            self.environment.events.request.fire(
                request_type="CHECK",
                name="scan finished but not complete",
                response_time=0,
                response_length=0,
                exception=RuntimeError(
                    f"{model.full_name}@{version}: scan status {scans['status']}"
                ),
                context={},
            )
            return
        SCAN_WAITS.append(time.monotonic() - submitted_at)
        promo = self.expect_state(
            "POST",
            f"{v}/promotions",
            "/models/[own]/versions/[v]/promotions (staging)",
            {"target_stage": "staging", "rationale": "scans complete"},
            ("executed",),
        )
        if promo is not None:
            PIPELINE["staged"] += 1
            self.staged.append((model, version))


class Reviewer(RegistryUser):
    """Approves production promotions that miss its role, from its slice of the queue."""

    abstract = True
    role: ClassVar[str] = ""

    def on_start(self) -> None:
        """Join the reviewers of this role."""
        super().on_start()
        LIVE_REVIEWERS[self.role].append(self)

    def on_stop(self) -> None:
        """Leave the reviewers of this role."""
        if self in LIVE_REVIEWERS[self.role]:
            LIVE_REVIEWERS[self.role].remove(self)
        super().on_stop()

    def mine(self, promotion_id: str) -> bool:
        """Whether the promotion falls in this reviewer's slice of the queue."""
        live = LIVE_REVIEWERS[self.role]
        return zlib.crc32(promotion_id.encode()) % len(live) == live.index(self)

    def inspect(self, promotion: dict[str, Any]) -> None:
        """What the reviewer reads before deciding."""
        raise NotImplementedError

    @task(4)
    def review(self) -> None:
        """Read the queue, inspect the oldest promotion of this slice that misses the role,
        approve it."""
        queue = self.call("GET", f"{API}/promotions?limit=100", "/promotions (queue)")
        todo = [
            p
            for p in queue or []
            if self.role in p["approval_status"].get("missing_roles", []) and self.mine(p["id"])
        ]
        if not todo:
            return
        promotion = todo[0]
        self.inspect(promotion)
        self.approve(promotion)

    def approve(self, promotion: dict[str, Any]) -> None:
        """Approve; the answer must be 200 awaiting approval (the other role is missing) or
        executed."""
        name = "/promotions/[id]/approvals"
        with self.client.post(
            f"{API}/promotions/{promotion['id']}/approvals",
            name=name,
            json={"decision": "approve", "rationale": f"reviewed by {self.account['username']}"},
            headers=self.auth,
            catch_response=True,
        ) as resp:
            if resp.status_code == 200:
                state = resp.json()["state"]
                if state in ("awaiting_approval", "executed"):
                    PIPELINE[f"approved_{self.role}"] += 1
                    if state == "executed":
                        PIPELINE["executed_production"] += 1
                    resp.success()
                else:
                    resp.failure(
                        f"approval left the promotion {state}: {failing_rules(resp.json())}"
                    )
            elif resp.status_code == 409 and "is executed;" in resp.text:
                # Documented 409: another reviewer of this role took it while the slices of the
                # queue moved (a reviewer started or stopped); counted under its own name.
                resp.request_meta["name"] = f"{name} [409: executed meanwhile]"
                PIPELINE["approval_race"] += 1
                resp.success()
            else:
                resp.failure(describe(resp, (200,)))

    @task(1)
    def browse(self) -> None:
        """Reviewers look models up too."""
        if self.get_model() is None:
            return
        self.search_text()


class MrcReviewer(Reviewer):
    """A model risk committee member: reads the model card, approves as mrc."""

    kind = "mrc"
    role = "mrc"
    weight = WEIGHTS["mrc"]

    def inspect(self, promotion: dict[str, Any]) -> None:
        """The model card of the version under review."""
        self.call(
            "GET",
            f"{API}/models/{promotion['model']}/versions/{promotion['version']}/card",
            "/models/[g]/[n]/versions/[v]/card",
        )


class SecurityReviewer(Reviewer):
    """A security architect: reads the scan results, approves as security_architect."""

    kind = "security"
    role = "security_architect"
    weight = WEIGHTS["security"]

    def inspect(self, promotion: dict[str, Any]) -> None:
        """The security scan of the version under review."""
        self.call(
            "GET",
            f"{API}/models/{promotion['model']}/versions/{promotion['version']}/scans",
            "/models/[g]/[n]/versions/[v]/scans",
        )


class Auditor(RegistryUser):
    """Reads the audit log, decision records and notifications; sometimes verifies the chain."""

    kind = "auditor"
    weight = WEIGHTS["auditor"]

    @staticmethod
    def since(minutes: int) -> str:
        """An RFC 3339 time `minutes` ago (the audit routes need a zone)."""
        return (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")

    @task(3)
    def recent_events(self) -> None:
        """The last ten minutes of the chain."""
        self.call(
            "GET", f"{API}/audit/events?since={self.since(10)}&limit=100", "/audit/events?since"
        )

    @task(2)
    def model_events(self) -> None:
        """Everything that happened to one of the pushed-to models."""
        model = self.rng.choice(CATALOG["own_models"])
        self.call(
            "GET", f"{API}/audit/events?subject=model:{model}&limit=100", "/audit/events?subject"
        )

    @task(2)
    def executed_decision(self) -> None:
        """A recent production execution and the decision record behind it."""
        page = self.call(
            "GET",
            f"{API}/audit/events?action=promotion.executed&since={self.since(30)}&limit=50",
            "/audit/events?action",
        )
        items = (page or {}).get("items", [])
        if items:
            decision = self.rng.choice(items)["details"]["decision_id"]
            self.call("GET", f"{API}/decisions/{decision}", "/decisions/[id]")

    @task(1)
    def notifications(self) -> None:
        """The notification feed."""
        self.call("GET", f"{API}/notifications?limit=50", "/notifications")

    @task(1)
    def verify_chain(self) -> None:
        """Recompute every hash of the audit chain (grows with the run)."""
        self.call("GET", f"{API}/audit/verify", "/audit/verify")


def entry_figures(entry: StatsEntry) -> dict[str, Any]:
    """Count, failures, rate and percentiles of one stats entry (milliseconds)."""
    return {
        "method": entry.method,
        "name": entry.name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "avg_ms": entry.avg_response_time,
        "p50_ms": entry.get_response_time_percentile(0.50),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "max_ms": entry.max_response_time,
    }


@events.quitting.add_listener
def write_summary(environment: Environment, **_: Any) -> None:
    """Write per-request figures, the merged read and write distributions and the pipeline."""
    target = os.environ.get("MODELREG_LOAD_SUMMARY")
    if not target or environment.stats is None:
        return
    stats = environment.stats
    reads = StatsEntry(stats, "reads (all GET)", "GET", use_response_times_cache=False)
    writes = StatsEntry(stats, "writes (all other)", "WRITE", use_response_times_cache=False)
    for entry in stats.entries.values():
        (reads if entry.method == "GET" else writes).extend(entry)
    waits = sorted(SCAN_WAITS)
    summary = {
        "entries": [entry_figures(e) for e in stats.entries.values()],
        "reads": entry_figures(reads),
        "writes": entry_figures(writes),
        "total": entry_figures(stats.total),
        "errors": [
            {"method": e.method, "name": e.name, "error": str(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
        "exceptions": [
            {"error": e["msg"], "count": e["count"], "traceback": e["traceback"]}
            for e in (environment.runner.exceptions.values() if environment.runner else [])
        ],
        "pipeline": {
            **PIPELINE,
            "waiting_for_scan_at_end": sum(len(m.submitted) for o in OWNERS for m in o.models),
            "staged_not_yet_requested_at_end": sum(len(o.staged) for o in OWNERS),
            "observed_scan_wait_s": {
                "n": len(waits),
                "p50": waits[len(waits) // 2] if waits else None,
                "max": waits[-1] if waits else None,
            },
        },
        "duration_s": stats.last_request_timestamp - stats.start_time
        if stats.last_request_timestamp
        else 0.0,
    }
    Path(target).write_text(json.dumps(summary, indent=2) + "\n")
