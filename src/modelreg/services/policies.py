"""Policy sets: stored versions, the active one, dry runs, and how a decision is reached."""

from __future__ import annotations

import copy
import threading
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from modelreg import policy
from modelreg.domain.access import Principal
from modelreg.domain.errors import NotFound, invalid
from modelreg.domain.ids import new_id
from modelreg.domain.names import ModelName
from modelreg.schemas.governance import (
    DryRunRequest,
    DryRunResult,
    PolicySetRead,
    PromotionState,
    RuleResultRead,
)
from modelreg.services.catalog import load_model, resolve_version
from modelreg.services.policy_input import build_input
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.storage.tables import PolicySetRow
from modelreg.storage.types import utcnow

SYSTEM = "system"


def decide(compiled: policy.CompiledPolicySet, document: dict[str, Any]) -> tuple[str, list[Any]]:
    """Evaluate every applicable rule and turn the results into a promotion state.

    Blocked only by missing approvals means `awaiting_approval`: the same rules are evaluated
    again as if the approvals were complete, and if that passes, approvals are all that is
    missing. Replays run this same function, so they reach the same state.
    """
    results = compiled.evaluate(document)
    if policy.outcome(results) == "pass":
        return PromotionState.APPROVED.value, results
    if not document["approval_status"].get("satisfied", True):
        assumed = copy.deepcopy(document)
        assumed["approval_status"].update(satisfied=True, missing_roles=[])
        if policy.outcome(compiled.evaluate(assumed)) == "pass":
            return PromotionState.AWAITING_APPROVAL.value, results
    return PromotionState.BLOCKED.value, results


def result_reads(results: list[Any]) -> list[RuleResultRead]:
    """Rule results as response documents."""
    return [RuleResultRead(**asdict(r)) for r in results]


def _read(row: PolicySetRow) -> PolicySetRead:
    return PolicySetRead(
        number=row.number,
        name=row.name,
        digest=row.digest,
        active=row.active,
        text=row.text,
        created_at=row.created_at,
        created_by=row.created_by,
    )


_COMPILED: dict[str, policy.CompiledPolicySet] = {}
_COMPILED_LOCK = threading.Lock()


def compiled_for(row: PolicySetRow) -> policy.CompiledPolicySet:
    """The compiled form of a stored policy-set version.

    Stored versions never change, so their digest names them: parsing and validating the YAML
    (tens of milliseconds) happens once per process, not on every evaluation.
    """
    with _COMPILED_LOCK:
        compiled = _COMPILED.get(row.digest)
    if compiled is None:
        compiled = policy.get_compiled(policy.parse_policy(row.text))
        with _COMPILED_LOCK:
            _COMPILED[row.digest] = compiled
    return compiled


class PolicyService:
    """Use cases on policy sets."""

    def __init__(self, tx: Transactions, *, block_severity: str) -> None:
        self.tx = tx
        # Findings at or above this severity block (see domain/security_findings.py).
        self.block_severity = block_severity

    def ensure_active(self, uow: UnitOfWork) -> PolicySetRow:
        """The active policy set; the default pack is installed on first use (audited)."""
        row = self._active(uow.session)
        if row is None:
            row = self._activate(uow, policy.DEFAULT_PACK_TEXT, actor=SYSTEM)
        return row

    def _active(self, session: Session) -> PolicySetRow | None:
        return session.execute(
            select(PolicySetRow).where(PolicySetRow.active.is_(True)).with_for_update()
        ).scalar_one_or_none()

    def _activate(self, uow: UnitOfWork, text: str, *, actor: str) -> PolicySetRow:
        document = policy.parse_policy(text)
        policy.get_compiled(document)  # compile now: a bad rule never reaches a promotion
        s = uow.session
        s.execute(update(PolicySetRow).where(PolicySetRow.active.is_(True)).values(active=False))
        number = (s.execute(select(func.max(PolicySetRow.number))).scalar_one() or 0) + 1
        row = PolicySetRow(
            id=new_id(),
            number=number,
            name=document.name,
            text=text,
            digest=policy.policy_digest(document),
            active=True,
            created_at=utcnow(),
            created_by=actor,
        )
        s.add(row)
        s.flush()
        uow.audit(
            "policy.activated",
            f"policy-set:{number}",
            {"digest": row.digest, "name": row.name, "rules": [r.id for r in document.rules]},
        )
        uow.emit("policy.activated", {"number": number, "digest": row.digest})
        return row

    def upload(self, principal: Principal, text: str) -> PolicySetRead:
        """Validate, store and activate a new policy-set version."""
        with self.tx.write(principal.user_id) as uow:
            return _read(self._activate(uow, text, actor=principal.user_id))

    def active(self) -> PolicySetRead:
        """The active policy-set version (installing the default pack if none exists)."""
        with self.tx.write(SYSTEM) as uow:
            return _read(self.ensure_active(uow))

    def list_versions(self) -> list[PolicySetRead]:
        """Every policy-set version, newest first."""
        with self.tx.read() as s:
            rows = s.execute(select(PolicySetRow).order_by(PolicySetRow.number.desc())).scalars()
            return [_read(r) for r in rows]

    def get_version(self, number: int) -> PolicySetRead:
        """One policy-set version by number."""
        with self.tx.read() as s:
            row = s.execute(
                select(PolicySetRow).where(PolicySetRow.number == number)
            ).scalar_one_or_none()
            if row is None:
                raise NotFound(f"policy-set version {number} does not exist")
            return _read(row)

    def dry_run(self, principal: Principal, request: DryRunRequest) -> DryRunResult:
        """Evaluate a draft policy against a version; records and decides nothing."""
        document = policy.parse_policy(request.text)
        compiled = policy.get_compiled(document)
        try:
            name = ModelName.parse(request.model)
        except ValueError:
            raise invalid("model", "expected group/name") from None
        with self.tx.read() as s:
            model = load_model(s, name.group, name.name)
            version = resolve_version(s, model, request.version)
            status = policy.approval_status(
                document.approvals, request.target_stage.value, model.risk_tier, []
            )
            doc = build_input(
                s,
                model=model,
                version=version,
                target_stage=request.target_stage.value,
                requester=principal,
                approvals=[],
                approval_status=status,
                block_severity=self.block_severity,
            )
        state, results = decide(compiled, doc)
        return DryRunResult(
            policy_digest=policy.policy_digest(document),
            outcome=state,
            results=result_reads(results),
            input=doc,
        )
