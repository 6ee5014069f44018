"""Registry evidence: the manifest signature of every sealed version, and attestations.

Both are signed with the one registry key (ECDSA P-256, `MODELREG_HOME/keys/attestation.pem`):

* when a version is sealed, a model-signing signature over its manifest (`sign_sealed`), in the
  seal's transaction, so no sealed version lacks one;
* when a version is promoted to staging or production, an in-toto attestation naming the
  version (`group/name@version`) and its digest, the decision that approved it, the approvers,
  the policy digest and the stage, in the promotion's transaction.

The two statements differ in predicate type, so neither can pass for the other.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.errors import WrongState
from modelreg.domain.ids import new_id
from modelreg.domain.lifecycle import PRODUCTION, STAGING
from modelreg.domain.manifest import ManifestEntry, build_manifest
from modelreg.services.uow import UnitOfWork
from modelreg.signing import RegistryKey, build_statement, sign_envelope, verify_envelope
from modelreg.signing.registry_signatures import sign_manifest, verify_manifest_signature
from modelreg.storage.tables import (
    ApprovalRow,
    AttestationRow,
    DecisionRow,
    ModelRow,
    PromotionRow,
    RegistrySignatureRow,
    VersionRow,
)
from modelreg.storage.types import utcnow

ATTESTED_STAGES = frozenset({STAGING, PRODUCTION})


class RegistryKeySource:
    """The registry's attestation key, loaded on first use and created (0600) if missing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key: RegistryKey | None = None
        self._lock = threading.Lock()

    def get(self) -> RegistryKey:
        """The key; raises Unavailable when the file is unreadable or not owner-only."""
        with self._lock:
            if self._key is None:
                if not self.path.exists():
                    self._create()
                self._key = RegistryKey.load(self.path)
            return self._key

    def _create(self) -> None:
        # Written to a temporary name and linked into place, so another process starting at the
        # same moment never reads a half-written key; if it linked first, its key is kept.
        temp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.tmp")
        RegistryKey.generate().save(temp)
        try:
            os.link(temp, self.path)
        except FileExistsError:
            pass
        finally:
            temp.unlink(missing_ok=True)


def sign_sealed(
    uow: UnitOfWork,
    key: RegistryKey,
    model: ModelRow,
    version: VersionRow,
    entries: list[ManifestEntry],
) -> RegistrySignatureRow:
    """Sign the manifest of a version being sealed (model-signing format), store it, audit it."""
    subject = f"{model.full_name}@{version.version}"
    bundle = sign_manifest(key, subject, build_manifest(entries))
    row = RegistrySignatureRow(
        id=new_id(),
        version_id=version.id,
        version_digest=version.manifest_digest,
        keyid=key.keyid,
        bundle=bundle,
        sha256=hashlib.sha256(bundle.encode("utf-8")).hexdigest(),
        created_at=utcnow(),
    )
    uow.session.add(row)
    uow.audit(
        "signature.registry_signed",
        f"version:{subject}",
        {"digest": version.manifest_digest, "keyid": key.keyid, "sha256": row.sha256},
    )
    return row


def registry_signature(session: Session, version: VersionRow) -> RegistrySignatureRow | None:
    """The registry's signature over the version's current (sealed) digest, if there is one."""
    return session.execute(
        select(RegistrySignatureRow)
        .where(
            RegistrySignatureRow.version_id == version.id,
            RegistrySignatureRow.version_digest == version.manifest_digest,
        )
        .order_by(RegistrySignatureRow.created_at.desc(), RegistrySignatureRow.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def registry_signature_problem(
    session: Session,
    public_key_pem: bytes,
    model: ModelRow,
    version: VersionRow,
    entries: list[ManifestEntry],
) -> str | None:
    """Why the version's registry signature does not vouch for `entries`, or None if it does."""
    row = registry_signature(session, version)
    if version.sealed_at is None or row is None:
        return (
            "the version has no registry signature over its digest (the registry signs every "
            "version when it is sealed); it cannot be deployed"
        )
    verdict = verify_manifest_signature(
        row.bundle, public_key_pem, f"{model.full_name}@{version.version}", build_manifest(entries)
    )
    if verdict.valid:
        return None
    return f"the registry signature does not verify: {verdict.reason}"


def approving_users(session: Session, promotion_id: str) -> list[str]:
    """User ids of the approvals (not rejections) of a promotion, in the order given."""
    return list(
        session.execute(
            select(ApprovalRow.approver_id)
            .where(ApprovalRow.promotion_id == promotion_id, ApprovalRow.decision == "approve")
            .order_by(ApprovalRow.created_at, ApprovalRow.id)
        ).scalars()
    )


def attest(
    uow: UnitOfWork,
    key: RegistryKey,
    model: ModelRow,
    version: VersionRow,
    promo: PromotionRow,
    decision: DecisionRow,
    approver_ids: list[str],
) -> AttestationRow:
    """Sign and store the attestation of an executed promotion, and audit it."""
    if version.sealed_at is None or not promo.version_digest:
        raise WrongState(
            f"version '{model.full_name}@{version.version}' is not sealed, so it has no final "
            "digest to attest; submit it for review first"
        )
    subject = f"{model.full_name}@{version.version}"
    statement = build_statement(
        subject_name=subject,
        version_digest=promo.version_digest,
        decision_id=decision.id,
        approvers=approver_ids,
        policy_digest=promo.policy_digest,
        stage=promo.target_stage,
        issued_at=utcnow(),
    )
    envelope = sign_envelope(statement, key)
    row = AttestationRow(
        id=new_id(),
        version_id=version.id,
        version_digest=promo.version_digest,
        promotion_id=promo.id,
        decision_id=decision.id,
        stage=promo.target_stage,
        keyid=key.keyid,
        envelope=json.dumps(envelope, sort_keys=True, separators=(",", ":")),
        created_at=utcnow(),
    )
    uow.session.add(row)
    uow.audit(
        "attestation.signed",
        f"version:{subject}",
        {
            "attestation_id": row.id,
            "promotion_id": promo.id,
            "decision_id": decision.id,
            "stage": promo.target_stage,
            "digest": promo.version_digest,
            "keyid": key.keyid,
            "approvers": approver_ids,
        },
    )
    return row


def check_attestation(
    envelope: object, public_key_pem: bytes, subject: str, digest: str
) -> tuple[bool, dict[str, Any] | None, str | None]:
    """Verify an envelope under the registry key and that it names `subject` at `digest`.

    Returns (valid, statement, reason); the statement is given whenever the signature verifies.
    """
    verdict = verify_envelope(envelope, [public_key_pem])
    if not verdict.valid or verdict.statement is None:
        return False, None, verdict.reason
    named = verdict.statement["subject"][0]
    if named["name"] != subject:
        return False, verdict.statement, f"attests {named['name']}, not {subject}"
    if named["digest"]["sha256"] != digest:
        return (
            False,
            verdict.statement,
            f"attests digest {named['digest']['sha256']}, but the version digest is {digest}",
        )
    return True, verdict.statement, None
