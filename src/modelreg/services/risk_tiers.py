"""Risk-tier changes: raising applies at once, lowering only after an MRC decision.

Every approval rule keys off the tier, so a tier its owner could lower at will would switch
the two-person rule off. A lowering is therefore a request that someone with `mrc`, who
neither owns the model nor asked, approves or rejects; until then the old tier applies.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.errors import Conflict, ModelregError, NotFound, WrongState, invalid
from modelreg.domain.ids import new_id
from modelreg.domain.risk_tiers import (
    APPLIED,
    APPROVED,
    PENDING,
    REJECTED,
    SUPERSEDED,
    WITHDRAWN,
    check_may_decide_lowering,
    is_lowering,
)
from modelreg.schemas.risk_tiers import (
    RiskTierChangeCreate,
    RiskTierChangeRead,
    RiskTierDecision,
)
from modelreg.services.catalog import load_model, owner_ids, pending_tier_changes, require_change
from modelreg.services.promotions import PromotionService
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.storage.tables import ModelRow, RiskTierChangeRow
from modelreg.storage.types import utcnow


def _subject(model: ModelRow) -> str:
    return f"model:{model.full_name}"


class RiskTierService:
    """Use cases on a model's risk tier."""

    def __init__(self, tx: Transactions, promotions: PromotionService) -> None:
        self.tx = tx
        self.promotions = promotions

    def request_change(
        self, principal: Principal, group: str, name: str, data: RiskTierChangeCreate
    ) -> RiskTierChangeRead:
        """Raise the tier at once, or ask MRC to approve a lowering (owners and admins)."""
        wanted = data.risk_tier.value
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name, lock=True)
            require_change(s, principal, model)
            if wanted == model.risk_tier:
                raise invalid("risk_tier", f"'{model.full_name}' is already {wanted}")
            if not is_lowering(model.risk_tier, wanted):
                change = self.raise_tier(uow, model, wanted, reason=data.reason)
                return _read(model, change)
            pending = pending_tier_changes(s, [model.id]).get(model.id)
            if pending is not None:
                raise Conflict(
                    f"a lowering of '{model.full_name}' to {pending.to_tier} already awaits MRC "
                    f"(change {pending.id}); withdraw it first",
                    extra={"change_id": pending.id},
                )
            change = self._new_change(uow, model, wanted, PENDING, data.reason)
            uow.audit(
                "model.risk_tier_change_requested",
                _subject(model),
                {
                    "change_id": change.id,
                    "from": model.risk_tier,
                    "to": wanted,
                    "reason": data.reason,
                },
            )
            uow.emit(
                "model.risk_tier_change_requested",
                {"change_id": change.id, "model": model.full_name, "to": wanted},
            )
            return _read(model, change)

    def raise_tier(
        self, uow: UnitOfWork, model: ModelRow, wanted: str, *, reason: str
    ) -> RiskTierChangeRow:
        """Apply a higher tier in the caller's transaction; a pending lowering is superseded."""
        s = uow.session
        pending = pending_tier_changes(s, [model.id]).get(model.id)
        if pending is not None:
            pending.state, pending.decided_at = SUPERSEDED, utcnow()
            pending.decided_by, pending.rationale = uow.actor, f"the tier was raised to {wanted}"
            uow.audit(
                "model.risk_tier_change_superseded",
                _subject(model),
                {"change_id": pending.id, "raised_to": wanted},
            )
        change = self._new_change(uow, model, wanted, APPLIED, reason)
        previous = model.risk_tier
        self._apply(uow, model, wanted)
        uow.audit(
            "model.risk_tier_raised",
            _subject(model),
            {"change_id": change.id, "from": previous, "to": wanted, "reason": reason},
        )
        self.promotions.reevaluate_for_model(uow, model, previous=previous)
        return change

    def decide(
        self, principal: Principal, change_id: str, data: RiskTierDecision
    ) -> RiskTierChangeRead:
        """MRC approves (the lower tier applies now) or rejects a requested lowering."""
        try:
            with self.tx.write(principal.user_id) as uow:
                return self._decide(uow, principal, change_id, data)
        except ModelregError as exc:
            if not isinstance(exc, NotFound):
                # A refused decision is evidence too: who tried to lower a tier, and why not.
                with self.tx.write(principal.user_id) as uow:
                    uow.audit(
                        "model.risk_tier_decision_refused",
                        f"risk_tier_change:{change_id}",
                        {"reason": exc.detail},
                    )
            raise

    def _decide(
        self, uow: UnitOfWork, principal: Principal, change_id: str, data: RiskTierDecision
    ) -> RiskTierChangeRead:
        s = uow.session
        change, model = self._load_pending(s, change_id)
        check_may_decide_lowering(
            principal,
            requested_by=change.requested_by,
            owners=owner_ids(s, model.id),
            model=model.full_name,
        )
        change.decided_by, change.decided_at = principal.user_id, utcnow()
        change.rationale = data.rationale
        details = {
            "change_id": change.id,
            "from": change.from_tier,
            "to": change.to_tier,
            "requested_by": change.requested_by,
            "reason": change.reason,
            "decided_by": principal.user_id,
            "rationale": data.rationale,
        }
        if data.decision == "reject":
            change.state = REJECTED
            uow.audit("model.risk_tier_change_rejected", _subject(model), details)
            uow.emit(
                "model.risk_tier_change_rejected",
                {"change_id": change.id, "model": model.full_name},
            )
            return _read(model, change)
        change.state = APPROVED
        self._apply(uow, model, change.to_tier)
        uow.audit("model.risk_tier_lowered", _subject(model), details)
        uow.emit(
            "model.risk_tier_lowered",
            {"change_id": change.id, "model": model.full_name, "to": change.to_tier},
        )
        # Pending reviews keep the higher tier; recording the re-evaluation shows they did.
        self.promotions.reevaluate_for_model(uow, model, previous=change.from_tier)
        return _read(model, change)

    def withdraw(self, principal: Principal, change_id: str) -> RiskTierChangeRead:
        """An owner (or admin) takes back a lowering MRC has not decided."""
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            change, model = self._load_pending(s, change_id)
            require_change(s, principal, model)
            change.state, change.decided_at = WITHDRAWN, utcnow()
            change.decided_by = principal.user_id
            uow.audit(
                "model.risk_tier_change_withdrawn",
                _subject(model),
                {"change_id": change.id, "to": change.to_tier},
            )
            return _read(model, change)

    def list_changes(self, group: str, name: str) -> list[RiskTierChangeRead]:
        """Every tier change of a model, newest first."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            rows = s.execute(
                select(RiskTierChangeRow)
                .where(RiskTierChangeRow.model_id == model.id)
                .order_by(RiskTierChangeRow.requested_at.desc(), RiskTierChangeRow.id.desc())
            ).scalars()
            return [_read(model, row) for row in rows]

    def get(self, change_id: str) -> RiskTierChangeRead:
        """One tier change."""
        with self.tx.read() as s:
            change = s.get(RiskTierChangeRow, change_id)
            if change is None:
                raise NotFound(f"risk tier change {change_id!r} does not exist")
            model = s.get(ModelRow, change.model_id)
            assert model is not None
            return _read(model, change)

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _load_pending(s: Session, change_id: str) -> tuple[RiskTierChangeRow, ModelRow]:
        change = s.execute(
            select(RiskTierChangeRow).where(RiskTierChangeRow.id == change_id).with_for_update()
        ).scalar_one_or_none()
        if change is None:
            raise NotFound(f"risk tier change {change_id!r} does not exist")
        model = s.execute(
            select(ModelRow).where(ModelRow.id == change.model_id).with_for_update()
        ).scalar_one()
        if change.state != PENDING:
            raise WrongState(
                f"risk tier change {change_id} is {change.state}; only a pending one can be "
                "decided or withdrawn"
            )
        return change, model

    @staticmethod
    def _new_change(
        uow: UnitOfWork, model: ModelRow, wanted: str, state: str, reason: str
    ) -> RiskTierChangeRow:
        change = RiskTierChangeRow(
            id=new_id(),
            model_id=model.id,
            from_tier=model.risk_tier,
            to_tier=wanted,
            state=state,
            reason=reason,
            requested_by=uow.actor,
            requested_at=utcnow(),
        )
        uow.session.add(change)
        uow.session.flush()
        return change

    @staticmethod
    def _apply(uow: UnitOfWork, model: ModelRow, tier: str) -> None:
        model.risk_tier, model.updated_at = tier, utcnow()
        uow.session.flush()


def _read(model: ModelRow, change: RiskTierChangeRow) -> RiskTierChangeRead:
    return RiskTierChangeRead.model_validate(
        {
            "id": change.id,
            "model": model.full_name,
            "from_tier": change.from_tier,
            "to_tier": change.to_tier,
            "state": change.state,
            "reason": change.reason,
            "requested_by": change.requested_by,
            "requested_at": change.requested_at,
            "decided_by": change.decided_by,
            "decided_at": change.decided_at,
            "rationale": change.rationale,
        }
    )
