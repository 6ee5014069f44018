"""Leaked credentials are detected and never echoed back."""

from __future__ import annotations

import json
import pickle
import struct
import zipfile
from pathlib import Path

from modelreg.scanning import ScanLimits, scan_directory

PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
    "-----END RSA PRIVATE KEY-----\n"
)
AWS_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
GH = "ghp_" + "a1B2c3D4e5F6g7H8i9J0" * 2
SLACK = "xoxb-123456789012-abcdefABCDEF"
AZURE = (
    "DefaultEndpointsProtocol=https;AccountName=acct;"
    "AccountKey=" + "Zm9vYmFyYmF6" * 6 + "==;EndpointSuffix=core.windows.net"
)


def test_secrets_detected_and_masked(tmp_path: Path) -> None:
    (tmp_path / "id_rsa").write_text(PEM)
    (tmp_path / "config.yaml").write_text(
        f"aws_access_key_id: {AWS_ID}\naws_secret_access_key: {AWS_SECRET}\n"
        f"token: {GH}\nslack: {SLACK}\nazure: {AZURE}\n"
    )
    sa = {"type": "service_account", "project_id": "p", "private_key": PEM}
    (tmp_path / "sa.json").write_text(json.dumps(sa, indent=2))
    report = scan_directory(tmp_path, limits=ScanLimits())
    rules = {(f.path, f.rule) for f in report.findings}
    assert ("id_rsa", "secret-private-key") in rules
    assert ("config.yaml", "secret-aws-access-key-id") in rules
    assert ("config.yaml", "secret-aws-secret-access-key") in rules
    assert ("config.yaml", "secret-github-token") in rules
    assert ("config.yaml", "secret-slack-token") in rules
    assert ("config.yaml", "secret-azure-connection-string") in rules
    assert ("sa.json", "secret-gcp-service-account") in rules
    dumped = json.dumps(report.to_dict())
    for secret in (AWS_ID, AWS_SECRET, GH, SLACK, "Zm9vYmFyYmF6Zm9v", "MIIEowIBAAKCAQEA"):
        assert secret not in dumped
    assert any(f.details.get("masked", "").startswith("AKIA") for f in report.findings)


def test_secret_across_chunk_boundary_reported_once(tmp_path: Path) -> None:
    limits = ScanLimits(secrets_chunk_bytes=16 * 1024)
    text = "x" * (16 * 1024 - 7) + " " + AWS_ID + " " + "y" * 40_000 + " " + AWS_ID
    (tmp_path / "notes.txt").write_text(text)
    report = scan_directory(tmp_path, limits=limits)
    hits = [f for f in report.findings if f.rule == "secret-aws-access-key-id"]
    assert len(hits) == 2
    assert len({f.details["offset"] for f in hits}) == 2


def test_secrets_inside_binaries_archives_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "state.pkl").write_bytes(pickle.dumps({"key": PEM}))
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("conf/.env", f"AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n")
    header = json.dumps({"__metadata__": {"note": GH}}).encode()
    (tmp_path / "m.safetensors").write_bytes(struct.pack("<Q", len(header)) + header)
    report = scan_directory(tmp_path, limits=ScanLimits(use_modelscan=False))
    rules = {(f.path, f.rule) for f in report.findings}
    assert ("state.pkl", "secret-private-key") in rules
    assert ("bundle.zip!conf/.env", "secret-aws-secret-access-key") in rules
    assert ("m.safetensors", "secret-github-token") in rules
    assert not report.by_severity("critical", "high") or all(
        f.rule.startswith("secret-") for f in report.by_severity("critical", "high")
    )


def test_no_false_positive_on_ordinary_text(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# Model\nTrained on AKIA-like data. Uses a private key? No. type: service_account\n"
    )
    report = scan_directory(tmp_path, limits=ScanLimits())
    assert report.findings == []
