"""A model owner's whole workflow through the real `modelreg` command against a real server.

Register a model with owners and license, create a version with lineage and metadata files,
add a lineage link, annotate the card, push a (malicious) file, and ask for staging: the
refusal exits 3 and lists every blocking rule and the blocking security finding by id.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from modelreg.client import Client
from modelreg.domain.access import Role
from modelreg.schemas.cards import CardAnnotations
from modelreg.schemas.lineage import CodeLink, DatasetLink
from modelreg.schemas.models import ModelCreate
from modelreg.schemas.users import TokenCreate, UserCreate
from modelreg.schemas.versions import VersionCreate

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e

COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"
LINEAGE_YAML = f"""\
- kind: dataset
  uri: s3://risk/q3.parquet
  digest: sha256:9f86d081884c7d659a2feaa0c55ad015
- kind: code
  repository: https://git.example.com/risk
  commit: {COMMIT}
"""


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def run(server: Server, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**server.env(), "MODELREG_TOKEN": token}
    return subprocess.run(
        server.command(*args), env=env, capture_output=True, text=True, timeout=180, check=False
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def usage_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, f"{result.args}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_owner_workflow_and_a_refusal_that_lists_what_blocks(
    server: Server, tmp_path: Path
) -> None:
    suffix = uuid.uuid4().hex[:8]
    owner, co_owner = f"owner-{suffix}", f"co-{suffix}"
    with Client(server.url, server.token) as admin:
        for username in (owner, co_owner):
            admin.users.create(UserCreate(username=username, roles=[Role.MODEL_OWNER]))
        token = admin.tokens.issue(owner, TokenCreate(expires_in_days=1)).token
    model = f"flow/scorer-{suffix}"
    ref = f"{model}@1.0.0"
    (tmp_path / "lineage.yaml").write_text(LINEAGE_YAML)
    (tmp_path / "metadata.json").write_text(json.dumps({"auc": 0.91, "rows": 120000}))
    (tmp_path / "limitations.md").write_text("Card-present transactions only.\n")

    created = ok(
        run(
            server,
            token,
            *("models", "create", model, "--risk-tier", "low", "--owner", owner),
            *("--owner", co_owner, "--license", "Apache-2.0", "--description", "Scores fraud"),
            *("--task", "tabular-classification", "--framework", "xgboost", "--tag", "team=risk"),
        )
    )
    assert f"registered model {model}" in created.stdout and "license Apache-2.0" in created.stdout
    ok(run(server, token, "models", "update", model, "--tag", "team=risk-ml"))
    versioned = ok(
        run(
            server,
            token,
            *("versions", "create", ref, "--lineage", str(tmp_path / "lineage.yaml")),
            *("--metadata", str(tmp_path / "metadata.json"), "--description", "Q3 retrain"),
        )
    )
    assert "with 2 lineage link(s)" in versioned.stdout
    ok(run(server, token, "lineage", "add", ref, "--kind", "training_run", "--system", "mlflow",
           "--run-id", "run-42"))  # fmt: skip
    ok(
        run(
            server, token, "card", "annotate", ref, "--section", "intended_use", "--text", "Triage."
        )
    )
    ok(run(server, token, "card", "annotate", ref, "--section", "Limitations", "--file",
           str(tmp_path / "limitations.md")))  # fmt: skip
    annotated = ok(
        run(server, token, "card", "annotate", ref, "--section", "Monitoring", "--text", "Weekly.")
    )
    assert "annotated: intended_use, limitations, Monitoring" in annotated.stdout

    with Client(server.url, token) as client:
        found = client.models.get(model)
        version = client.versions.get(ref)
        links = client.lineage.list(ref)
        notes = client.cards.annotations(ref)
    assert set(found.owners) == {owner, co_owner}
    assert (found.license, found.task, found.framework) == (
        "Apache-2.0",
        "tabular-classification",
        "xgboost",
    )
    assert found.tags == {"team": "risk-ml"}
    assert version.metadata == {"auc": 0.91, "rows": 120000}
    assert version.description == "Q3 retrain"
    assert sorted(link.kind for link in links) == ["code", "dataset", "training_run"]
    assert notes.intended_use == "Triage."
    assert notes.limitations == "Card-present transactions only.\n"
    assert notes.custom_sections == {"Monitoring": "Weekly."}

    # A malicious pickle: submitted (sealed and scanned), then refused for staging.
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "model.pkl").write_bytes(pickle.dumps(_Evil(tmp_path / "pwned")))
    ok(run(server, token, "push", str(folder), ref))
    ok(run(server, token, "promote", ref, "--to", "submitted", "--rationale", "review"))
    scanned = run(server, token, "scan", ref, "--wait", "120")
    assert scanned.returncode == 3 and "scan status: complete" in scanned.stdout
    with Client(server.url, token) as client:
        blocking = [f for f in client.security.findings(ref) if f.blocking]
    assert blocking

    refused = run(server, token, "promote", ref, "--to", "staging", "--rationale", "ship")
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr
    assert "submitted -> staging: blocked" in refused.stdout
    assert "is blocked by" in refused.stderr
    assert "  security-no-blocking-findings: Fix the blocking findings" in refused.stderr
    for finding in blocking:
        assert f"{finding.id}  {finding.severity}  {finding.rule}  model.pkl" in refused.stderr
    assert f"requested: by {owner}" in refused.stdout
    assert not (tmp_path / "pwned").exists()


def test_bad_local_input_is_a_usage_error_naming_the_field(server: Server, tmp_path: Path) -> None:
    bad = tmp_path / "lineage.json"
    bad.write_text(json.dumps([{"kind": "code", "repository": "r"}]))
    ref = f"flow/absent-{uuid.uuid4().hex[:8]}@1.0.0"
    usage_error(run(server, server.token, "versions", "create", ref, "--lineage", str(bad)),
                "--lineage", "commit")  # fmt: skip
    usage_error(run(server, server.token, "lineage", "add", ref, "--kind", "dataset",
                    "--commit", COMMIT), "uri", "commit")  # fmt: skip
    usage_error(run(server, server.token, "card", "annotate", ref, "--section", "limitations"),
                "--text or --file")  # fmt: skip
    usage_error(run(server, server.token, "models", "create", "flow/x", "--risk-tier", "low",
                    "--tag", "novalue"), "KEY=VALUE")  # fmt: skip


def test_an_approval_that_blocks_exits_3_listing_the_findings(
    server: Server, tmp_path: Path
) -> None:
    # An exception lets the request await approval; it expires before the last approval,
    # so that approval's evaluation blocks on the finding again.
    suffix = uuid.uuid4().hex[:8]
    owner, mrc, sec = (f"{role}-{suffix}" for role in ("owner", "mrc", "sec"))
    roles = {owner: Role.MODEL_OWNER, mrc: Role.MRC, sec: Role.SECURITY_ARCHITECT}
    tokens = {}
    with Client(server.url, server.token) as admin:
        for username, role in roles.items():
            admin.users.create(UserCreate(username=username, roles=[role]))
            tokens[username] = admin.tokens.issue(username, TokenCreate(expires_in_days=1)).token
    model, ref = f"flow/gated-{suffix}", f"flow/gated-{suffix}@1.0.0"
    with Client(server.url, tokens[owner]) as client:
        client.models.create(
            # Medium: the two-person rule holds, and no publisher signature is required.
            ModelCreate(group="flow", name=f"gated-{suffix}", risk_tier="medium", license="MIT")
        )
        client.versions.create(
            model,
            VersionCreate(
                version="1.0.0",
                lineage=[
                    DatasetLink(kind="dataset", uri="s3://risk/q3.parquet"),
                    CodeLink(kind="code", repository="https://git.example.com/r", commit=COMMIT),
                ],
            ),
        )
        client.artifacts.upload(ref, "model.pkl", io.BytesIO(pickle.dumps(_Evil(tmp_path / "x"))))
        client.cards.set_annotations(
            ref, CardAnnotations(intended_use="Triage.", limitations="Card-present only.")
        )
        assert client.promotions.request(ref, "submitted", "review").state == "executed"
    scanned = run(server, tokens[owner], "scan", ref, "--wait", "120")
    assert scanned.returncode == 3 and "scan status: complete" in scanned.stdout
    with Client(server.url, tokens[sec]) as security:
        blocking = security.security.findings(ref, blocking=True)
        expires_at = datetime.now(UTC) + timedelta(seconds=30)
        for finding in blocking:
            security.security.grant_exception(ref, finding.id, "Sandboxed vendor file.", expires_at)
    with Client(server.url, tokens[owner]) as client:
        requested = client.promotions.request(ref, "production", "Q3")
    assert requested.state == "awaiting_approval", requested.results
    ok(run(server, tokens[sec], "approve", requested.id, "--rationale", "threat model ok"))
    time.sleep(max(0.0, (expires_at - datetime.now(UTC)).total_seconds()) + 1)

    last = run(server, tokens[mrc], "approve", requested.id, "--rationale", "MRC-2026-200")
    assert last.returncode == 3, last.stdout + last.stderr
    assert "submitted -> production: blocked" in last.stdout
    assert f"approved by {sec} as security_architect" in last.stdout
    assert "  security-no-blocking-findings: " in last.stderr
    for finding in blocking:
        assert f"{finding.id}  {finding.severity}  {finding.rule}  model.pkl" in last.stderr
