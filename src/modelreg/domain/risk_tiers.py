"""Risk tiers: their order, and who may lower one (lowering loosens every governance rule)."""

from __future__ import annotations

from modelreg.domain.access import Principal, Role
from modelreg.domain.errors import PermissionDenied, invalid

TIERS = ("low", "medium", "high")
_RANK = {tier: rank for rank, tier in enumerate(TIERS)}

# States of a tier change. A raise is applied at once; a lowering waits for MRC.
APPLIED, PENDING, APPROVED = "applied", "pending", "approved"
REJECTED, WITHDRAWN, SUPERSEDED = "rejected", "withdrawn", "superseded"
TIER_CHANGE_STATES = (APPLIED, PENDING, APPROVED, REJECTED, WITHDRAWN, SUPERSEDED)


def rank(tier: str) -> int:
    """Position of `tier` in low < medium < high; 422 for an unknown tier."""
    try:
        return _RANK[tier]
    except KeyError:
        raise invalid("risk_tier", f"unknown risk tier {tier!r}: use {', '.join(TIERS)}") from None


def is_lowering(current: str, wanted: str) -> bool:
    """True when `wanted` is a lower tier than `current`."""
    return rank(wanted) < rank(current)


def highest(*tiers: str) -> str:
    """The highest of the given tiers: a promotion is judged against the highest it has seen."""
    return max(tiers, key=rank)


def check_may_decide_lowering(
    principal: Principal, *, requested_by: str, owners: set[str], model: str
) -> None:
    """403 unless the caller holds `mrc`, owns nothing of the model and did not ask for it."""
    if Role.MRC not in principal.roles:
        raise PermissionDenied(
            "lowering a risk tier is decided by model risk & compliance: it needs the mrc role"
        )
    if principal.user_id == requested_by:
        raise PermissionDenied("separation of duties: you cannot decide your own tier change")
    if principal.user_id in owners:
        raise PermissionDenied(
            f"separation of duties: you own '{model}', so you cannot decide its tier change"
        )
