"""Promotion requests and approvals: policy gates, separation of duties, the two-person rule."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from modelreg import policy
from modelreg.domain.access import Principal, Role
from modelreg.domain.audit_chain import format_time
from modelreg.domain.canonical import canonical_json, sha256_hex
from modelreg.domain.errors import (
    Conflict,
    ModelregError,
    NotFound,
    PermissionDenied,
    WrongState,
    invalid,
)
from modelreg.domain.ids import new_id
from modelreg.domain.lifecycle import check_transition, rejection_stage, seals_on_entry
from modelreg.domain.risk_tiers import highest
from modelreg.schemas.governance import (
    ApprovalCreate,
    ApprovalRead,
    PromotionCreate,
    PromotionRead,
    PromotionState,
)
from modelreg.services.attestations import (
    ATTESTED_STAGES,
    RegistryKeySource,
    approving_users,
    attest,
)
from modelreg.services.catalog import (
    load_model,
    owner_ids,
    require_change,
    resolve_version,
    version_subject,
)
from modelreg.services.notifications import notify_blocking
from modelreg.services.policies import PolicyService, compiled_for, decide, result_reads
from modelreg.services.policy_input import build_input
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.services.user_names import usernames
from modelreg.services.versions import seal_row
from modelreg.storage.tables import (
    ApprovalRow,
    DecisionRow,
    ModelRow,
    PolicySetRow,
    PromotionRow,
    StageHistoryRow,
    UserRoleRow,
    UserRow,
    VersionRow,
)
from modelreg.storage.types import utcnow


def record_stage(
    uow: UnitOfWork,
    version: VersionRow,
    stage: str,
    *,
    rationale: str,
    promotion_id: str | None = None,
    decision_id: str | None = None,
) -> None:
    """Move a version to `stage` and keep the history row of it."""
    uow.session.add(
        StageHistoryRow(
            id=new_id(),
            version_id=version.id,
            from_stage=version.stage,
            stage=stage,
            entered_at=utcnow(),
            actor=uow.actor,
            rationale=rationale,
            promotion_id=promotion_id,
            decision_id=decision_id,
        )
    )
    version.stage = stage
    version.updated_at = utcnow()


class PromotionService:
    """Use cases on promotion requests."""

    def __init__(
        self, tx: Transactions, policies: PolicyService, attestation_key: RegistryKeySource
    ) -> None:
        self.tx = tx
        self.policies = policies
        self.attestation_key = attestation_key

    # -- requesting ---------------------------------------------------------------------

    def request(
        self, principal: Principal, group: str, name: str, version: str, data: PromotionCreate
    ) -> PromotionRead:
        """Create a promotion request, evaluate the policy, and execute it if nothing is missing."""
        target = data.target_stage.value
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            check_transition(row.stage, target)
            policy_row = self.policies.ensure_active(uow)
            self._supersede_stale(uow, model, row, policy_row)
            if seals_on_entry(target) and row.sealed_at is None:
                seal_row(uow, model, row, self.attestation_key.get())
            now = utcnow()
            promo = PromotionRow(
                id=new_id(),
                version_id=row.id,
                from_stage=row.stage,
                target_stage=target,
                state=PromotionState.BLOCKED.value,
                rationale=data.rationale,
                requested_by=principal.user_id,
                risk_tier=model.risk_tier,
                owner_ids=sorted(owner_ids(s, model.id)),
                version_digest=row.manifest_digest or "",
                policy_set_id=policy_row.id,
                policy_digest=policy_row.digest,
                created_at=now,
                updated_at=now,
            )
            s.add(promo)
            s.flush()
            uow.audit(
                "promotion.requested",
                version_subject(model, row),
                {
                    "promotion_id": promo.id,
                    "from": row.stage,
                    "to": target,
                    "digest": promo.version_digest,
                    "policy_digest": promo.policy_digest,
                },
            )
            uow.emit(
                "promotion.requested",
                {
                    "promotion_id": promo.id,
                    "model": model.full_name,
                    "version": row.version,
                    "to": target,
                },
            )
            self._judge(uow, promo, model, row, policy_row, trigger="requested")
            s.flush()
            return self._read(s, promo)

    def _supersede_stale(
        self, uow: UnitOfWork, model: ModelRow, version: VersionRow, active: PolicySetRow
    ) -> None:
        """Refuse a second pending request, unless the pending one can no longer be approved."""
        pending = uow.session.execute(
            select(PromotionRow)
            .where(
                PromotionRow.version_id == version.id,
                PromotionRow.state == PromotionState.AWAITING_APPROVAL.value,
            )
            .with_for_update()
        ).scalar_one_or_none()
        if pending is None:
            return
        reason = stale_reason(pending, model, version, active)
        if reason is None:
            raise Conflict(
                f"promotion {pending.id} of this version is still awaiting approval; "
                "wait for it or have it rejected first",
                extra={"promotion_id": pending.id},
            )
        # A stale request can never be approved; without this, it would block the version.
        pending.state, pending.updated_at = PromotionState.SUPERSEDED.value, utcnow()
        uow.audit(
            "promotion.superseded",
            version_subject(model, version),
            {"promotion_id": pending.id, "reason": reason},
        )
        uow.emit("promotion.superseded", {"promotion_id": pending.id})

    # -- approving ----------------------------------------------------------------------

    def decide(
        self, principal: Principal, promotion_id: str, data: ApprovalCreate
    ) -> PromotionRead:
        """Record an approval or rejection; refusals are audited and never counted."""
        try:
            with self.tx.write(principal.user_id) as uow:
                return self._decide(uow, principal, promotion_id, data)
        except IntegrityError:
            # Two parallel approvals by the same person: the unique constraint kept one.
            self._audit_refusal(principal, promotion_id, "a parallel verdict in the same role")
            raise Conflict("you have already decided on this promotion in that role") from None
        except ModelregError as exc:
            if not isinstance(exc, NotFound):
                self._audit_refusal(principal, promotion_id, exc.detail)
            raise

    def _decide(
        self, uow: UnitOfWork, principal: Principal, promotion_id: str, data: ApprovalCreate
    ) -> PromotionRead:
        s = uow.session
        promo = s.execute(
            select(PromotionRow).where(PromotionRow.id == promotion_id).with_for_update()
        ).scalar_one_or_none()
        if promo is None:
            raise NotFound(f"promotion {promotion_id!r} does not exist")
        if promo.state != PromotionState.AWAITING_APPROVAL.value:
            raise WrongState(
                f"promotion {promotion_id} is {promo.state}; approvals are accepted only while it "
                "awaits approval"
                + (
                    " (fix the blocking rules and request again)"
                    if promo.state == PromotionState.BLOCKED.value
                    else ""
                )
            )
        version = s.execute(
            select(VersionRow).where(VersionRow.id == promo.version_id).with_for_update()
        ).scalar_one()
        model = s.get(ModelRow, version.model_id)
        assert model is not None
        if principal.user_id == promo.requested_by:
            raise PermissionDenied("separation of duties: you cannot approve your own request")
        if principal.user_id in set(promo.owner_ids) | owner_ids(s, model.id):
            raise PermissionDenied(
                f"separation of duties: you own '{model.full_name}', so you cannot approve "
                "its promotion"
            )
        policy_row = s.get(PolicySetRow, promo.policy_set_id)
        assert policy_row is not None
        role = self._approver_role(compiled_for(policy_row), promo, model, principal, data.role)
        if s.execute(
            select(ApprovalRow.id).where(
                ApprovalRow.promotion_id == promo.id,
                ApprovalRow.approver_id == principal.user_id,
                ApprovalRow.role == role,
            )
        ).first():
            raise Conflict(f"you have already decided on this promotion as {role}")
        # Rejecting never loosens anything, so it stays possible on a stale request.
        if data.decision == "approve":
            reason = stale_reason(promo, model, version, self.policies.ensure_active(uow))
            if reason is not None:
                raise Conflict(
                    f"{reason}; request the promotion again (the new request supersedes this one)"
                )
        s.add(
            ApprovalRow(
                id=new_id(),
                promotion_id=promo.id,
                approver_id=principal.user_id,
                role=role,
                decision=data.decision,
                rationale=data.rationale,
                version_digest=promo.version_digest,
                policy_digest=promo.policy_digest,
                created_at=utcnow(),
            )
        )
        s.flush()
        subject = version_subject(model, version)
        details = {
            "promotion_id": promo.id,
            "role": role,
            "rationale": data.rationale,
            "digest": promo.version_digest,
            "policy_digest": promo.policy_digest,
        }
        if data.decision == "reject":
            uow.audit("promotion.rejected", subject, details)
            promo.state, promo.updated_at = PromotionState.REJECTED.value, utcnow()
            decision = self._record(
                uow, promo, model, version, policy_row, "rejection", PromotionState.REJECTED.value
            )
            turned_down = rejection_stage(version.stage)
            if turned_down:
                record_stage(
                    uow,
                    version,
                    turned_down,
                    rationale=data.rationale,
                    promotion_id=promo.id,
                    decision_id=decision.id,
                )
                uow.audit(
                    "version.stage_changed",
                    subject,
                    {"from": promo.from_stage, "to": turned_down, "promotion_id": promo.id},
                )
            uow.emit(
                "promotion.rejected",
                {"promotion_id": promo.id, "model": model.full_name, "version": version.version},
            )
        else:
            uow.audit("promotion.approved", subject, details)
            uow.emit("promotion.approved", {"promotion_id": promo.id, "role": role})
            self._judge(uow, promo, model, version, policy_row, trigger="approval")
        s.flush()
        return self._read(s, promo)

    def _approver_role(
        self,
        compiled: policy.CompiledPolicySet,
        promo: PromotionRow,
        model: ModelRow,
        principal: Principal,
        asked: Role | None,
    ) -> str:
        required = policy.approval_status(
            compiled.document.approvals, promo.target_stage, promo.risk_tier, []
        )["required_roles"]
        held = sorted(r.value for r in principal.roles if r.value in required)
        if not held:
            raise PermissionDenied(
                f"approving a promotion to {promo.target_stage} needs one of the roles "
                f"{', '.join(required) or '(none: no approval is required)'}"
            )
        if asked is not None:
            if asked.value not in held:
                raise PermissionDenied(
                    f"you cannot approve as {asked.value}: you hold {', '.join(held)} of the "
                    f"required roles {', '.join(required)}"
                )
            return asked.value
        if len(held) > 1:
            raise invalid(
                "role",
                f"you hold several required roles ({', '.join(held)}): "
                "say which one you approve as",
            )
        return held[0]

    def _audit_refusal(self, principal: Principal, promotion_id: str, reason: str) -> None:
        with self.tx.write(principal.user_id) as uow:
            uow.audit("promotion.approval_refused", f"promotion:{promotion_id}", {"reason": reason})

    # -- evaluation and execution ---------------------------------------------------------

    def reevaluate_for_model(self, uow: UnitOfWork, model: ModelRow, *, previous: str) -> None:
        """Re-judge every review of the model's versions after its risk tier changed.

        Each keeps the highest tier it has seen, so a raise tightens it at once and a lowering
        approved mid-review leaves it as strict as it was.
        """
        self._rejudge(
            uow,
            model,
            VersionRow.model_id == model.id,
            trigger="risk_tier_changed",
            details={"reason": f"risk tier changed from {previous} to {model.risk_tier}"},
        )

    def _judge(
        self,
        uow: UnitOfWork,
        promo: PromotionRow,
        model: ModelRow,
        version: VersionRow,
        policy_row: PolicySetRow,
        *,
        trigger: str,
    ) -> None:
        decision = self._record(uow, promo, model, version, policy_row, trigger, None)
        promo.state, promo.updated_at = decision.outcome, utcnow()
        subject = version_subject(model, version)
        if decision.outcome == PromotionState.BLOCKED.value:
            reasons = [r for r in decision.results if not r["passed"] and r["severity"] == "block"]
            uow.audit(
                "promotion.blocked",
                subject,
                {
                    "promotion_id": promo.id,
                    "decision_id": decision.id,
                    "reasons": [
                        {"rule": r["rule_id"], "message": r["message"], "error": r["error"]}
                        for r in reasons
                    ],
                },
            )
            uow.emit(
                "promotion.blocked",
                {"promotion_id": promo.id, "rules": [r["rule_id"] for r in reasons]},
            )
            blocking = json.loads(decision.input_json)["scans"]["blocking"]
            if blocking:
                notify_blocking(uow, model, version, blocking, reason="promotion")
        elif decision.outcome == PromotionState.APPROVED.value:
            self._execute(uow, promo, model, version, decision)

    def _execute(
        self,
        uow: UnitOfWork,
        promo: PromotionRow,
        model: ModelRow,
        version: VersionRow,
        decision: DecisionRow,
    ) -> None:
        if version.stage != promo.from_stage:
            raise Conflict("the version moved to another stage meanwhile; request again")
        record_stage(
            uow,
            version,
            promo.target_stage,
            rationale=promo.rationale,
            promotion_id=promo.id,
            decision_id=decision.id,
        )
        promo.state, promo.updated_at = PromotionState.EXECUTED.value, utcnow()
        uow.audit(
            "promotion.executed",
            version_subject(model, version),
            {
                "promotion_id": promo.id,
                "decision_id": decision.id,
                "from": promo.from_stage,
                "to": promo.target_stage,
                "digest": promo.version_digest,
                "policy_digest": promo.policy_digest,
            },
        )
        uow.emit(
            "promotion.executed",
            {
                "promotion_id": promo.id,
                "model": model.full_name,
                "version": version.version,
                "to": promo.target_stage,
                "digest": promo.version_digest,
            },
        )
        if promo.target_stage in ATTESTED_STAGES:
            # Signed in this transaction: no version reaches the stage without its attestation.
            approvers = approving_users(uow.session, promo.id)
            attest(uow, self.attestation_key.get(), model, version, promo, decision, approvers)

    def _record(
        self,
        uow: UnitOfWork,
        promo: PromotionRow,
        model: ModelRow,
        version: VersionRow,
        policy_row: PolicySetRow,
        trigger: str,
        forced: str | None,
    ) -> DecisionRow:
        """Evaluate and write the decision record (input, policy version, results, outcome)."""
        s = uow.session
        compiled = compiled_for(policy_row)
        # Judged against the highest tier held since the request: lowering never loosens a
        # review already under way.
        promo.risk_tier = highest(promo.risk_tier, model.risk_tier)
        approvals = standing_approvals(s, promo, model.id, self.approval_inputs(s, promo.id))
        status = policy.approval_status(
            compiled.document.approvals, promo.target_stage, promo.risk_tier, approvals
        )
        requester_roles = sorted(
            s.execute(
                select(UserRoleRow.role).where(UserRoleRow.user_id == promo.requested_by)
            ).scalars()
        )
        document = build_input(
            s,
            model=model,
            version=version,
            risk_tier=promo.risk_tier,
            target_stage=promo.target_stage,
            requester={"id": promo.requested_by, "roles": requester_roles},
            approvals=approvals,
            approval_status=status,
            block_severity=self.policies.block_severity,
        )
        raw = canonical_json(document, field="input")
        # Evaluate exactly what is stored (canonical JSON writes 1.0 as 1): replay must match.
        state, results = decide(compiled, json.loads(raw))
        decision = DecisionRow(
            id=new_id(),
            promotion_id=promo.id,
            trigger=trigger,
            input_json=raw.decode(),
            input_digest=sha256_hex(raw),
            policy_set_id=policy_row.id,
            policy_digest=policy_row.digest,
            results=[r.model_dump() for r in result_reads(results)],
            approval_status=status,
            outcome=forced or state,
            actor=uow.actor,
            created_at=utcnow(),
        )
        s.add(decision)
        promo.last_decision_id = decision.id
        return decision

    @staticmethod
    def approval_inputs(session: Session, promotion_id: str) -> list[dict[str, Any]]:
        """The verdicts given on a promotion, as the policy input lists them."""
        rows = session.execute(
            select(ApprovalRow)
            .where(ApprovalRow.promotion_id == promotion_id)
            .order_by(ApprovalRow.created_at, ApprovalRow.id)
        ).scalars()
        return [
            {
                "approver": a.approver_id,
                "role": a.role,
                "decision": a.decision,
                "at": format_time(a.created_at),
            }
            for a in rows
        ]

    # -- reading --------------------------------------------------------------------------

    def get(self, promotion_id: str) -> PromotionRead:
        """One promotion request with approvals and its latest results."""
        with self.tx.read() as s:
            promo = s.get(PromotionRow, promotion_id)
            if promo is None:
                raise NotFound(f"promotion {promotion_id!r} does not exist")
            return self._read(s, promo)

    def list_for_version(self, group: str, name: str, version: str) -> list[PromotionRead]:
        """Every promotion request of a version, oldest first."""
        with self.tx.read() as s:
            row = resolve_version(s, load_model(s, group, name), version)
            promos = (
                s.execute(
                    select(PromotionRow)
                    .where(PromotionRow.version_id == row.id)
                    .order_by(PromotionRow.created_at)
                )
                .scalars()
                .all()
            )
            return self._read_many(s, promos)

    def list_pending(self, limit: int = 100) -> list[PromotionRead]:
        """Requests awaiting approval, oldest first (an approver's queue)."""
        with self.tx.read() as s:
            promos = (
                s.execute(
                    select(PromotionRow)
                    .where(PromotionRow.state == PromotionState.AWAITING_APPROVAL.value)
                    .order_by(PromotionRow.created_at)
                    .limit(limit)
                )
                .scalars()
                .all()
            )
            return self._read_many(s, promos)

    def _read(self, s: Session, promo: PromotionRow) -> PromotionRead:
        return self._read_many(s, [promo])[0]

    def _read_many(self, s: Session, promos: Sequence[PromotionRow]) -> list[PromotionRead]:
        """Promotion documents in five queries, whatever the number of promotions."""
        version_ids = {p.version_id for p in promos}
        names = {
            vid: (full_name, version)
            for vid, full_name, version in s.execute(
                select(VersionRow.id, ModelRow.full_name, VersionRow.version)
                .join(ModelRow, ModelRow.id == VersionRow.model_id)
                .where(VersionRow.id.in_(version_ids))
            )
        }
        numbers = dict(
            s.execute(
                select(PolicySetRow.id, PolicySetRow.number).where(
                    PolicySetRow.id.in_({p.policy_set_id for p in promos})
                )
            ).all()
        )
        decisions = {
            did: (results, status)
            for did, results, status in s.execute(
                select(DecisionRow.id, DecisionRow.results, DecisionRow.approval_status).where(
                    DecisionRow.id.in_({p.last_decision_id for p in promos if p.last_decision_id})
                )
            )
        }
        approval_rows = (
            s.execute(
                select(ApprovalRow)
                .where(ApprovalRow.promotion_id.in_({p.id for p in promos}))
                .order_by(ApprovalRow.created_at, ApprovalRow.id)
            )
            .scalars()
            .all()
        )
        people = usernames(
            s, [*(p.requested_by for p in promos), *(a.approver_id for a in approval_rows)]
        )
        approvals: dict[str, list[ApprovalRead]] = {p.id: [] for p in promos}
        for a in approval_rows:
            approvals[a.promotion_id].append(
                ApprovalRead(
                    approver=a.approver_id,
                    approver_name=people.get(a.approver_id),
                    role=a.role,
                    decision=a.decision,
                    rationale=a.rationale,
                    version_digest=a.version_digest,
                    policy_digest=a.policy_digest,
                    created_at=a.created_at,
                )
            )
        reads = []
        for promo in promos:
            full_name, version = names[promo.version_id]
            results, status = decisions.get(promo.last_decision_id or "", ([], {}))
            reads.append(
                PromotionRead(
                    id=promo.id,
                    model=full_name,
                    version=version,
                    from_stage=promo.from_stage,
                    target_stage=promo.target_stage,
                    state=promo.state,
                    rationale=promo.rationale,
                    requested_by=promo.requested_by,
                    requested_by_name=people.get(promo.requested_by),
                    version_digest=promo.version_digest,
                    policy_set=numbers[promo.policy_set_id],
                    policy_digest=promo.policy_digest,
                    approvals=approvals[promo.id],
                    approval_status=status,
                    results=results,
                    decision_id=promo.last_decision_id,
                    created_at=promo.created_at,
                    updated_at=promo.updated_at,
                )
            )
        return reads

    # -- re-judging after a re-check ----------------------------------------------------

    def rejudge_awaiting(
        self, uow: UnitOfWork, model: ModelRow, version: VersionRow, *, trigger: str, job_id: str
    ) -> None:
        """Judge every promotion of `version` awaiting approval again in the caller's
        transaction (a re-check settled); the approvals given so far still count."""
        self._rejudge(
            uow, model, VersionRow.id == version.id, trigger=trigger, details={"job_id": job_id}
        )

    def _rejudge(
        self,
        uow: UnitOfWork,
        model: ModelRow,
        which: ColumnElement[bool],
        *,
        trigger: str,
        details: dict[str, Any],
    ) -> None:
        """Judge the selected promotions awaiting approval again, each audited.

        Stale promotions are left alone: they can no longer be approved and the next request
        supersedes them.
        """
        s = uow.session
        awaiting = (
            s.execute(
                select(PromotionRow)
                .join(VersionRow, VersionRow.id == PromotionRow.version_id)
                .where(which, PromotionRow.state == PromotionState.AWAITING_APPROVAL.value)
                .order_by(PromotionRow.created_at)
                .with_for_update()
            )
            .scalars()
            .all()
        )
        if not awaiting:
            return
        active = self.policies.ensure_active(uow)
        for promo in awaiting:
            version = s.execute(
                select(VersionRow).where(VersionRow.id == promo.version_id).with_for_update()
            ).scalar_one()
            if stale_reason(promo, model, version, active) is not None:
                continue
            policy_row = s.get(PolicySetRow, promo.policy_set_id)
            assert policy_row is not None
            judged_before = promo.risk_tier
            self._judge(uow, promo, model, version, policy_row, trigger=trigger)
            uow.audit(
                "promotion.rejudged",
                version_subject(model, version),
                {
                    "promotion_id": promo.id,
                    "decision_id": promo.last_decision_id,
                    "trigger": trigger,
                    "state": promo.state,
                    "judged_tier_before": judged_before,
                    "judged_tier": promo.risk_tier,
                    **details,
                },
            )


def stale_reason(
    promo: PromotionRow, model: ModelRow, version: VersionRow, active: PolicySetRow
) -> str | None:
    """Why a pending promotion can no longer be approved as requested, or None."""
    if version.manifest_digest != promo.version_digest or version.stage != promo.from_stage:
        return "the version changed since this promotion was requested"
    if active.digest != promo.policy_digest:
        return (
            f"the policy set changed since this promotion was requested (now version "
            f"{active.number})"
        )
    return None


def standing_approvals(
    session: Session, promo: PromotionRow, model_id: str, approvals: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Mark each verdict with whether it still counts: its approver must still be allowed to
    give it (not disabled, still holding the role, neither requester nor an owner now)."""
    approvers = {a["approver"] for a in approvals}
    if not approvers:
        return approvals
    roles: dict[str, set[str]] = {}
    for user_id, role in session.execute(
        select(UserRoleRow.user_id, UserRoleRow.role).where(UserRoleRow.user_id.in_(approvers))
    ):
        roles.setdefault(user_id, set()).add(role)
    disabled = set(
        session.execute(
            select(UserRow.id).where(UserRow.id.in_(approvers), UserRow.disabled.is_(True))
        ).scalars()
    )
    barred = set(promo.owner_ids) | owner_ids(session, model_id) | {promo.requested_by}
    return [
        {
            **a,
            "counts": a["approver"] not in disabled
            and a["approver"] not in barred
            and a["role"] in roles.get(a["approver"], set()),
        }
        for a in approvals
    ]
