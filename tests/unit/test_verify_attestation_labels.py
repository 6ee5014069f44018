"""`modelreg verify` trusts only the signed statement, not the labels the server sends with it."""

from __future__ import annotations

from datetime import UTC, datetime

from modelreg.cli.verify_cmd import Report, _check_attestations
from modelreg.schemas.signatures import AttestationRead
from modelreg.signing import RegistryKey, build_statement, sign_envelope

DIGEST = "ab" * 32


def _attestation(key: RegistryKey, signed_stage: str, label: str) -> AttestationRead:
    statement = build_statement(
        "fraud/scorer@1.0.0",
        DIGEST,
        "dec-1",
        ["usr_a"],
        "cd" * 32,
        signed_stage,
        datetime.now(UTC),
    )
    return AttestationRead(
        id="att-1",
        stage=label,
        promotion_id="p-1",
        decision_id="dec-1",
        keyid=key.keyid,
        version_digest=DIGEST,
        created_at=datetime.now(UTC),
        valid=True,
        reason=None,
        statement=statement,
        envelope=sign_envelope(statement, key),
    )


def test_a_relabelled_attestation_fails() -> None:
    key = RegistryKey.generate()
    report = Report("fraud/scorer@1.0.0")
    attestation = _attestation(key, signed_stage="staging", label="production")
    _check_attestations(report, [attestation], key.public_key_pem(), "fraud/scorer@1.0.0", DIGEST)
    (check,) = report.checks
    assert not check.ok and check.check == "attestation staging"
    assert "signed stage is 'staging'" in check.reason


def test_a_matching_attestation_passes() -> None:
    key = RegistryKey.generate()
    report = Report("fraud/scorer@1.0.0")
    attestation = _attestation(key, signed_stage="production", label="production")
    _check_attestations(report, [attestation], key.public_key_pem(), "fraud/scorer@1.0.0", DIGEST)
    assert report.ok
