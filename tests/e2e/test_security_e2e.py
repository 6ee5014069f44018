"""Security scanning through a real `modelreg serve` and the scan worker it starts: a pushed
malicious pickle is found (and never run), the CLI exits 3, the deploy check refuses it, and an
advisory import re-checks a clean version."""

from __future__ import annotations

import os
import pickle
import subprocess
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from modelreg.client import Client
from modelreg.schemas.models import ModelCreate

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e

OSV = Path(__file__).parents[1] / "fixtures" / "osv"


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def cli(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        server.command(*args), env=server.env(), capture_output=True, text=True, timeout=180
    )


def push(server: Server, tmp_path: Path, name: str, files: dict[str, bytes]) -> str:
    folder = tmp_path / name
    folder.mkdir()
    for path, data in files.items():
        (folder / path).write_bytes(data)
    with Client(server.url, server.token) as client:
        client.models.create(
            ModelCreate(group="sec", name=name, risk_tier="low", license="Apache-2.0")
        )
    ref = f"sec/{name}@1.0.0"
    pushed = cli(server, "push", str(folder), ref, "--seal")
    assert pushed.returncode == 0, pushed.stderr
    return ref


def test_malicious_pickle_is_found_by_the_server_worker(server: Server, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    ref = push(
        server,
        tmp_path,
        f"evil-{uuid.uuid4().hex[:8]}",
        {"model.pkl": pickle.dumps(_Evil(marker)), "config.json": b"{}"},
    )
    scanned = cli(server, "scan", ref, "--wait", "120")
    assert scanned.returncode == 3, scanned.stdout + scanned.stderr
    assert "scan status: complete" in scanned.stdout
    assert "BLOCKS" in scanned.stdout and "model.pkl" in scanned.stdout
    assert not marker.exists()

    with Client(server.url, server.token) as client:
        digest = client.versions.get(ref).digest
    refused = cli(server, "deploy-check", ref, "--digest", digest, "--target", "eu-1")
    assert refused.returncode == 3 and "REFUSED" in refused.stdout


def test_advisory_import_rechecks_a_live_version(server: Server, tmp_path: Path) -> None:
    ref = push(
        server,
        tmp_path,
        f"deps-{uuid.uuid4().hex[:8]}",
        {"model.json": b"{}", "requirements.txt": b"PyYAML==5.3\n"},
    )
    with Client(server.url, server.token) as client:
        client.promotions.request(ref, "submitted", "review")
    clean = cli(server, "scan", ref, "--wait", "120", "--json")
    assert clean.returncode in (0, 3), clean.stderr
    imported = cli(server, "advisories", "import", str(OSV))
    assert imported.returncode == 0, imported.stderr
    assert "queued for re-checking" in imported.stdout
    with Client(server.url, server.token) as client:
        for _ in range(120):
            findings = client.security.findings(ref)
            if any(f.rule == "GHSA-8r4v-x6pj-c9q2" for f in findings):
                break
            time.sleep(1)
        else:
            pytest.fail("the advisory import did not re-check the version")
        assert client.security.advisories().advisories >= 6
