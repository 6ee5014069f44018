"""`modelreg verify` on a real server: signed, attested files verify offline; changed ones fail."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import model_signing.signing
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from modelreg.client import Client
from modelreg.domain.access import Role
from modelreg.schemas.models import ModelCreate
from modelreg.schemas.signatures import TrustedSignerCreate
from modelreg.schemas.users import UserCreate

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e

FILES = {
    "weights/model.bin": b"\x00\x01weights" * 5000,
    "config.json": b'{"layers": 4}\n',
}
SCAN_SECONDS = 120.0


def cli(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one `modelreg` command against the server."""
    return subprocess.run(
        server.command(*args), env=server.env(), capture_output=True, text=True, timeout=180
    )


@dataclass
class Attested:
    """A signed version promoted to staging, the keys to check it with, and its pulled files."""

    ref: str
    pulled: Path
    signer_pub: Path
    registry_pub: Path


@pytest.fixture(scope="module")
def attested(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Attested:
    work = tmp_path_factory.mktemp("verify")
    source = work / "model"
    for path, data in FILES.items():
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        (source / path).write_bytes(data)
    key = ec.generate_private_key(ec.SECP256R1())
    (work / "signer.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (work / "signer.pub").write_bytes(public)
    model_signing.signing.Config().use_elliptic_key_signer(  # type: ignore[no-untyped-call]
        private_key=work / "signer.key"
    ).sign(source, work / "model.sig")

    name = f"signed-{uuid.uuid4().hex[:8]}"
    ref = f"verify/{name}@1.0.0"
    with Client(server.url, server.token) as client:
        # A license the default license policy allows, so the scan leaves nothing blocking.
        client.models.create(
            ModelCreate(group="verify", name=name, risk_tier="low", license="Apache-2.0")
        )
        pushed = cli(server, "push", str(source), ref)
        assert pushed.returncode == 0, pushed.stderr
        # Trusting a signer is a security judgement: admins may not, security architects may.
        architect = f"sec-{uuid.uuid4().hex[:8]}"
        client.users.create(UserCreate(username=architect, roles=[Role.SECURITY_ARCHITECT]))
        with Client(server.url, client.tokens.issue(architect).token) as security:
            security.signatures.add_trusted_signer(
                TrustedSignerCreate(
                    name=f"release-{uuid.uuid4().hex[:8]}",
                    kind="key",
                    public_key_pem=public.decode(),
                )
            )
        client.signatures.upload(ref, work / "model.sig")
        assert client.promotions.request(ref, "submitted", "ready").state == "executed"
        # Let the server's scan worker finish first, in case the policy asks for scan results.
        deadline = time.monotonic() + SCAN_SECONDS
        while client.signatures.verification(ref).signature.status == "not_scanned":
            assert time.monotonic() < deadline, "the signature scan did not finish"
            time.sleep(0.5)
        staging = client.promotions.request(ref, "staging", "candidate")
        assert staging.state == "executed", [r for r in staging.results if not r.passed]
        (work / "registry.pub").write_text(client.signatures.attestation_key().public_key_pem)
    pulled = work / "pulled"
    assert cli(server, "pull", ref, str(pulled)).returncode == 0
    return Attested(ref, pulled, work / "signer.pub", work / "registry.pub")


def test_pulled_files_verify_with_pinned_keys(server: Server, attested: Attested) -> None:
    result = cli(
        server,
        "verify",
        attested.ref,
        "--dir",
        str(attested.pulled),
        "--registry-key",
        str(attested.registry_pub),
        "--trusted-key",
        str(attested.signer_pub),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for check in ("files", "digest", "signature", "registry signature", "attestation staging"):
        assert any(line.startswith(f"✓ {check}:") for line in lines), result.stdout
    assert not any(line.startswith("✗") for line in lines)
    assert "note:" not in result.stderr


def test_verify_pulls_itself_and_says_what_it_trusted(server: Server, attested: Attested) -> None:
    result = cli(server, "verify", attested.ref, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert {c["check"] for c in report["checks"]} >= {"files", "digest", "signature"}
    assert any("--registry-key" in note for note in report["notes"])
    assert any("--trusted-key" in note for note in report["notes"])


def test_a_modified_file_fails_verification(
    server: Server, attested: Attested, tmp_path: Path
) -> None:
    changed = tmp_path / "changed"
    for path, data in FILES.items():
        (changed / path).parent.mkdir(parents=True, exist_ok=True)
        (changed / path).write_bytes(data)
    (changed / "weights/model.bin").write_bytes(b"backdoored weights")
    result = cli(
        server,
        "verify",
        attested.ref,
        "--dir",
        str(changed),
        "--registry-key",
        str(attested.registry_pub),
        "--trusted-key",
        str(attested.signer_pub),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    failed = {line.split(":")[0] for line in result.stdout.splitlines() if line.startswith("✗")}
    assert {"✗ files", "✗ digest", "✗ signature", "✗ attestation staging"} <= failed
    assert "weights/model.bin" in result.stdout
    assert "NOT verified" in result.stdout


def test_a_foreign_registry_key_fails_the_attestation(
    server: Server, attested: Attested, tmp_path: Path
) -> None:
    other = tmp_path / "other.pub"
    other.write_bytes(
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    result = cli(
        server,
        "verify",
        attested.ref,
        "--dir",
        str(attested.pulled),
        "--registry-key",
        str(other),
        "--trusted-key",
        str(attested.signer_pub),
    )
    assert result.returncode == 1
    assert "✓ signature:" in result.stdout
    assert "✗ attestation staging:" in result.stdout
