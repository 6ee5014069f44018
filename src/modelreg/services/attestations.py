"""Registry attestations: a signed in-toto statement per version promoted to staging or production.

The statement names the version (`group/name@version`) and its digest, the decision that
approved it, the approvers, the policy digest and the stage. It is signed with the registry's
ECDSA P-256 key (kept at `MODELREG_HOME/keys/attestation.pem`) in the promotion's transaction,
so a version never reaches staging or production without its attestation.
"""

from __future__ import annotations

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
from modelreg.services.uow import UnitOfWork
from modelreg.signing import RegistryKey, build_statement, sign_envelope, verify_envelope
from modelreg.storage.tables import (
    ApprovalRow,
    AttestationRow,
    DecisionRow,
    ModelRow,
    PromotionRow,
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
