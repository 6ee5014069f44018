"""Whether the approvals a version has collected cover what its target stage requires."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from modelreg.policy.document import ApprovalRequirement


def requirement_for(
    requirements: Iterable[ApprovalRequirement], stage: str
) -> ApprovalRequirement | None:
    """The approval requirement of `stage`, or None when the stage needs no approvals."""
    return next((r for r in requirements if r.stage == stage), None)


def _match(
    roles: Sequence[str],
    approvers_by_role: Mapping[str, set[str]],
    used: set[str],
) -> list[str]:
    """Largest set of roles that distinct approvers can cover (backtracking; roles are few).

    Returns the roles left uncovered by the best assignment found.
    """
    if not roles:
        return []
    role, rest = roles[0], roles[1:]
    best: list[str] | None = None
    for person in sorted(approvers_by_role.get(role, set()) - used):
        used.add(person)
        missing = _match(rest, approvers_by_role, used)
        used.discard(person)
        if best is None or len(missing) < len(best):
            best = missing
        if not best:
            return best
    # Leaving this role uncovered may free a person that a later role needs more.
    skipped = [role, *_match(rest, approvers_by_role, used)]
    if best is None or len(skipped) < len(best):
        best = skipped
    return best


def approval_status(
    requirements: Iterable[ApprovalRequirement],
    stage: str,
    risk_tier: str,
    approvals: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """Compute the input document's `approval_status` for a promotion to `stage`."""
    approvals = list(approvals)
    # Only approving decisions count; a rejection is recorded but never covers a role, nor
    # does an approval whose approver may no longer give it (`counts` false).
    approving = [
        a for a in approvals if a.get("decision") == "approve" and a.get("counts", True) is True
    ]
    approvers_by_role: dict[str, set[str]] = {}
    for record in approving:
        approvers_by_role.setdefault(str(record.get("role")), set()).add(
            str(record.get("approver"))
        )
    distinct = len({str(a.get("approver")) for a in approving})
    requirement = requirement_for(requirements, stage)
    if requirement is None or not requirement.required_roles:
        return {
            "required_roles": [],
            "satisfied": True,
            "missing_roles": [],
            "two_person": False,
            "distinct_approvers": distinct,
        }
    required = list(requirement.required_roles)
    two_person = risk_tier in requirement.two_person_tiers
    if two_person:
        # Each role needs its own person: one person holding both roles cannot approve twice.
        missing = set(_match(required, approvers_by_role, set()))
    else:
        missing = {role for role in required if not approvers_by_role.get(role)}
    missing_roles = [role for role in required if role in missing]
    return {
        "required_roles": required,
        "satisfied": not missing_roles,
        "missing_roles": missing_roles,
        "two_person": two_person,
        "distinct_approvers": distinct,
    }
