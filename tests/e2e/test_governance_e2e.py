"""Governance through the real `modelreg` command and SDK against a real server.

An owner pushes a ready version, submits it and asks for production; an MRC member and a
security architect approve it through the CLI, and it executes. Decisions replay identically; a
draft policy is dry-run; an unready version is blocked. Each CLI start costs seconds of imports,
so independent commands run concurrently.
"""

from __future__ import annotations

import io
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from modelreg.client import ApiError, Client
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
DRAFT_POLICY = """\
name: draft-team-tag
rules:
  - id: needs-team-tag
    description: Production models name the team that runs them.
    applies_to: {stages: [production]}
    condition: has(model.tags.team)
    severity: block
    message: Tag the model with team=<name>.
"""


@dataclass(frozen=True)
class Cmd:
    """One CLI invocation and the token it runs with (None: the admin's)."""

    args: tuple[str, ...]
    token: str | None = None


def run_all(server: Server, *commands: Cmd) -> list[subprocess.CompletedProcess[str]]:
    """Run CLI commands concurrently against the server; results in the order given."""
    processes = []
    for command in commands:
        env = server.env()
        if command.token is not None:
            env["MODELREG_TOKEN"] = command.token
        process = subprocess.Popen(
            server.command(*command.args),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        processes.append((command, process))
    results = []
    for command, process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(command.args, process.returncode, out, err))
    return results


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """The result, after asserting the command succeeded."""
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def exited_1(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """The result, after asserting exit code 1 without a traceback."""
    assert result.returncode == 1, f"{result.args}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def exited_3(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """The result, after asserting the refusal exit code 3 without a traceback."""
    assert result.returncode == 3, f"{result.args}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def field(output: str, label: str) -> str:
    """The value printed after `label:` at the start of a line."""
    match = re.search(rf"^{label}:\s+(\S+)", output, re.MULTILINE)
    assert match, f"no {label!r} line in:\n{output}"
    return match.group(1)


def test_promotion_to_production_through_the_cli(server: Server, tmp_path: Path) -> None:
    suffix = uuid.uuid4().hex[:8]
    owner, mrc, sec = (f"{role}-{suffix}" for role in ("owner", "mrc", "sec"))
    # The reviewers are created by the admin CLI on the server's home; the owner by the SDK.
    for result in run_all(
        server,
        Cmd(("users", "add", mrc, "--role", "mrc")),
        Cmd(("users", "add", sec, "--role", "security_architect")),
    ):
        ok(result)
    mrc_token, sec_token = (
        ok(r).stdout.strip()
        for r in run_all(
            server, *(Cmd(("tokens", "issue", user, "--expires-in", "1d")) for user in (mrc, sec))
        )
    )
    with Client(server.url, server.token) as admin:
        admin.users.create(UserCreate(username=owner, roles=[Role.MODEL_OWNER]))
        owner_token = admin.tokens.issue(owner, TokenCreate(expires_in_days=1)).token

    model = f"gov/scorer-{suffix}"
    ready, unready = f"{model}@1.0.0", f"{model}@2.0.0"
    with Client(server.url, owner_token) as client:
        # Medium risk keeps the two-person rule without the publisher signature that high-risk
        # production needs (covered in tests/integration/test_registry_signing.py).
        client.models.create(
            ModelCreate(
                group="gov", name=f"scorer-{suffix}", risk_tier="medium", license="Apache-2.0"
            )
        )
        client.versions.create(
            model,
            VersionCreate(
                version="1.0.0",
                lineage=[
                    DatasetLink(kind="dataset", uri="s3://risk/q3.parquet"),
                    CodeLink(kind="code", repository="https://git.example.com/risk", commit=COMMIT),
                ],
            ),
        )
        client.artifacts.upload(ready, "model.bin", io.BytesIO(b"weights"))
        client.cards.set_annotations(
            ready, CardAnnotations(intended_use="Fraud triage.", limitations="Card-present only.")
        )
        client.versions.create(model, VersionCreate(version="2.0.0"))
        client.artifacts.upload(unready, "model.bin", io.BytesIO(b"other weights"))
        assert client.promotions.request(unready, "submitted", "review").state == "executed"

    [submitted] = run_all(
        server, Cmd(("promote", ready, "--to", "submitted", "--rationale", "review"), owner_token)
    )
    assert "draft -> submitted: executed" in ok(submitted).stdout
    # The server's scan worker scans the sealed version; production needs the finished scan.
    [scanned] = run_all(server, Cmd(("scan", ready, "--wait", "120"), owner_token))
    assert "scan status: complete" in ok(scanned).stdout

    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT_POLICY)
    requested, blocked, tested = run_all(
        server,
        Cmd(("promote", ready, "--to", "production", "--rationale", "Q3"), owner_token),
        Cmd(("promote", unready, "--to", "production", "--rationale", "Q3"), owner_token),
        Cmd(("policies", "test", str(draft), "--against", ready, "--to", "production")),
    )
    assert "submitted -> production: awaiting_approval" in ok(requested).stdout
    assert "missing approvals: mrc, security_architect" in requested.stdout
    promotion_id = field(requested.stdout, "promotion")

    assert "submitted -> production: blocked" in exited_3(blocked).stdout
    for rule in ("card-intended-use", "card-limitations", "lineage-dataset", "lineage-code"):
        assert rule in blocked.stdout
        assert f"  {rule}: " in blocked.stderr  # listed again where the refusal is printed
    assert 'Write the "Intended use" section' in blocked.stdout
    assert "is blocked by" in blocked.stderr

    assert "outcome: blocked" in exited_1(tested).stdout
    assert "needs-team-tag" in tested.stdout and "Tag the model with team" in tested.stdout

    with Client(server.url, owner_token) as client, pytest.raises(ApiError) as refused:
        client.promotions.approve(promotion_id, "mine")
    assert refused.value.status == 403  # an owner may not approve (no permission)
    [first] = run_all(
        server, Cmd(("approve", promotion_id, "--rationale", "MRC-2026-114"), mrc_token)
    )
    assert "awaiting_approval" in ok(first).stdout
    assert "missing approvals: security_architect" in first.stdout

    [second] = run_all(
        server, Cmd(("approve", promotion_id, "--rationale", "threat model ok"), sec_token)
    )
    assert "submitted -> production: executed" in ok(second).stdout
    # People are named by username, not by their pseudonymous ids.
    assert f"approved by {mrc} as mrc" in second.stdout
    assert f"approved by {sec} as security_architect" in second.stdout
    decision_id = field(second.stdout, "decision")

    replayed, history = run_all(
        server, Cmd(("decisions", "replay", decision_id)), Cmd(("history", ready))
    )
    assert "identical on replay (approved)" in ok(replayed).stdout
    stages = [line.split()[2] for line in ok(history).stdout.splitlines()[1:]]
    assert stages == ["draft", "submitted", "production"]
    actors = [line.split()[3] for line in history.stdout.splitlines()[1:]]
    assert actors == [owner, owner, sec]

    with Client(server.url, owner_token) as client:
        assert client.versions.get(ready).stage == "production"
        assert client.promotions.get(promotion_id).state == "executed"
        assert client.decisions.get(decision_id).outcome == "approved"
        assert [p.id for p in client.promotions.list_for_version(ready)][-1] == promotion_id
